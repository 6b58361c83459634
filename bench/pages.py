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


def sample():
    """Many addresses of every public page type, for the warm-fraction measurement."""
    from django.urls import reverse

    from chairmanships.models import Chairmanship, MemberState, Topic
    from events.models import Event
    from statements.models import JointStatement, Quote, Speaker

    urls = [reverse("home"), reverse("chairmanships:timeline"), reverse("search") + "?q=water"]
    urls += [reverse(name) for name in ("events:event_list", "statements:statement_list")]
    urls += [reverse("chairmanships:state_list"), reverse("chairmanships:topic_list")]
    urls += [reverse("statements:speaker_list")]
    urls += [f"{reverse('events:event_list')}?page={n}" for n in range(2, 11)]
    urls += [f"{reverse('statements:speaker_list')}?page={n}" for n in range(2, 6)]
    urls += [reverse("opendata:feed_events_rss"), reverse("opendata:feed_statements_rss")]
    urls += [reverse("opendata:calendar_events"), "/api/v1/events", "/api/v1/quotes"]
    urls += [f"/api/v1/events?page={n}" for n in range(2, 6)]
    for queryset, count in (
        (Event.objects.published().order_by("-starts_on"), 200),
        (JointStatement.objects.published().order_by("-adopted_on"), 60),
        (Speaker.objects.published().order_by("pk"), 100),
        (Quote.objects.published().order_by("-pk"), 100),
        (Chairmanship.objects.order_by("-starts_on"), 10),
        (MemberState.objects.order_by("pk"), 5),
        (Topic.objects.order_by("pk"), 10),
    ):
        urls += [record.get_absolute_url() for record in queryset[:count]]
    return list(dict.fromkeys(urls))


def edit(tag, kinds):
    """Edit one quote, one event and/or one handover as staff would (saves: signals run).

    Returns what changed: each record's key and the text the public must now see."""
    from chairmanships.models import Handover
    from events.models import Event
    from statements.models import Quote

    event = Event.objects.published().filter(quotes__isnull=False).order_by("-starts_on").first()
    quote = Quote.objects.published().filter(event=event).order_by("pk").first()
    handover = Handover.objects.order_by("-pk").first()
    changed = {}
    if "quote" in kinds:
        quote.text = f"Edited for the benchmark {tag}: {quote.text}"
        quote.save()
        text = f"Edited for the benchmark {tag}"
        changed["quote"] = {"key": f"quote-{quote.pk}", "many": "quote-many", "text": text}
    if "event" in kinds:
        event.title = f"Benchmark edit {tag}"
        event.save()
        text = f"Benchmark edit {tag}"
        changed["event"] = {"key": f"event-{event.pk}", "many": "event-many", "text": text}
    if "handover" in kinds:
        handover.notes = f"Benchmark edit {tag}"
        handover.save()
        key = f"handover-{handover.pk}"
        changed["handover"] = {"key": key, "many": "handover-many", "text": None}
    return changed


def main():
    django.setup()
    what = sys.argv[1] if len(sys.argv) > 1 else "pages"
    if what == "size":
        print(json.dumps(archive_size()))
    elif what == "sample":
        print(json.dumps(sample()))
    elif what == "edit":
        print(json.dumps(edit(sys.argv[2], sys.argv[3].split(","))))
    else:
        found, notes = pages()
        print(json.dumps({"pages": found, "notes": notes}))


if __name__ == "__main__":
    main()
