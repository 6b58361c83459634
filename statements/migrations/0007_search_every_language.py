"""Search in every content language: the translated text's columns (`title_en`, `title_ru`)
replace the single columns, each read with its language's configuration (dialogue/search/engine.py).
Nothing on SQLite."""

from importlib import import_module

from django.db import migrations

from dialogue.search.engine import InstallSearch, install_sql

SEARCHED_NOW = {
    "events.Event": (
        ("title_en", "english", "A"),
        ("title_ru", "russian", "A"),
        ("theme_en", "english", "B"),
        ("theme_ru", "russian", "B"),
        ("summary_en", "english", "B"),
        ("summary_ru", "russian", "B"),
        ("city", "english", "C"),
        ("venue", "english", "C"),
        ("host_state__name_en", "english", "C"),
        ("host_state__name_ru", "russian", "C"),
    ),
    "statements.JointStatement": (
        ("title_en", "english", "A"),
        ("title_ru", "russian", "A"),
        ("summary_en", "english", "B"),
        ("summary_ru", "russian", "B"),
        ("text_en", "english", "B"),
        ("text_ru", "russian", "B"),
        ("event__title_en", "english", "C"),
        ("event__title_ru", "russian", "C"),
    ),
    "statements.Quote": (
        ("speaker__name", "english", "A"),
        ("text", "english", "B"),
        ("translation_en", "english", "B"),
        ("translation_ru", "russian", "B"),
        ("position_at_time", "english", "C"),
        ("event__title_en", "english", "C"),
        ("event__title_ru", "russian", "C"),
    ),
    "statements.Speaker": (
        ("name", "english", "A"),
        ("position_en", "english", "B"),
        ("position_ru", "russian", "B"),
        ("organisation_en", "english", "B"),
        ("organisation_ru", "russian", "B"),
    ),
}

# The triggers of the first search migration that refreshed a statement or a quote when the
# single `title` column of its event, or `name` of a state, changed.
OLD_REFRESH_TRIGGERS = [
    ("events_event", "events_event_title_refresh_search"),
    ("chairmanships_memberstate", "chairmanships_memberstate_name_refresh_search"),
]


def drop_old_refresh_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in OLD_REFRESH_TRIGGERS:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        schema_editor.execute(f'DROP FUNCTION IF EXISTS "{name}"()')


# The triggers this migration adds that refresh a statement or a quote when a translated
# column of its event or state changes; `UPDATE OF` ties each to its column.
NEW_REFRESH_TRIGGERS = [
    (table, f"{table}_{column}_refresh_search")
    for table, column in [
        ("events_event", "title_en"),
        ("events_event", "title_ru"),
        ("chairmanships_memberstate", "name_en"),
        ("chairmanships_memberstate", "name_ru"),
    ]
]


def back_to_single_columns(apps, schema_editor):
    """Reversed: the triggers read the single columns again, so that migrating further back
    can drop the per-language columns."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in NEW_REFRESH_TRIGGERS:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        schema_editor.execute(f'DROP FUNCTION IF EXISTS "{name}"()')
    before = import_module("statements.migrations.0005_search_vectors").SEARCHED_THEN
    for statement in install_sql(apps, before):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("chairmanships", "0005_merge_languages_versions"),
        ("events", "0004_merge_languages_versions"),
        ("statements", "0006_merge_languages_versions"),
    ]

    operations = [
        migrations.RunPython(drop_old_refresh_triggers, migrations.RunPython.noop),
        InstallSearch(SEARCHED_NOW),
        migrations.RunPython(migrations.RunPython.noop, back_to_single_columns),
    ]
