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


# URL patterns the benchmark leaves out, and why. Every other pattern must have a page in
# `pages()`: `uncovered()` names any that has none, and bench/run stops on it.
EXCLUDED = {
    "healthz": "the baseline itself (measured separately)",
    "favicon": "a static file",
    "translation_status": "staff only (in the admin)",
    "event_document": "uploaded files; the generated archive has none",
    "(unnamed) ^api/v1/(?P<rest>.*)$": "the API's JSON 404 for any other address",
    "alerts:subscribe": "a form that works by POST",
    "alerts:check_inbox": "a page shown after the alerts form's POST",
    "alerts:confirm": "needs a subscriber's secret token",
    "alerts:manage": "needs a subscriber's secret token",
    "alerts:unsubscribe": "needs a subscriber's secret token",
    "statements:statement_pdf": "a PDF made once per version by WeasyPrint and kept",
    "event_photo": "uploaded files; the generated archive has none",
}


def url_patterns():
    """Every URL pattern of the project as "namespace:name" (the admin's left out): one key
    per page type, whatever its language prefix."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
                yield from walk(pattern.url_patterns, inner)
            else:
                yield ":".join([*namespaces, pattern.name or f"(unnamed) {pattern.pattern}"])

    return sorted(
        {key for key in walk(get_resolver().url_patterns, []) if not key.startswith("admin:")}
    )


def uncovered(found):
    """URL patterns with neither a page in `found` nor a reason in EXCLUDED."""
    covered = {page["pattern"] for page in found.values()}
    return [key for key in url_patterns() if key not in covered and key not in EXCLUDED]


def heaviest(queryset, relation, distinct=False):
    from django.db.models import Count

    return (
        queryset.annotate(bench_count=Count(relation, distinct=distinct))
        .order_by("-bench_count", "pk")
        .first()
    )


def pages():
    """{label: {"pattern", "url", "html", "note"}}: a heavy real instance of every page type."""
    from django.db.models import Count
    from django.db.models.functions import Length
    from django.urls import reverse

    from chairmanships.models import Chairmanship, Handover, MemberState, Topic
    from dialogue.opendata.downloads import TABLES
    from dialogue.opendata.sitemaps import SITEMAPS
    from dialogue.site import cards
    from events.models import Event, Organisation
    from statements.models import JointStatement, Quote, Speaker

    event = (
        Event.objects.published()
        .filter(statements__isnull=False, host_state__isnull=False)
        .annotate(quote_count=Count("quotes", distinct=True))
        .order_by("-quote_count", "pk")
        .first()
    )
    statement = JointStatement.objects.published().order_by(Length("text").desc(), "pk").first()
    speaker = heaviest(Speaker.objects.published(), "quotes")
    quote = Quote.objects.published().filter(event=event).order_by("pk").first()
    state = heaviest(MemberState.objects.all(), "hosted_events")
    chair = heaviest(Chairmanship.objects.all(), "events")
    topic = heaviest(Topic.objects.all(), "events")
    handover = Handover.objects.order_by("-pk").first()
    year = event.starts_on.year
    filters = f"?year={year}&host_state={event.host_state.slug}"
    if topic:
        filters += f"&topic={topic.slug}"
    surname = speaker.name.split()[-1]
    events_list, speakers_list = reverse("events:event_list"), reverse("statements:speaker_list")
    statements_list = reverse("statements:statement_list")
    from events.views import EventListView
    from statements.views import SpeakerListView, StatementListView

    def deep(records, view, pages=50):
        """A deep page of a list: the 50th, or the last of a shorter list."""
        per_page = getattr(view, "paginate_by", None) or 20
        return max(1, min(pages, -(-records.count() // per_page)))

    events_page = deep(Event.objects.published(), EventListView)
    statements_page = deep(JointStatement.objects.published(), StatementListView)
    speakers_page = deep(Speaker.objects.published(), SpeakerListView)

    found = {}

    def add(label, pattern, url, html=True, note=""):
        found[label] = {"pattern": pattern, "url": url, "html": html, "note": note}

    add("home", "home", reverse("home"))
    add("timeline", "chairmanships:timeline", reverse("chairmanships:timeline"))
    add(
        "chairmanship (most events)",
        "chairmanships:chairmanship_detail",
        chair.get_absolute_url(),
        note=f"{chair.bench_count} events",
    )
    add("states list", "chairmanships:state_list", reverse("chairmanships:state_list"))
    add(
        "state (most events)",
        "chairmanships:state_detail",
        state.get_absolute_url(),
        note=f"{state.bench_count} events hosted",
    )
    add("topics list", "chairmanships:topic_list", reverse("chairmanships:topic_list"))
    add(
        "topic (most events)",
        "chairmanships:topic_detail",
        topic.get_absolute_url(),
        note=f"{topic.bench_count} events",
    )
    add("events list", "events:event_list", events_list)
    add("events list, deep page", "events:event_list", f"{events_list}?page={events_page}")
    add("events list, filtered", "events:event_list", events_list + filters)
    add(
        "event (most quotes)",
        "events:event_detail",
        event.get_absolute_url(),
        note=f"{event.quote_count} quotes",
    )
    add(
        "event citation",
        "events:event_cite",
        reverse("events:event_cite", args=[event.slug, "bib"]),
        html=False,
    )
    add("years list", "years:year_list", reverse("years:year_list"))
    add("year", "years:year_detail", reverse("years:year_detail", args=[year]))
    add("statements list", "statements:statement_list", statements_list)
    add(
        "statements list, deep page",
        "statements:statement_list",
        f"{statements_list}?page={statements_page}",
    )
    add(
        "statement (longest)",
        "statements:statement_detail",
        statement.get_absolute_url(),
        note=f"{len(statement.text):,} characters",
    )
    add(
        "statement citation",
        "statements:statement_cite",
        reverse("statements:statement_cite", args=[statement.slug, "ris"]),
        html=False,
    )
    add("speakers list", "statements:speaker_list", speakers_list)
    add(
        "speakers list, deep page",
        "statements:speaker_list",
        f"{speakers_list}?page={speakers_page}",
    )
    add(
        "speaker (most quotes)",
        "statements:speaker_detail",
        speaker.get_absolute_url(),
        note=f"{speaker.bench_count} quotes",
    )
    add("quote", "statements:quote_detail", quote.get_absolute_url())
    quotes_list = reverse("statements:quote_list")
    add("quotes list", "statements:quote_list", quotes_list)
    add("quotes list, by speaker", "statements:quote_list", f"{quotes_list}?speaker={speaker.slug}")
    organisation = heaviest(Organisation.objects.published(), "events")
    add(
        "organisations list",
        "organisations:organisation_list",
        reverse("organisations:organisation_list"),
    )
    if organisation:
        add(
            "organisation (most events)",
            "organisations:organisation_detail",
            organisation.get_absolute_url(),
            note=f"{organisation.bench_count} events",
        )
    add("site page (about)", "pages:page", reverse("pages:page", args=["about"]))
    kind, key, card = cards.card_of(event)
    add("social card (event)", "card", cards.card_url(kind, key, card), html=False)
    add(
        "quote citation",
        "statements:quote_cite",
        reverse("statements:quote_cite", args=[quote.pk, "json"]),
        html=False,
    )
    for kind in ("events", "statements"):
        for fmt in ("rss", "atom"):
            name = f"opendata:feed_{kind}_{fmt}"
            add(f"feed, {kind} {fmt}", name, reverse(name), html=False)
    for fmt in ("rss", "atom"):
        name = f"opendata:feed_topic_{fmt}"
        add(f"feed, topic {fmt}", name, reverse(name, args=[topic.slug]), html=False)
        name = f"opendata:feed_state_{fmt}"
        add(f"feed, state {fmt}", name, reverse(name, args=[state.slug]), html=False)
    add(
        "calendar, all events",
        "opendata:calendar_events",
        reverse("opendata:calendar_events"),
        html=False,
    )
    add(
        "calendar, state",
        "opendata:calendar_state",
        reverse("opendata:calendar_state", args=[state.slug]),
        html=False,
    )
    add(
        "calendar, event",
        "opendata:calendar_event",
        reverse("opendata:calendar_event", args=[event.slug]),
        html=False,
    )
    add("open data page", "opendata:index", reverse("opendata:index"))
    api = {
        "member_state": state.slug,
        "chairmanship": chair.slug,
        "topic": topic.slug,
        "handover": handover.pk if handover else None,
        "event": event.slug,
        "statement": statement.slug,
        "speaker": speaker.slug,
        "quote": quote.pk,
        "person": speaker.slug,
        "organisation": organisation.slug if organisation else None,
    }
    add("API root", "api-v1:api-root", reverse("api-v1:api-root"), html=False)
    add("API index", "api-v1:index", reverse("api-v1:index"), html=False)
    add("API OpenAPI document", "api-v1:openapi-json", reverse("api-v1:openapi-json"), html=False)
    add("API docs", "api-v1:openapi-view", reverse("api-v1:openapi-view"))
    for kind, key in api.items():
        add(f"API {kind} list", f"api-v1:{kind}_list", reverse(f"api-v1:{kind}_list"), html=False)
        if key is not None:
            detail = reverse(f"api-v1:{kind}_detail", args=[key])
            add(f"API {kind} detail", f"api-v1:{kind}_detail", detail, html=False)
    add(
        "API events list, deep page",
        "api-v1:event_list",
        reverse("api-v1:event_list") + f"?page={events_page}",
        html=False,
    )
    add("API Popolo", "api-v1:popolo", reverse("api-v1:popolo"), html=False)
    add("Popolo JSON", "opendata:popolo", reverse("opendata:popolo"), html=False)
    add("zip of everything", "opendata:dataset_zip", reverse("opendata:dataset_zip"), html=False)
    for name in TABLES:
        add(f"CSV {name}", "opendata:csv", reverse("opendata:csv", args=[name]), html=False)
    add("sitemap index", "sitemap", reverse("sitemap"), html=False)
    quote_pages = SITEMAPS["quotes"].paginator.num_pages
    add(
        "sitemap page, quotes (last)",
        "sitemap_section",
        reverse("sitemap_section", args=["quotes"]) + f"?p={quote_pages}",
        html=False,
    )
    add("robots.txt", "robots_txt", reverse("robots_txt"), html=False)
    # Last: a slow search leaves work behind that would slow the pages after it.
    add("search, common phrase", "search", reverse("search") + "?q=climate+change")
    add("search, surname", "search", reverse("search") + f"?q={surname}")
    return found


# The downloads of the whole record: measured for memory and first byte, not under load.
WHOLE_RECORD = ("API Popolo", "Popolo JSON", "zip of everything", "CSV ")


def is_whole_record(label):
    return label.startswith(WHOLE_RECORD)


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


def queries(found):
    """SQL queries each page costs, measured in this process with Django's test client
    against the same database (the page cache off), and its size in bytes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    with override_settings(PAGE_CACHE=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        for label, page in found.items():
            if is_whole_record(label):
                continue
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page["url"])
                size = len(b"".join(response) if response.streaming else response.content)
            counts[label] = {
                "status": response.status_code,
                "queries": len(captured),
                "bytes": size,
            }
    return counts


