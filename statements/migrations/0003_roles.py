"""The staff roles (Editor, Publisher, Administrator) as groups; see dialogue/staff/roles.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from dialogue.staff.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("chairmanships", "0003_history"),
        ("events", "0002_publication_history_documents"),
        ("statements", "0002_publication_and_history"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
