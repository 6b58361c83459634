"""CSV files, the zip of everything, the Open data page, sitemap.xml and robots.txt."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.test import override_settings

from events.models import Event
from statements.models import JointStatement, Quote
from tests.factories_opendata import build_record

BOM = "\ufeff"


@pytest.fixture
def record(db):
    return build_record()


def read_csv(content):
    text = content.decode("utf-8")
    assert text.startswith(BOM), "no byte order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))


def download_csv(client, name):
    response = client.get(f"/en/open-data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    return read_csv(response.content)


def test_events_csv_round_trips_to_the_database_rows(client, record):
    rows = download_csv(client, "events")
    events = list(Event.objects.order_by("-starts_on", "title", "pk"))
    assert [row["slug"] for row in rows] == [event.slug for event in events]
    for row, event in zip(rows, events, strict=True):
        assert row["title"] == event.title
        assert row["starts_on"] == event.starts_on.isoformat()
        assert row["ends_on"] == (event.ends_on.isoformat() if event.ends_on else "")
        assert row["status"] == event.status
        assert row["date_precision"] == event.date_precision
        assert row["url"] == f"http://testserver{event.get_absolute_url()}"
    conference = rows[-1]
    assert conference["host_state_iso_code"] == "KZ"
    assert conference["participating_states"] == "KZ; KG"
    assert conference["topics"] == "gender-based-violence"
    assert conference["source_url"] == "https://example.org/news/dialogue-2023"
    assert rows[1]["title"] == "Цифровой форум женщин"  # UTF-8 survives


def test_statements_csv_round_trips_with_the_full_text(client, record):
    (row,) = download_csv(client, "statements")
    statement = JointStatement.objects.get()
    assert row["slug"] == statement.slug
    assert row["text"] == statement.text
    assert row["event"] == statement.event.slug
    assert row["adopted_on"] == "2023-12-01"
    assert row["signatories"] == "KZ; KG"


def test_quotes_csv_round_trips_word_for_word(client, record):
    rows = download_csv(client, "quotes")
    quotes = list(Quote.objects.order_by("-event__starts_on", "event", "position", "pk"))
    assert [(row["id"], row["text"], row["language"]) for row in rows] == [
        (str(q.pk), q.text, q.language) for q in quotes
    ]
    assert {row["position_at_time"] for row in rows} == {"Member of the Mazhilis"}


def test_a_csv_of_an_empty_record_has_its_headings(client, db):
    response = client.get("/en/open-data/quotes.csv")
    text = response.content.decode()
    assert text.startswith(BOM + "id,speaker,speaker_name,")
    assert read_csv(response.content) == []


def test_an_unknown_table_is_not_found(client, db):
    assert client.get("/en/open-data/passwords.csv").status_code == 404


def test_the_zip_holds_every_csv_popolo_and_a_readme_with_the_licence(client, record):
    response = client.get("/en/open-data/dialogue-records.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="dialogue-records.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        "dialogue-records/README.txt",
        "dialogue-records/chairmanships.csv",
        "dialogue-records/events.csv",
        "dialogue-records/handovers.csv",
        "dialogue-records/initiatives.csv",
        "dialogue-records/member_states.csv",
        "dialogue-records/popolo.json",
        "dialogue-records/priorities.csv",
        "dialogue-records/quotes.csv",
        "dialogue-records/speakers.csv",
        "dialogue-records/statements.csv",
        "dialogue-records/topics.csv",
    ]
    readme = archive.read("dialogue-records/README.txt").decode()
    assert "CC BY 4.0: https://creativecommons.org/licenses/by/4.0/" in readme
    events = read_csv(archive.read("dialogue-records/events.csv"))
    assert len(events) == 3
    popolo = json.loads(archive.read("dialogue-records/popolo.json"))
    assert len(popolo["speeches"]) == 2


@override_settings(
    DATA_LICENCE_NAME="Open Data Commons Attribution",
    DATA_LICENCE_URL="https://opendatacommons.org/licenses/by/",
)
def test_the_licence_comes_from_the_settings(client, record):
    page = client.get("/en/open-data/").content.decode()
    assert 'href="https://opendatacommons.org/licenses/by/" rel="license"' in page
    archive = zipfile.ZipFile(io.BytesIO(client.get("/en/open-data/dialogue-records.zip").content))
    assert "Open Data Commons Attribution" in archive.read("dialogue-records/README.txt").decode()
    assert client.get("/en/open-data/popolo.json").json()["+meta"]["licence"] == {
        "name": "Open Data Commons Attribution",
        "url": "https://opendatacommons.org/licenses/by/",
    }


def test_the_open_data_page_links_every_format(client, record):
    response = client.get("/en/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    for address in (
        "/en/feeds/events.rss",
        "/en/feeds/events.atom",
        "/en/feeds/statements.rss",
        "/en/feeds/statements.atom",
        "/en/feeds/topics/digital-skills.rss",
        "/en/feeds/states/kazakhstan.rss",
        "/en/calendar/events.ics",
        "/en/calendar/states/kazakhstan.ics",
        f"/en/calendar/events/{record.meeting.slug}.ics",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/en/open-data/popolo.json",
        "/en/open-data/events.csv",
        "/en/open-data/statements.csv",
        "/en/open-data/quotes.csv",
        "/en/open-data/dialogue-records.zip",
        "https://creativecommons.org/licenses/by/4.0/",
    ):
        assert f'href="{address}"' in page, address
    assert "curl 'http://testserver/api/v1/events?year=2023" in page


def test_the_open_data_page_describes_the_dataset_in_json_ld(client, db):
    page = client.get("/en/open-data/").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )
    assert data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    tables = [
        *("events", "statements", "quotes", "chairmanships", "priorities", "initiatives"),
        *("handovers", "member_states", "speakers", "topics"),
    ]
    assert {d["contentUrl"] for d in data["distribution"]} == {
        *(f"http://testserver/en/open-data/{table}.csv" for table in tables),
        "http://testserver/en/open-data/popolo.json",
        "http://testserver/en/open-data/dialogue-records.zip",
    }


def test_the_open_data_page_works_with_nothing_recorded(client, db):
    assert client.get("/en/open-data/").status_code == 200


# Crawlers --------------------------------------------------------------------------------------

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    """Every address in the sitemap: the index, then each page it lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    paths = []
    for page in ET.fromstring(response.content).findall("sm:sitemap/sm:loc", SITEMAP_NS):
        answer = client.get(page.text.removeprefix("http://testserver"))
        assert answer.status_code == 200, page.text
        assert answer["Content-Type"] == "application/xml"
        root = ET.fromstring(answer.content)
        paths += [
            loc.text.removeprefix("http://testserver")
            for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)
        ]
    return paths


