"""Records already public when the alerts arrive are not news: mark them announced, so the
first subscribers do not receive the whole archive."""

from django.db import migrations
from django.db.models import Q
from django.db.models.functions import Now


def public(prefix=""):
    return Q(**{f"{prefix}publication_status": "published"}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": Now()})
    )


def mark_announced(apps, schema_editor):
    Announcement = apps.get_model("alerts", "Announcement")
    Event = apps.get_model("events", "Event")
    JointStatement = apps.get_model("statements", "JointStatement")
    rows = [
        Announcement(record_type="event", record_id=pk, title=title[:300])
        for pk, title in Event.objects.filter(public()).values_list("pk", "title")
    ] + [
        Announcement(record_type="statement", record_id=pk, title=title[:300])
        for pk, title in JointStatement.objects.filter(public() & public("event__")).values_list(
            "pk", "title"
        )
    ]
    Announcement.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("events", "0004_merge_languages_versions"),
        ("statements", "0007_search_every_language"),
    ]

    operations = [migrations.RunPython(mark_announced, migrations.RunPython.noop)]
