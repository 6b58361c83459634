"""Every public page type runs the same number of queries with a small record and with one
ten times larger, and no more than its budget; the lists behind the "all ..." links of the
gathering pages show what those pages leave out.

`tests/site/test_queries.py` covers the pages of `page_urls()`; this file adds the rest of
what the public and machines reach: the lists narrowed to a chairmanship, pages in Russian,
feeds, calendars, API details, citations, Popolo, CSV tables and the sitemap.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dialogue.site.views import EVENTS_ON_GATHERING_PAGES
from tests.factories_public import build_world

pytestmark = pytest.mark.django_db


def more_urls(world):
    chair, state, topic, event = world.chairmanship, world.state, world.topic, world.event
    statement, speaker, quote = world.statement, world.speaker, world.quote
    return {
        "event_list_by_chairmanship": f"/en/events/?chairmanship={chair.slug}",
        "statement_list_by_chairmanship": f"/en/statements/?chairmanship={chair.slug}",
        "speaker_list_ru": "/ru/speakers/",
        "chairmanship_detail_ru": "/ru" + chair.get_absolute_url()[3:],
        "feed_events_rss": "/en/feeds/events.rss",
        "feed_events_atom": "/en/feeds/events.atom",
        "feed_statements_rss": "/en/feeds/statements.rss",
        "feed_topic_rss": f"/en/feeds/topics/{topic.slug}.rss",
        "feed_state_atom": f"/en/feeds/states/{state.slug}.atom",
        "calendar_events": "/en/calendar/events.ics",
        "calendar_state": f"/en/calendar/states/{state.slug}.ics",
        "calendar_event": f"/en/calendar/events/{event.slug}.ics",
        "event_cite": event.get_absolute_url() + "cite.ris",
        "statement_cite": statement.get_absolute_url() + "cite.bib",
        "quote_cite": quote.get_absolute_url() + "cite.json",
        "api_event_detail": f"/api/v1/events/{event.slug}",
        "api_statement_detail": f"/api/v1/statements/{statement.slug}",
        "api_speaker_detail": f"/api/v1/speakers/{speaker.slug}",
        "api_quote_detail": f"/api/v1/quotes/{quote.pk}",
        "popolo": "/en/open-data/popolo.json",
        "csv_events": "/en/open-data/events.csv",
        "csv_speakers": "/en/open-data/speakers.csv",
        "sitemap": "/sitemap.xml",
        "open_data": "/en/open-data/",
    }


# The most queries each page may run; the same number must hold at both scales.
BUDGETS = {
    "event_list_by_chairmanship": 7,
    "statement_list_by_chairmanship": 4,
    "speaker_list_ru": 2,
    "chairmanship_detail_ru": 7,
    "feed_events_rss": 2,
    "feed_events_atom": 2,
    "feed_statements_rss": 2,
    "feed_topic_rss": 5,
    "feed_state_atom": 5,
    "calendar_events": 1,
    "calendar_state": 2,
    "calendar_event": 1,
    "event_cite": 1,
    "statement_cite": 4,
    "quote_cite": 1,
    "api_event_detail": 4,
    "api_statement_detail": 3,
    "api_speaker_detail": 2,
    "api_quote_detail": 1,
    "popolo": 16,  # + organisations and participations
    "csv_events": 4,
    "csv_speakers": 1,
    "sitemap": 9,  # the index: one MIN/MAX of keys a section
    "open_data": 3,
}


def fetch(client, url):
    response = client.get(url)
    if response.streaming:  # the queries of a streamed file run while it is read
        b"".join(response.streaming_content)
    return response


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.mark.parametrize("page_name", list(BUDGETS))
def test_every_page_type_runs_the_same_queries_at_ten_times_the_data(client, settings, page_name):
    settings.PAGE_CACHE_ENABLED = False  # every request renders the page
    counts = []
    for scale in (1, 10):
        with transaction.atomic():
            world = build_world(scale)
            url = more_urls(world)[page_name]
            fetch(client, url)  # once per process: content types, translations
            with CaptureQueriesContext(connection) as queries:
                assert fetch(client, url).status_code == 200
            # A download reads in one transaction: a savepoint inside the test's, not a read.
            reads = [q["sql"] for q in queries if not q["sql"].startswith(SAVEPOINTS)]
            assert len(reads) <= BUDGETS[page_name], "\n\n".join(reads)
            counts.append(len(reads))
            transaction.set_rollback(True)
    assert counts[0] == counts[1], f"{counts[0]} queries with small data, {counts[1]} with 10x"


def titles(html, kind):
    return re.findall(rf'<a class="record-title" href="/en/{kind}/[^"]+/"', html)


def test_a_chairmanship_page_shows_the_first_events_and_links_to_the_rest(client):
    world = build_world(10)  # 30 events and 39 statements under the first chairmanship
    chair = world.chairmanship
    html = client.get(chair.get_absolute_url()).content.decode()
    assert len(titles(html, "events")) == EVENTS_ON_GATHERING_PAGES
    assert len(titles(html, "statements")) == EVENTS_ON_GATHERING_PAGES
    assert f'href="/en/events/?chairmanship={chair.slug}"' in html
    assert f'href="/en/statements/?chairmanship={chair.slug}"' in html

    events = client.get(f"/en/events/?chairmanship={chair.slug}")
    assert events.context["paginator"].count == 30
    statements = client.get(f"/en/statements/?chairmanship={chair.slug}")
    assert statements.context["paginator"].count == 39


def test_a_short_chairmanship_lists_everything_without_a_link(client):
    world = build_world(1)
    html = client.get(world.chairmanship.get_absolute_url()).content.decode()
    assert len(titles(html, "events")) == 3
    assert "?chairmanship=" not in html


def test_the_lists_narrowed_to_a_chairmanship_show_only_its_records(client):
    world = build_world(2)
    other = world.chairmanships[1]
    assert client.get(f"/en/events/?chairmanship={other.slug}").context["paginator"].count == 0
    narrowed = client.get(f"/en/statements/?chairmanship={other.slug}")
    assert narrowed.context["paginator"].count == 0


@pytest.mark.parametrize("path", ["/en/events/", "/en/statements/"])
def test_a_chairmanship_that_does_not_exist_is_not_found(client, path):
    assert client.get(f"{path}?chairmanship=no-such-term").status_code == 404
    assert client.get(f"{path}?chairmanship=%00%ff").status_code in (400, 404)


def test_filtering_the_narrowed_events_keeps_the_chairmanship(client):
    world = build_world(1)
    html = client.get(f"/en/events/?chairmanship={world.chairmanship.slug}").content.decode()
    assert f'name="chairmanship" value="{world.chairmanship.slug}"' in html
