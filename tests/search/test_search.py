"""One search box over events, statements, quotes and speakers, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import EventFactory, JointStatementFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    event = EventFactory(
        title="Combating Gender-Based Violence in the Region",
        theme="Exploring efficient and sustainable collective solutions",
        city="Astana",
    )
    statement = JointStatementFactory(
        event=event,
        title="Joint statement on legislative mechanisms",
        text="The participants support legislative and legal mechanisms for protecting women.",
    )
    speaker = SpeakerFactory(
        name="Zhuldyz Suleimenova",
        position="Member of the Mazhilis",
        organisation="Parliament of Kazakhstan",
    )
    quote = QuoteFactory(
        speaker=speaker,
        event=event,
        text="The Technovation Girls programme raises women's knowledge of digitalization.",
    )
    return {"event": event, "statement": statement, "speaker": speaker, "quote": quote}


def search(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response


def found(response, key):
    for section in response.context["sections"]:
        if section["key"] == key:
            return [hit.record for hit in section["hits"]]
    return []


def test_search_page_without_a_query_explains_what_to_type(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_q">Search the record</label>' in html
    assert "Type a word or a phrase" in html


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_search_explains_what_to_type(client, q):
    response = client.get(reverse("search"), {"q": q}, follow=True)
    assert response.redirect_chain == [(reverse("search"), 302)]  # nothing asked: no query
    assert "Type a word or a phrase" in response.content.decode()


@pytest.mark.parametrize("q", ["!!!", "?", "— … —", "'\"", "%", "_", "*:&|"])
def test_search_of_only_punctuation_gets_advice_not_an_error(client, record, q):
    html = search(client, q).content.decode()
    assert "has no letters or numbers" in html


@pytest.mark.parametrize("q", ["x" * 5000, "violence " * 600])
def test_very_long_search_is_refused_politely(client, record, q):
    html = search(client, q).content.decode()
    assert "That is too long to search for" in html
    assert 'aria-invalid="true"' in html


def test_search_with_a_null_character_is_refused_politely(client, record):
    response = client.get(reverse("search") + "?q=violence%00")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("q", "key", "name"),
    [
        ("violence", "events", "event"),
        ("Astana", "events", "event"),
        ("legislative", "statements", "statement"),
        ("Technovation", "quotes", "quote"),
        ("Suleimenova", "speakers", "speaker"),
        ("Mazhilis", "speakers", "speaker"),
        ("Suleimenova", "quotes", "quote"),
    ],
)
def test_search_finds_each_kind_of_record(client, record, q, key, name):
    assert record[name] in found(search(client, q), key)


def test_search_marks_the_matching_words(client, record):
    html = search(client, "Technovation").content.decode()
    assert "<mark>Technovation</mark>" in html


def test_search_with_several_words_finds_records_having_them_all(client, record):
    response = search(client, "legislative women")
    assert record["statement"] in found(response, "statements")
    assert found(search(client, "legislative zebra"), "statements") == []


def test_search_that_finds_nothing_offers_ways_to_browse(client, record):
    html = search(client, "zebra").content.decode()
    assert "0 results" in html
    assert reverse("events:event_list") in html


def test_search_escapes_the_query_and_the_records(client):
    QuoteFactory(text="Beware <b>bold</b> & <script>alert(1)</script> claims.")
    q = "<script>alert(1)</script>"
    html = search(client, q).content.decode()
    body = html.split("</head>")[1]
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    html = search(client, "Beware").content.decode()
    assert "<mark>Beware</mark>" in html
    assert "<b>bold</b>" not in html
    assert "<script>alert(1)" not in html
    if connection.vendor != "postgresql":  # ts_headline drops tag-like text; SQLite keeps it
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_search_only_shows_published_records(client, record, monkeypatch):
    from events.models import EventQuerySet

    monkeypatch.setattr(EventQuerySet, "published", lambda self: self.none())
    response = search(client, "violence")
    assert found(response, "events") == []
    assert found(response, "statements") == []


def test_substrings_are_found_without_full_text_search(client, record):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL searches whole words (full-text search)")
    assert record["quote"] in found(search(client, "novation"), "quotes")
    assert "Tech<mark>novation</mark>" in search(client, "novation").content.decode()


def test_full_text_search_ranks_title_matches_first_and_stems_words(client, on_postgres):
    in_summary = EventFactory(title="Annual meeting", summary="Digital skills for women.")
    in_title = EventFactory(title="Digital skills forum", summary="A forum.")
    response = search(client, "digital skills")
    assert found(response, "events") == [in_title, in_summary]
    # Stemming: "skill" finds "skills".
    assert in_title in found(search(client, "skill"), "events")
    assert "<mark>Digital</mark> <mark>skills</mark>" in response.content.decode()


def test_full_text_search_accepts_web_search_syntax(client, record, on_postgres):
    assert record["event"] in found(search(client, '"gender-based violence" -zebra'), "events")
    assert found(search(client, "violence -combating"), "events") == []
