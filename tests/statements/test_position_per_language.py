"""The speaker's position at the time of a quote, in each language, and what the Russian
pages say about it."""

import pytest
from django.utils import translation

from dialogue.records.models import PublicationStatus
from statements.models import Quote
from tests.factories import EventFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

EN = "Member of the Mazhilis"
RU = "Депутат Мажилиса"


def quote_left_empty(speaker, **fields):
    """A quote entered as staff do when they leave "Position when speaking" empty."""
    quote = Quote(
        speaker=speaker,
        event=EventFactory(),
        text="We act together.",
        publication_status=PublicationStatus.PUBLISHED,
        **fields,
    )
    quote.full_clean()
    quote.save()
    return quote


@pytest.fixture
def speaker():
    return SpeakerFactory(position_en=EN, position_ru=RU)


def test_an_empty_position_is_copied_from_the_speaker_in_every_language(speaker):
    quote = quote_left_empty(speaker)
    assert (quote.position_at_time_en, quote.position_at_time_ru) == (EN, RU)


def test_a_position_typed_in_english_is_not_mixed_with_the_speakers_russian(speaker):
    quote = quote_left_empty(speaker, position_at_time_en="Minister of Labour")
    assert quote.position_at_time_en == "Minister of Labour"
    assert not quote.position_at_time_ru


def test_the_russian_quote_page_shows_the_russian_position_and_no_change(client, speaker):
    quote = quote_left_empty(speaker)
    with translation.override("ru"):
        url = quote.get_absolute_url()
    html = client.get(url).content.decode()
    assert RU in html
    assert EN not in html
    assert "Должность сейчас" not in html


def test_the_russian_event_and_speaker_pages_show_the_russian_position(client, speaker):
    quote = quote_left_empty(speaker)
    with translation.override("ru"):
        pages = [quote.event.get_absolute_url(), speaker.get_absolute_url()]
    for url in pages:
        html = client.get(url).content.decode()
        assert RU in html, url
        assert EN not in html, url


def test_an_english_only_position_is_marked_as_english_on_russian_pages(client):
    speaker = SpeakerFactory(position_en=EN, position_ru="")
    quote = quote_left_empty(speaker)
    with translation.override("ru"):
        pages = [quote.get_absolute_url(), quote.event.get_absolute_url()]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'<span lang="en" class="untranslated">{EN}</span>' in html, url
    assert "Должность сейчас" not in client.get(pages[0]).content.decode()


def test_the_quote_page_says_the_position_changed_only_when_it_did(client, speaker):
    quote = quote_left_empty(speaker, position_at_time_en="Minister of Labour")
    with translation.override("ru"):
        url = quote.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Должность сейчас" in html and RU in html
    assert (
        "Position now"
        in client.get(quote.get_absolute_url().replace("/ru/", "/en/")).content.decode()
    )
