"""The position at the time of a quote, per language: the existing text becomes the English,
and where it is the speaker's English position, the speaker's Russian one becomes the
Russian. Search then reads each language's column (dialogue/search.py)."""

from importlib import import_module

from django.db import migrations, models
from django.db.models import F, Q

from dialogue.records.migration_ops import copy_into_language
from dialogue.search.engine import InstallSearch, install_sql

SEARCHED_BEFORE = import_module("statements.migrations.0007_search_every_language").SEARCHED_NOW
SEARCHED_NOW = {
    **SEARCHED_BEFORE,
    "statements.Quote": (
        ("speaker__name", "english", "A"),
        ("text", "english", "B"),
        ("translation_en", "english", "B"),
        ("translation_ru", "russian", "B"),
        ("position_at_time_en", "english", "C"),
        ("position_at_time_ru", "russian", "C"),
        ("event__title_en", "english", "C"),
        ("event__title_ru", "russian", "C"),
    ),
}


def speakers_russian_position(apps, schema_editor):
    """A quote whose position is its speaker's (in English) takes the speaker's Russian too."""
    Quote = apps.get_model("statements", "Quote")
    quotes = Quote._base_manager.filter(
        Q(position_at_time_ru__isnull=True) | Q(position_at_time_ru=""),
        position_at_time_en=F("speaker__position_en"),
    ).exclude(Q(speaker__position_ru__isnull=True) | Q(speaker__position_ru=""))
    for quote in quotes.select_related("speaker").iterator():
        Quote._base_manager.filter(pk=quote.pk).update(
            position_at_time_ru=quote.speaker.position_ru
        )


def search_single_column_again(apps, schema_editor):
    """Reversed: the triggers read the single column again, before its languages go."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in install_sql(apps, SEARCHED_BEFORE):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("statements", "0007_search_every_language"),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalquote',
            name='position_at_time_en',
            field=models.CharField(blank=True, help_text="The speaker's position on that day; kept even when their position changes.", max_length=300, null=True, verbose_name='position when speaking'),
        ),
        migrations.AddField(
            model_name='historicalquote',
            name='position_at_time_ru',
            field=models.CharField(blank=True, help_text="The speaker's position on that day; kept even when their position changes.", max_length=300, null=True, verbose_name='position when speaking'),
        ),
        migrations.AddField(
            model_name='quote',
            name='position_at_time_en',
            field=models.CharField(blank=True, help_text="The speaker's position on that day; kept even when their position changes.", max_length=300, null=True, verbose_name='position when speaking'),
        ),
        migrations.AddField(
            model_name='quote',
            name='position_at_time_ru',
            field=models.CharField(blank=True, help_text="The speaker's position on that day; kept even when their position changes.", max_length=300, null=True, verbose_name='position when speaking'),
        ),
        copy_into_language("en", {"statements.Quote": ["position_at_time"]}),
        migrations.RunPython(speakers_russian_position, migrations.RunPython.noop),
        InstallSearch(SEARCHED_NOW),
        migrations.RunPython(migrations.RunPython.noop, search_single_column_again),
    ]
