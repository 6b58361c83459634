"""Stored search vectors on PostgreSQL (see dialogue/search/engine.py); nothing on SQLite."""

from django.db import migrations

from dialogue.search.engine import InstallSearch

SEARCHED_THEN = {
    "events.Event": (
        ("title", "english", "A"),
        ("theme", "english", "B"),
        ("summary", "english", "B"),
        ("city", "english", "C"),
        ("venue", "english", "C"),
        ("host_state__name", "english", "C"),
    ),
    "statements.JointStatement": (
        ("title", "english", "A"),
        ("summary", "english", "B"),
        ("text", "english", "B"),
        ("event__title", "english", "C"),
    ),
    "statements.Quote": (
        ("speaker__name", "english", "A"),
        ("text", "english", "B"),
        ("position_at_time", "english", "C"),
        ("event__title", "english", "C"),
    ),
    "statements.Speaker": (
        ("name", "english", "A"),
        ("position", "english", "B"),
        ("organisation", "english", "B"),
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_archive_indexes"),
        ("statements", "0004_archive_indexes"),
    ]

    # What was searched then, before the text had a column per language.
    operations = [InstallSearch(SEARCHED_THEN)]
