"""Social cards: every public page says what a shared link shows, and each card is drawn
in the page's language (Cyrillic included), kept, and never made for a draft."""

# ruff: noqa: F811 (the demo fixture imported from browser_support is a test argument here)

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageChops, ImageDraw

from dialogue.records.models import PublicationStatus
from dialogue.site import cards
from tests.browser_support import LANGUAGES, demo, public_pages  # noqa: F401 (fixture)
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    QuoteFactory,
    SpeakerFactory,
)
from tests.factories_photos import EventPhotoFactory, image_bytes

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
REQUIRED = [
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:locale",
    "og:site_name",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.tags.setdefault(attrs.get("property") or attrs["name"], attrs.get("content"))


def meta_of(response):
    parser = Meta()
    parser.feed(response.content.decode())
    return parser.tags


def local(url):
    return urlsplit(url).path


def png(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(
        io.BytesIO(b"".join(getattr(response, "streaming_content", [])) or response.content)
    )
    assert image.format == "PNG"
    return image


def card_path(record, language="en"):
    with translation.override(language):
        kind, key, card = cards.card_of(record)
        return cards.card_url(kind, key, card)


# Every page


def test_every_public_page_type_carries_the_open_graph_and_twitter_tags(client, demo):
    seen_cards = set()
    for language in LANGUAGES:
        for page in public_pages(demo, language):
            if page.status != 200:
                continue
            tags = meta_of(client.get(page.path))
            missing = [name for name in REQUIRED if not tags.get(name)]
            assert not missing, f"{page.label} ({language}) lacks {missing}"
            assert tags["twitter:card"] == "summary_large_image"
            assert tags["og:locale"] == {"en": "en_GB", "ru": "ru_RU"}[language]
            assert tags["og:url"].endswith(urlsplit(page.path).path)
            assert tags["og:image"].startswith("http://testserver/")
            seen_cards.add(tags["og:image"])
    for url in seen_cards:
        response = client.get(local(url))
        assert response.status_code == 200, url
        assert response["Content-Type"] in ("image/png", "image/jpeg")


def test_each_record_page_has_its_own_card_and_other_pages_the_sites(client, demo):
    pages = {page.label: page.path for page in public_pages(demo, "en")}
    images = {
        label: meta_of(client.get(pages[label]))["og:image"]
        for label in pages
        if label
        in (
            "statement",
            "quote",
            "speaker",
            "chairmanship",
            "state",
            "topic",
            "year",
            "home",
            "events list",
            "timeline",
        )
    }
    for label in ("statement", "quote", "speaker", "chairmanship", "state", "topic", "year"):
        assert f"/en/cards/{ {'year': 'year'}.get(label, label) }/" in images[label], label
    assert "/en/cards/site/dialogue/" in images["home"]
    assert images["events list"] == images["timeline"] == images["home"]


# The image


def test_a_card_is_a_1200_by_630_png_kept_and_cached_for_a_year(client):
    event = EventFactory(title="Combating gender-based violence in the region")
    path = card_path(event)
    response = client.get(path)
    image = png(response)
    assert image.size == (1200, 630)
    assert "max-age=31536000" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    stored = default_storage.listdir("cards/event")[1]
    assert len(stored) == 1 and stored[0].startswith(f"{event.slug}-en-")
    assert client.get(path).content == response.content  # read back, not drawn again
    assert default_storage.listdir("cards/event")[1] == stored


def test_russian_pages_have_a_russian_card_drawn_in_cyrillic(client):
    event = EventFactory(
        title_en="Combating gender-based violence", title_ru="Противодействие гендерному насилию"
    )
    en = meta_of(client.get(event.get_absolute_url()))["og:image"]
    ru = meta_of(client.get("/ru" + event.get_absolute_url()[3:]))["og:image"]
    assert "/ru/cards/event/" in ru and en != ru.replace("/ru/", "/en/")
    english, russian = png(client.get(local(en))), png(client.get(local(ru)))
    assert russian.size == (1200, 630)
    assert ImageChops.difference(english.convert("RGB"), russian.convert("RGB")).getbbox()


def test_cyrillic_letters_are_drawn_as_letters_not_as_missing_glyph_boxes():
    face = cards.font(60, bold=True)
    assert cards.font_file(bold=True), "DejaVu Sans Bold was not found (fonts-dejavu-core)"

    def glyph(letter):
        image = Image.new("L", (100, 100))
        ImageDraw.Draw(image).text((10, 10), letter, font=face, fill=255)
        return image.tobytes()

    missing = glyph("\ue000")  # a private-use code point: DejaVu has no glyph for it
    for letter in "ЖДЮЯШ":
        drawn = glyph(letter)
        assert drawn != missing and any(drawn), letter
    with translation.override("ru"):
        one = cards.draw_card(cards.Card("Мероприятие", "Жизнь", "2023", "Диалог"))
        other = cards.draw_card(cards.Card("Мероприятие", "Шторм", "2023", "Диалог"))
    assert ImageChops.difference(
        Image.open(io.BytesIO(one)).convert("RGB"), Image.open(io.BytesIO(other)).convert("RGB")
    ).getbbox()


def test_a_long_title_is_wrapped_and_cut_inside_the_margins():
    title = " ".join(["Конференция о противодействии гендерному насилию в регионе"] * 6)
    face, size, lines = cards.title_lines(title, cards.WIDTH - 2 * cards.MARGIN)
    assert len(lines) <= 5 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= cards.WIDTH - 2 * cards.MARGIN for line in lines)
    one_word = "Ж" * 300
    _face, _size, cut = cards.title_lines(one_word, cards.WIDTH - 2 * cards.MARGIN)
    assert 1 < len(cut) <= 5
    image = Image.open(io.BytesIO(cards.draw_card(cards.Card("Событие", title, "2023", "Диалог"))))
    image = image.convert("RGB")

    def blank(box):
        part = image.crop(box)
        return not ImageChops.difference(
            part, Image.new("RGB", part.size, cards.BACKGROUND)
        ).getbbox()

    assert blank((cards.WIDTH - cards.MARGIN + 10, 0, cards.WIDTH, 600))  # nothing past the margin
    assert blank((0, 530 - 4, cards.WIDTH, 530))  # the title ends above the date


# Drafts, edits, photos


@pytest.mark.parametrize(
    "make",
    [
        lambda: EventFactory(publication_status=DRAFT),
        lambda: EventFactory(publish_at=timezone.now() + timedelta(days=1)),
        lambda: JointStatementFactory(event=EventFactory(publication_status=DRAFT)),
        lambda: QuoteFactory(publication_status=DRAFT),
        lambda: QuoteFactory(publication_status=DRAFT).speaker,
    ],
    ids=["draft event", "embargoed event", "statement of a draft", "draft quote", "speaker"],
)
def test_a_record_that_is_not_public_has_no_card(client, admin_client, make):
    record = make()
    if record._meta.model_name == "speaker":
        assert not record.is_public()
    path = card_path(record)
    assert client.get(path).status_code == 404
    assert admin_client.get(path).status_code == 404  # not even for staff: nothing to share
    assert not default_storage.exists("cards")
    if hasattr(record, "publication_status"):
        preview = admin_client.get(record.get_absolute_url(), {"preview": "1"})
        assert "/cards/site/dialogue/" in meta_of(preview)["og:image"]


def test_a_year_with_nothing_public_has_no_card(client):
    EventFactory(starts_on=timezone.localdate().replace(year=2011), publication_status=DRAFT)
    with translation.override("en"):
        kind, key, card = cards.year_card(2011)
        assert client.get(cards.card_url(kind, key, card)).status_code == 404
    assert client.get(reverse("card", args=["nothing", "x", "0"])).status_code == 404


def test_an_edit_gives_a_new_card_and_the_old_address_leads_to_it(client):
    event = EventFactory(title="First title")
    old = card_path(event)
    first = png(client.get(old))
    event.title = "Second title"
    event.save()
    new = card_path(event)
    assert new != old
    assert client.get(old).status_code == 302 and client.get(old)["Location"] == new
    assert ImageChops.difference(
        first.convert("RGB"), png(client.get(new)).convert("RGB")
    ).getbbox()


def test_an_event_with_photos_is_shared_with_its_first_photo(client):
    event = EventFactory()
    first = EventPhotoFactory(event=event, position=0, alt_text_en="The conference hall")
    EventPhotoFactory(event=event, position=1, image=ContentFile(image_bytes(600, 400), "b.jpg"))
    tags = meta_of(client.get(event.get_absolute_url()))
    assert tags["og:image"] == "http://testserver" + first.largest_jpeg()["url"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "800")
    assert tags["og:image:alt"] == "The conference hall"
    assert tags["og:image:type"] == "image/jpeg"
    assert client.get(local(tags["og:image"])).status_code == 200


def test_a_quote_and_a_speaker_card_name_the_speaker(client):
    quote = QuoteFactory(speaker=SpeakerFactory(name="Tanzila Narbaeva"))
    with translation.override("en"):
        _kind, _key, card = cards.card_of(quote)
    assert "Tanzila Narbaeva" in card.label and card.title.startswith("“")
    assert png(client.get(card_path(quote.speaker))).size == (1200, 630)
    assert re.search(r"/en/cards/quote/\d+/", card_path(quote))


def test_a_card_cached_by_the_page_cache_goes_when_its_record_is_withdrawn(client):
    event = EventFactory()
    path = card_path(event)
    assert client.get(path)["X-Cache"] == "MISS"
    assert client.get(path)["X-Cache"] == "HIT"
    event.publication_status = DRAFT
    event.save()
    assert client.get(path).status_code == 404
