"""EXPLAIN ANALYZE of the queries behind the public pages, on the archive.

    DATABASE_URL=postgres://.../dialogue .venv/bin/python -m bench.explain [--plans]

Prints each query's execution time as PostgreSQL measures it (the best of three runs), and
with --plans the plans, so an index can be checked before and after a migration. The
queries are the ones the views build, taken from the same querysets.
"""

import os
import re
import sys
from datetime import UTC, datetime

SOME_TIME = datetime(2000, 1, 1, tzinfo=UTC)


def queries():
    from django.db.models import Count

    from chairmanships.models import MemberState, Topic
    from events.models import Event
    from statements.models import JointStatement, Quote, Speaker

    state = MemberState.objects.annotate(n=Count("hosted_events")).order_by("-n").first()
    topic = Topic.objects.annotate(n=Count("events")).order_by("-n").first()
    speaker = Speaker.objects.annotate(n=Count("quotes")).order_by("-n").first()
    event = Event.objects.published().annotate(n=Count("quotes")).order_by("-n").first()
    events = Event.objects.published().for_listing()
    return {
        "events list, page 1": events[:20],
        "events list, page 50": events[980:1000],
        "events list count": events.values("pk").order_by(),  # wrapped in count below
        "events by year": events.filter(starts_on__year=2001)[:20],
        "events by host state": events.filter(host_state=state)[:20],
        "events by topic": events.filter(topics=topic)[:20],
        "event's quotes": event.quotes.published().for_listing().order_by("position", "pk"),
        "home: latest statements": JointStatement.objects.published().for_listing()[:5],
        "home: latest quote": Quote.objects.published().for_listing()[:1],
        "statements list": JointStatement.objects.published().for_listing()[:20],
        "state: statements signed": JointStatement.objects.published()
        .for_listing()
        .filter(signatories=state)[:20],
        "speakers list": Speaker.objects.published().select_related("state")[:50],
        "speaker page": Speaker.objects.published().filter(slug=speaker.slug),
        "speaker's quotes": Quote.objects.published().filter(speaker=speaker)[:50],
        "quotes list": Quote.objects.published().for_listing()[:20],
        "next embargo (cache)": Event.objects.filter(publish_at__gt=SOME_TIME)
        .order_by("publish_at")
        .values("publish_at")[:1],
    }


def explain(connection, sql, params, plans):
    best, plan = None, ""
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
            best = ms if best is None else min(best, ms)
    return best, plan if plans else ""


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")
    import django

    django.setup()
    from django.db import connection

    plans = "--plans" in sys.argv
    for name, queryset in queries().items():
        sql, params = queryset.query.sql_with_params()
        if name.endswith("count"):
            sql = f"SELECT count(*) FROM ({sql}) AS counted"
        ms, plan = explain(connection, sql, params, plans)
        print(f"{ms:10.2f} ms  {name}")
        if plan:
            print(plan, "\n")


if __name__ == "__main__":
    main()
