"""Search in English and Russian: each language's text is searched with its own rules, and
the results read in the visitor's language (falling back to English)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, JointStatementFactory

pytestmark = pytest.mark.django_db


def hits(client, q, key, language):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    section = next(s for s in response.context["sections"] if s["key"] == key)
    return section["hits"]


@pytest.fixture
def water_event():
    return EventFactory(
        title_en="Conference on water resources",
        title_ru="Конференция о водных ресурсах",
        theme_en="Sharing rivers",
        theme_ru="Совместное использование рек",
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_russian_word_finds_the_record_whatever_the_interface_language(
    client, water_event, language
):
    assert [hit.record for hit in hits(client, "водных", "events", language)] == [water_event]


def test_russian_words_are_found_in_any_grammatical_form(client, water_event, on_postgres):
    """The Russian text is read with PostgreSQL's `russian` configuration: «ресурсы»
    (nominative plural) finds «ресурсах» (prepositional), «реки» finds «рек»."""
    assert [hit.record for hit in hits(client, "ресурсы", "events", "ru")] == [water_event]
    assert [hit.record for hit in hits(client, "реки", "events", "ru")] == [water_event]


def test_english_words_are_still_stemmed_as_english(client, water_event, on_postgres):
    assert [hit.record for hit in hits(client, "resource", "events", "en")] == [water_event]


def test_the_russian_page_shows_the_russian_title_marked(client, water_event, on_postgres):
    (hit,) = hits(client, "ресурсы", "events", "ru")
    assert hit.title == "Конференция о водных <mark>ресурсах</mark>"


def test_a_record_without_russian_text_is_found_and_shown_in_english(client):
    statement = JointStatementFactory(title_en="Declaration on rural girls' schooling", title_ru="")
    (hit,) = hits(client, "schooling", "statements", "ru")
    assert hit.record == statement
    assert "Declaration on rural girls" in hit.title


def test_the_english_fallback_is_marked_as_english_in_the_results(client):
    JointStatementFactory(title_en="Declaration on rural girls' schooling", title_ru="")
    with translation.override("ru"):
        url = reverse("search")
    html = client.get(url, {"q": "schooling"}).content.decode()
    assert 'class="record-title"' in html
    start = html.index('class="record-title"')
    assert 'lang="en"' in html[start : html.index(">", start)]
