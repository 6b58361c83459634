"""On PostgreSQL, let the database itself refuse overlapping chairmanships.

Other backends rely on `Chairmanship.clean()` and the handover service's lock.
Terms are half-open date ranges [starts_on, ends_on): the outgoing chair ends on
the day the incoming one starts, and an open term (no ends_on) runs to infinity.
"""

from django.db import migrations

CONSTRAINT = "chairmanship_no_overlap"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE chairmanships_chairmanship ADD CONSTRAINT {CONSTRAINT} "
            "EXCLUDE USING gist (daterange(starts_on, ends_on, '[)') WITH &&)"
        )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE chairmanships_chairmanship DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
        )


class Migration(migrations.Migration):
    dependencies = [("chairmanships", "0001_initial")]

    operations = [migrations.RunPython(add_exclusion, drop_exclusion, elidable=False)]