def test_the_sitemap_lists_every_public_list_and_detail_page(client, record):
    paths = sitemap_paths(client)
    english = [
        "/en/",
        "/en/chairmanships/",
        "/en/states/",
        "/en/topics/",
        "/en/events/",
        "/en/statements/",
        "/en/speakers/",
        "/en/quotes/",
        "/en/organisations/",
        "/en/open-data/",
        "/en/about/",
        "/en/accessibility/",
        "/en/privacy/",
        record.kazakh_chair.get_absolute_url(),
        record.kyrgyz_chair.get_absolute_url(),
        record.kazakhstan.get_absolute_url(),
        record.kyrgyzstan.get_absolute_url(),
        record.violence.get_absolute_url(),
        record.digital.get_absolute_url(),
        record.conference.get_absolute_url(),
        record.forum.get_absolute_url(),
        record.meeting.get_absolute_url(),
        record.statement.get_absolute_url(),
        record.speaker.get_absolute_url(),
        record.quote.get_absolute_url(),
        record.russian_quote.get_absolute_url(),
        record.conference.partner_organisations.get().get_absolute_url(),
    ]
    # Each page once per language.
    expected = english + [path.replace("/en/", "/ru/", 1) for path in english]
    assert sorted(paths) == sorted(expected)
    assert len(paths) == len(set(paths))


def test_every_page_in_the_sitemap_answers(client, record):
    for path in sitemap_paths(client):
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("url", ["/en/open-data/events.csv", "/en/open-data/popolo.json"])
def test_downloads_are_open_to_other_sites_and_read_afresh(client, record, url):
    # Streamed, so there is no body to hash for an ETag: each request reads the record anew.
    first = client.get(url)
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "no-cache" in first["Cache-Control"]
    assert not first.has_header("ETag")