def export(url, limit_mb=0):
    """One download of the whole record, in this process: seconds to the first byte and to
    the last, bytes, and the process's peak memory (RSS, MB) over the whole download (or its
    first `limit_mb` megabytes, when given)."""
    import resource
    import time

    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE=False, ALLOWED_HOSTS=["*"]):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.monotonic()
        response = Client().get(url)
        chunks = iter(response) if response.streaming else iter([response.content])
        first = next(chunks, b"")
        first_byte = time.monotonic() - started
        size = len(first)
        for chunk in chunks:
            size += len(chunk)
            if limit_mb and size > limit_mb * 1e6:
                break
        total = time.monotonic() - started
        response.close()
    return {
        "status": response.status_code,
        "streamed": response.streaming,
        "first_byte_s": round(first_byte, 3),
        "total_s": round(total, 1),
        "bytes": size,
        "stopped_at_limit": bool(limit_mb and size > limit_mb * 1e6),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main():
    django.setup()
    what = sys.argv[1] if len(sys.argv) > 1 else "pages"
    if what == "size":
        print(json.dumps(archive_size()))
    elif what == "sample":
        print(json.dumps(sample()))
    elif what == "queries":
        print(json.dumps(queries(json.loads(sys.stdin.read()))))
    elif what == "export":
        print(json.dumps(export(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)))
    elif what == "edit":
        print(json.dumps(edit(sys.argv[2], sys.argv[3].split(","))))
    else:
        found = pages()
        missing = uncovered(found)
        if missing:
            sys.exit(
                "bench/pages.py covers no page of these URL patterns; add a page for each to "
                "pages() (or a reason to EXCLUDED): " + ", ".join(missing)
            )
        print(json.dumps({"pages": found}))


if __name__ == "__main__":
    main()
