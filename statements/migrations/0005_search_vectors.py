"""Stored search vectors on PostgreSQL (see dialogue/search.py); nothing on SQLite."""

from django.db import migrations

from dialogue.search import InstallSearch


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_archive_indexes"),
        ("statements", "0004_archive_indexes"),
    ]

    operations = [InstallSearch()]
