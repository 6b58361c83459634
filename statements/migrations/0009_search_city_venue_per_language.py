"""Search reads an event's city and venue in each language (dialogue/search.py)."""

from importlib import import_module

from django.db import migrations

from dialogue.search.engine import InstallSearch, install_sql

SEARCHED_BEFORE = import_module("statements.migrations.0008_position_at_time_per_language").SEARCHED_NOW
SEARCHED_NOW = {
    **SEARCHED_BEFORE,
    "events.Event": (
        ("title_en", "english", "A"),
        ("title_ru", "russian", "A"),
        ("theme_en", "english", "B"),
        ("theme_ru", "russian", "B"),
        ("summary_en", "english", "B"),
        ("summary_ru", "russian", "B"),
        ("city_en", "english", "C"),
        ("city_ru", "russian", "C"),
        ("venue_en", "english", "C"),
        ("venue_ru", "russian", "C"),
        ("host_state__name_en", "english", "C"),
        ("host_state__name_ru", "russian", "C"),
    ),
}


def search_single_columns_again(apps, schema_editor):
    """Reversed: the triggers read the single columns again, before their languages go."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in install_sql(apps, SEARCHED_BEFORE):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_city_venue_per_language"),
        ("statements", "0008_position_at_time_per_language"),
    ]

    operations = [
        InstallSearch(SEARCHED_NOW),
        migrations.RunPython(migrations.RunPython.noop, search_single_columns_again),
    ]
