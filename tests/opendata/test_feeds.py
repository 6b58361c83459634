"""RSS and Atom feeds: well formed for feed readers, newest records first, 404 for a bad slug."""

from datetime import UTC, date, datetime

import feedparser
import pytest
from django.utils import timezone

from tests.factories import EventFactory
from tests.factories_opendata import build_record


@pytest.fixture
def record(db):
    return build_record()


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/en/feeds/events.rss", "rss20", "application/rss+xml"),
        ("/en/feeds/events.atom", "atom10", "application/atom+xml"),
    ],
)
def test_event_feeds_parse_and_list_the_newest_event_first(
    client, record, url, version, content_type
):
    response, feed = read_feed(client, url)
    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles == [record.meeting.title, record.forum.title, record.conference.title]
    newest = feed.entries[0]
    assert newest.link == f"http://testserver{record.meeting.get_absolute_url()}"
    published = datetime(*newest.published_parsed[:6], tzinfo=UTC)
    assert timezone.localtime(published).date() == date(2024, 5, 1)  # the day, in the site's zone
    assert "Digital skills" in [tag.term for tag in newest.tags]


def test_a_cancelled_event_says_so_in_the_feed(client, record):
    _, feed = read_feed(client, "/en/feeds/events.rss")
    forum = next(entry for entry in feed.entries if entry.title == record.forum.title)
    assert "Cancelled" in forum.summary


def test_the_event_feed_keeps_only_the_latest_fifty(client, record):
    for _ in range(52):
        EventFactory()
    _, feed = read_feed(client, "/en/feeds/events.atom")
    assert len(feed.entries) == 50


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_statement_feeds_parse_and_carry_the_statement(client, record, extension):
    _, feed = read_feed(client, f"/en/feeds/statements.{extension}")
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert record.statement.title in entry.title
    assert entry.link.endswith(record.statement.get_absolute_url())
    assert record.conference.title in entry.summary


@pytest.mark.parametrize("extension", ["rss", "atom"])
def test_a_topic_feed_mixes_its_events_and_statements_newest_first(client, record, extension):
    _, feed = read_feed(client, f"/en/feeds/topics/{record.violence.slug}.{extension}")
    links = [entry.link.removeprefix("http://testserver") for entry in feed.entries]
    # The statement (adopted 1 Dec) is newer than the conference (starts 30 Nov).
    assert links == [
        record.statement.get_absolute_url(),
        record.conference.get_absolute_url(),
    ]
    assert record.violence.name in feed.feed.title


def test_a_state_feed_has_events_hosted_or_attended_and_statements_signed(client, record):
    _, feed = read_feed(client, f"/en/feeds/states/{record.kazakhstan.slug}.rss")
    links = {entry.link.removeprefix("http://testserver") for entry in feed.entries}
    assert links == {
        record.conference.get_absolute_url(),  # hosted
        record.forum.get_absolute_url(),  # attended
        record.statement.get_absolute_url(),  # signed
    }
    assert record.meeting.get_absolute_url() not in links  # neither hosted nor attended


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/topics/no-such-topic.rss",
        "/en/feeds/topics/no-such-topic.atom",
        "/en/feeds/states/atlantis.rss",
        "/en/feeds/states/atlantis.atom",
    ],
)
def test_a_feed_for_an_unknown_slug_is_not_found(client, record, url):
    assert client.get(url).status_code == 404


def test_feeds_of_an_empty_record_are_still_valid(client, db):
    for url in ("/en/feeds/events.rss", "/en/feeds/statements.atom"):
        _, feed = read_feed(client, url)
        assert feed.entries == []


def test_a_feed_reader_polling_an_unchanged_feed_gets_304(client, record):
    first = client.get("/en/feeds/events.atom")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/en/feeds/events.atom", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
