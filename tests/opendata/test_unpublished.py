"""What `published()` leaves out never reaches a machine.

There is no draft status yet, so the test makes one: `EventQuerySet.published` is patched to
leave out one event. That event, its statement and its quotes must then vanish from every
output (feeds, calendars, the API, Popolo, the CSV files, the zip, the sitemap): each one
has to go through `published()`, the single place that decides.
"""

import io
import zipfile

import pytest

from events.models import EventQuerySet
from tests.factories_opendata import build_record


@pytest.fixture
def record(db):
    return build_record()


@pytest.fixture
def conference_unpublished(record, monkeypatch):
    """The conference (with its statement and English quote) is made a draft."""
    published = EventQuerySet.published
    hidden = record.conference.pk
    monkeypatch.setattr(EventQuerySet, "published", lambda self: published(self).exclude(pk=hidden))
    return record


def markers(record):
    """Strings that appear in an output only if the conference or what hangs on it does."""
    return [
        record.conference.slug,
        record.conference.title,
        record.statement.slug,
        record.quote.text,
        f"/en/quotes/{record.quote.pk}/",
    ]


OUTPUTS = [
    "/en/feeds/events.rss",
    "/en/feeds/events.atom",
    "/en/feeds/statements.rss",
    "/en/feeds/statements.atom",
    "/en/feeds/topics/gender-based-violence.rss",
    "/en/feeds/topics/gender-based-violence.atom",
    "/en/feeds/states/kazakhstan.rss",
    "/en/feeds/states/kyrgyzstan.atom",
    "/en/calendar/events.ics",
    "/en/calendar/states/kazakhstan.ics",
    "/api/v1/events",
    "/api/v1/events?year=2023",
    "/api/v1/statements",
    "/api/v1/quotes",
    "/api/v1/speakers/aigul-example",
    "/api/v1/popolo",
    "/en/open-data/popolo.json",
    "/en/open-data/events.csv",
    "/en/open-data/statements.csv",
    "/en/open-data/quotes.csv",
    "/sitemap-events.xml",
    "/sitemap-statements.xml",
    "/sitemap-quotes.xml",
]


@pytest.mark.parametrize("url", OUTPUTS)
def test_the_published_record_is_in_the_output(client, record, url):
    """The control: without the patch the conference or what hangs on it is there."""
    content = client.get(url).content.decode()
    assert any(marker in content for marker in markers(record)), url


@pytest.mark.parametrize("url", OUTPUTS)
def test_an_unpublished_event_and_what_hangs_on_it_never_appear(
    client, conference_unpublished, url
):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    for marker in markers(conference_unpublished):
        assert marker not in content, f"{url} shows {marker!r}"


def test_unpublished_records_are_not_in_the_zip(client, conference_unpublished):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/en/open-data/dialogue-records.zip").content))
    for name in archive.namelist():
        content = archive.read(name).decode()
        for marker in markers(conference_unpublished):
            assert marker not in content, f"{name} shows {marker!r}"


@pytest.mark.parametrize(
    "url",
    [
        "/en/calendar/events/combating-gender-based-violence.ics",
        "/api/v1/events/combating-gender-based-violence",
        "/api/v1/statements/joint-statement-legal-protection",
    ],
)
def test_an_unpublished_record_has_no_address_of_its_own(client, conference_unpublished, url):
    assert client.get(url).status_code == 404


def test_an_unpublished_quote_has_no_api_address(client, conference_unpublished):
    assert client.get(f"/api/v1/quotes/{conference_unpublished.quote.pk}").status_code == 404
