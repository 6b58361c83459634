"""Words from the record are shown as words: never as markup, never breaking out of JSON-LD."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def json_ld_blocks(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def assert_no_injected_script(html):
    assert "<script>alert(1)</script>" not in html
    # The only script elements are the JSON-LD one(s).
    assert html.count("<script") == len(json_ld_blocks(html))


def test_a_quote_containing_a_script_end_tag_is_escaped_on_the_page_and_in_json_ld(client):
    words = f"We said {HOSTILE} & meant it."
    quote = QuoteFactory(text=words, position_at_time=f"Minister {HOSTILE}")
    html = client.get(quote.get_absolute_url()).content.decode()

    assert_no_injected_script(html)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    blocks = json_ld_blocks(html)
    assert len(blocks) == 1
    assert "</" not in blocks[0] and "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["text"] == words
    assert data["creator"]["jobTitle"] == f"Minister {HOSTILE}"


def test_the_same_quote_is_escaped_on_the_event_speaker_and_home_pages(client):
    quote = QuoteFactory(text=HOSTILE)
    for url in (quote.event.get_absolute_url(), quote.speaker.get_absolute_url(), reverse("home")):
        html = client.get(url).content.decode()
        assert_no_injected_script(html)
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_titles_names_and_themes_are_escaped_everywhere_including_json_ld(client):
    state = MemberStateFactory(name=f"Land {HOSTILE}", official_name=f"Republic {HOSTILE}")
    event = EventFactory(
        title=f"Forum {HOSTILE}", theme=f"Theme {HOSTILE}", city=HOSTILE, host_state=state
    )
    statement = JointStatementFactory(event=event, title=f"Statement {HOSTILE}", text=HOSTILE)
    speaker = SpeakerFactory(name=f"Name {HOSTILE}", position=HOSTILE)
    for record in (event, statement, speaker, event.host_state):
        html = client.get(record.get_absolute_url()).content.decode()
        assert_no_injected_script(html)
        for block in json_ld_blocks(html):
            assert HOSTILE in json.dumps(json.loads(block), ensure_ascii=False)
    html = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(json_ld_blocks(html)[0])
    assert data["name"] == f"Forum {HOSTILE}"
    assert data["location"]["address"]["addressLocality"] == HOSTILE
    # The meta description and Open Graph attributes are escaped too.
    assert 'content="Theme &lt;/script&gt;' in html


def test_the_search_query_is_escaped_in_the_title_box_and_results(client):
    QuoteFactory(text=f"alert {HOSTILE}")
    response = client.get("/en/search/", {"q": 'alert "><script>alert(1)</script>'})
    html = response.content.decode()
    assert_no_injected_script(html)
    assert '"><script>' not in html
