"""The sitemap as an index of pages, and the downloads streamed a chunk at a time (issue 14)."""

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.test import RequestFactory

from dialogue.opendata import downloads, sitemaps
from dialogue.opendata.popolo import PopoloExport
from statements.models import Quote
from tests.factories import EventFactory, QuoteFactory
from tests.factories_opendata import build_record

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def record(db):
    return build_record()


def locations(client, path, tag):
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    return [loc.text.removeprefix("http://testserver") for loc in root.findall(f"{tag}/sm:loc", NS)]


def test_the_sitemap_is_an_index_of_small_pages_holding_every_public_record_once(
    client, record, monkeypatch
):
    monkeypatch.setattr(sitemaps.RecordPages, "limit", 4)  # two records (two languages) a page
    quotes = [QuoteFactory(event=record.conference) for _ in range(5)]
    draft = QuoteFactory(event=record.conference, publication_status="draft")
    pages = locations(client, "/sitemap.xml", "sm:sitemap")
    assert "/sitemap-lists.xml" in pages
    assert "/sitemap-quotes.xml?p=2" in pages
    assert len(pages) == len(set(pages))
    seen = []
    for page in pages:
        urls = locations(client, page, "sm:url")
        assert len(urls) <= 4 or page.startswith("/sitemap-lists.xml"), page
        seen += urls
    assert len(seen) == len(set(seen))
    for quote in [*quotes, record.quote]:
        assert f"/en/quotes/{quote.pk}/" in seen
        assert f"/ru/quotes/{quote.pk}/" in seen
    assert f"/en/quotes/{draft.pk}/" not in seen
    quote_pages = [page for page in pages if page.startswith("/sitemap-quotes.xml")]
    assert len(quote_pages) == -(
        -(Quote.objects.order_by("-pk")[0].pk - Quote.objects.order_by("pk")[0].pk + 1) // 2
    )
    assert client.get(f"/sitemap-quotes.xml?p={len(quote_pages) + 1}").status_code == 404
    assert client.get("/sitemap-quotes.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_index(client, db):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text.splitlines()


def test_a_sitemap_page_costs_the_same_queries_however_many_records(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get("/sitemap-quotes.xml")
    for _ in range(20):
        QuoteFactory(event=record.conference)
    with django_assert_max_num_queries(4):
        client.get("/sitemap-quotes.xml")


def test_popolo_json_is_streamed_and_the_same_bytes_as_the_whole_document(client, record):
    response = client.get("/en/open-data/popolo.json")
    assert response.streaming
    request = RequestFactory().get("/en/open-data/popolo.json")
    document = PopoloExport(request).document()
    expected = json.dumps(document, ensure_ascii=False, indent=2).encode()
    assert response.content == expected
    assert json.loads(response.content)["speeches"]


def test_csv_files_come_in_chunks_of_rows(client, record, monkeypatch):
    monkeypatch.setattr(downloads, "ROWS_PER_CHUNK", 2)
    for _ in range(6):
        QuoteFactory(event=record.conference)
    response = client.get("/en/open-data/quotes.csv")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3
    text = b"".join(chunks).decode()
    request = RequestFactory().get("/en/open-data/quotes.csv")
    assert text == downloads.TABLES["quotes"].as_text(request)
    assert text.count("\r\n") == Quote.objects.published().count() + 1


def test_a_csv_costs_the_same_queries_for_few_or_many_rows(
    client, record, django_assert_max_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get("/en/open-data/events.csv").streaming_content)
        return len(queries)

    few = count()
    for _ in range(15):
        EventFactory()
    assert count() == few


def test_the_zip_is_streamed_and_holds_every_file(client, record):
    response = client.get("/en/open-data/dialogue-records.zip")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > len(downloads.TABLES)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert names == {"README.txt", "popolo.json", *(t.filename for t in downloads.TABLES.values())}
    request = RequestFactory().get("/en/open-data/dialogue-records.zip")
    popolo = archive.read("dialogue-records/popolo.json")
    assert json.loads(popolo) == PopoloExport(request).document()
    quotes = archive.read("dialogue-records/quotes.csv").decode()
    assert quotes == downloads.TABLES["quotes"].as_text(request)
