"""The Russian pages: the city and venue in Russian (or marked as English), Russian
quotation marks around a theme, and no double full stop after a Russian date."""

from datetime import date

import pytest
from django.utils import translation

from events.models import Event
from tests.factories import EventFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        title_en="Dialogue of Women",
        theme_en="Women and peace",
        theme_ru="Женщины и мир",
        city_en="Astana",
        city_ru="Астана",
        venue_en="Palace of Independence",
        venue_ru="Дворец Независимости",
        starts_on=date(2025, 3, 6),
        ends_on=None,
        source_title="",
    )


def ru(record):
    with translation.override("ru"):
        return record.get_absolute_url()


def en(record):
    with translation.override("en"):
        return record.get_absolute_url()


def test_city_and_venue_are_kept_per_language():
    assert {"city_en", "city_ru", "venue_en", "venue_ru"} <= {
        field.name for field in Event._meta.get_fields()
    }


def test_the_russian_event_page_shows_the_russian_place_and_the_theme_in_russian_quotes(
    client, event
):
    html = client.get(ru(event)).content.decode()
    assert "Дворец Независимости" in html and "Астана" in html
    assert "Astana" not in html and "Palace of Independence" not in html
    assert "«Женщины и мир»" in html
    assert "“Женщины и мир”" not in html
    english = client.get(en(event)).content.decode()
    assert "“Women and peace”" in english and "Astana" in english


def test_a_place_without_russian_is_marked_as_english_on_russian_pages(client):
    event = EventFactory(city_en="Bishkek", city_ru="", venue_en="Ala-Too Hall", venue_ru="")
    html = client.get(ru(event)).content.decode()
    assert '<span lang="en" class="untranslated">Bishkek</span>' in html
    assert '<span lang="en" class="untranslated">Ala-Too Hall</span>' in html


def test_the_russian_event_list_and_home_show_the_russian_city(client, event):
    for url in ("/ru/", "/ru/events/"):
        html = client.get(url).content.decode()
        assert "Астана" in html and "Astana" not in html, url


def test_the_russian_citation_line_has_no_double_full_stop(client, event):
    """The quote's citation (the Cite block, rendered from CSL) reads cleanly in Russian and
    English: no double full stop after a date or anywhere else, the city in the language."""
    quote = QuoteFactory(event=event, source_title="")
    for url, city in ((ru(quote), "Астана"), (en(quote), "Astana")):
        html = client.get(url).content.decode()
        block = html.split('class="citation-line">', 1)[1].split("</p>", 1)[0]
        assert ".." not in block.replace("...", "")
        assert "г.." not in html
        assert city in html
