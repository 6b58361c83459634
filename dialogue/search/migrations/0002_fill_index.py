"""The vector column on PostgreSQL, and the index filled from the records already there."""

from django.db import migrations

VECTOR_SQL = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS search_searchentry_search_vector_gin "
    "ON search_searchentry USING gin (search_vector)",
]


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in VECTOR_SQL:
            schema_editor.execute(statement)


def fill(apps, schema_editor):
    # Only a database with records needs filling (a new one has none yet). The index module
    # reads the records as the code stands, as `manage.py rebuild_search_index` does.
    if not apps.get_model("events", "Event")._base_manager.exists():
        return
    from dialogue.search.index import rebuild

    rebuild()
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE search_searchentry")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("events", "0010_merge_photos_slugs_count_index"),
        ("statements", "0015_person_visibility_rule"),
        ("pages", "0002_footer_pages"),
    ]

    operations = [
        migrations.RunPython(add_vector, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
