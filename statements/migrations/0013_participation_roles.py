"""Editors and publishers may enter participants too: the roles synced again."""

from django.db import migrations


def sync(apps, schema_editor):
    from dialogue.staff.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0012_people_participations"),
    ]

    operations = [
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
