"""A stored address that is not http or https is never a live link, wherever it appears."""

import json
import re

import pytest

from chairmanships.models import Initiative
from dialogue.records.links import web_address
from events.models import Event, Organisation
from statements.models import JointStatement, Quote
from tests.factories_opendata import build_record

HOSTILE = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/phish",
    "http:evil",
]
LINK_TARGETS = re.compile(r"""<a\s[^>]*href=["']?([^"'\s>]*)""", re.IGNORECASE)
SAFE_TARGET = re.compile(r"(https?://|/|#|\?)", re.IGNORECASE)


@pytest.mark.parametrize("address", HOSTILE)
def test_only_http_and_https_addresses_count_as_web_addresses(address):
    assert web_address(address) == ""


@pytest.mark.parametrize("address", ["https://example.org/a?b=1", "HTTP://example.org"])
def test_web_addresses_are_kept(address):
    assert web_address(address) == address


@pytest.fixture(params=HOSTILE[:6], ids=repr)
def hostile(request, db):
    record = build_record()
    address = request.param
    for model in (Event, JointStatement, Quote):
        model.objects.update(source_url=address, source_title="")
    Initiative.objects.update(url=address)
    Organisation.objects.update(url=address)
    return record, address


def pages(record):
    return [
        record.conference.get_absolute_url(),
        record.statement.get_absolute_url(),
        record.quote.get_absolute_url(),
        record.kazakh_chair.get_absolute_url(),
    ]


def test_pages_show_a_hostile_stored_address_as_text_not_as_a_link(client, hostile):
    record, address = hostile
    for url in pages(record):
        html = client.get(url).content.decode()
        targets = LINK_TARGETS.findall(html)
        assert targets, url
        assert not [t for t in targets if not SAFE_TARGET.match(t)], url
        assert "script:" not in " ".join(targets).lower(), url
    # What was stored is still readable, as text.
    html = client.get(record.conference.get_absolute_url()).content.decode()
    assert "UN Women" in html and "Source:" in html


def test_the_api_and_popolo_never_give_a_hostile_address(client, hostile):
    record, address = hostile
    outputs = [
        f"/api/v1/events/{record.conference.slug}",
        f"/api/v1/statements/{record.statement.slug}",
        f"/api/v1/quotes/{record.quote.pk}",
        f"/api/v1/chairmanships/{record.kazakh_chair.slug}",
        "/api/v1/events",
        "/api/v1/popolo",
    ]
    for url in outputs:
        response = client.get(url)
        assert response.status_code == 200, url
        text = json.dumps(response.json())
        assert "script:" not in text.lower() and "data:text" not in text, url


def test_a_web_address_stays_a_link(client, db):
    record = build_record()
    html = client.get(record.conference.get_absolute_url()).content.decode()
    assert 'href="https://example.org/news/dialogue-2023" rel="external"' in html
