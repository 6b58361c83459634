"""What bench/run loads: one address per public page type, chosen from the archive.

Run inside the project's settings: `python -m bench.pages` prints JSON with the archive's
size (published records) and the pages. Each detail page is a heavy but real one: the
event with a statement and the most quotes, the longest statement, the speaker with the
most quotes. The search runs twice: a common phrase and a surname.
"""

import json
import sys

import django


def archive_size():
    from events.models import Event
    from statements.models import JointStatement, Quote, Speaker

    return {
        "events": Event.objects.published().count(),
        "statements": JointStatement.objects.published().count(),
        "quotes": Quote.objects.published().count(),
        "speakers": Speaker.objects.published().count(),
    }


def pages():
    from django.db.models import Count
    from django.db.models.functions import Length
    from django.urls import NoReverseMatch, reverse

    from events.models import Event
    from statements.models import JointStatement, Speaker

    event = (
        Event.objects.published()
        .filter(statements__isnull=False, host_state__isnull=False)
        .annotate(quote_count=Count("quotes", distinct=True))
        .order_by("-quote_count", "pk")
        .first()
    )
    statement = JointStatement.objects.published().order_by(Length("text").desc(), "pk").first()
    speaker = (
        Speaker.objects.published()
        .annotate(quote_count=Count("quotes"))
        .order_by("-quote_count", "pk")
        .first()
    )
    topic = event.topics.order_by("pk").first()
    filters = f"?year={event.starts_on.year}&host_state={event.host_state.slug}"
    if topic:
        filters += f"&topic={topic.slug}"
    surname = speaker.name.split()[-1]
    found = {
        "home": reverse("home"),
        "events list": reverse("events:event_list"),
        "events list, filtered": reverse("events:event_list") + filters,
        "event detail": event.get_absolute_url(),
        "statement detail": statement.get_absolute_url(),
        "speaker detail": speaker.get_absolute_url(),
    }
    try:
        found["API events list"] = reverse("api-v1:event_list")
    except NoReverseMatch:
        found["API events list"] = "/api/v1/events"
    # Last: a slow search leaves work behind that would slow the pages after it.
    found["search, common phrase"] = reverse("search") + "?q=climate+change"
    found["search, surname"] = reverse("search") + f"?q={surname}"
    notes = {
        "event detail": f"{event.quote_count} quotes",
        "speaker detail": f"{speaker.quote_count} quotes",
        "statement detail": f"{len(statement.text):,} characters",
    }
    return found, notes


def main():
    django.setup()
    what = sys.argv[1] if len(sys.argv) > 1 else "pages"
    if what == "size":
        print(json.dumps(archive_size()))
    else:
        found, notes = pages()
        print(json.dumps({"pages": found, "notes": notes}))


if __name__ == "__main__":
    main()
