"""Event photos: cleaned of location data, limited by type and size, shown as a gallery.

Every test stores files in a temporary MEDIA_ROOT, so what was stored can be read back.
"""

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains

from dialogue.records.models import PublicationStatus
from events.models import EventPhoto
from events.photos import ensure_renditions
from tests.admin_support import management_form
from tests.factories import EventFactory
from tests.factories_photos import GPS_IFD, EventPhotoFactory, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    root = Path(media)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def read_back(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def photo_from(content, name="photo.jpg", **fields):
    return EventPhotoFactory(image=ContentFile(content, name=name), **fields)


# Renditions


def test_a_photo_gets_webp_and_jpeg_renditions_at_each_width_up_to_its_own():
    photo = photo_from(image_bytes(1200, 800))
    made = {(r["format"], r["width"], r["height"]) for r in photo.renditions}
    assert made == {
        (kind, width, height)
        for kind in ("webp", "jpg")
        for width, height in ((480, 320), (960, 640), (1200, 800))
    }
    for rendition in photo.renditions:
        with Image.open(io.BytesIO(read_back(rendition["name"]))) as image:
            assert image.format == {"webp": "WEBP", "jpg": "JPEG"}[rendition["format"]]
            assert image.size == (rendition["width"], rendition["height"])


def test_a_large_photo_is_rendered_no_wider_than_1600_and_a_small_one_never_enlarged():
    large = photo_from(image_bytes(2400, 1600))
    assert sorted({r["width"] for r in large.renditions}) == [480, 960, 1600]
    small = photo_from(image_bytes(400, 300, "PNG"), name="small.png")
    assert {r["width"] for r in small.renditions} == {400}
    assert (small.width, small.height) == (400, 300)


def test_a_transparent_png_gets_a_jpeg_rendition_on_white():
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = photo_from(out.getvalue(), name="logo.png")
    jpeg = next(r for r in photo.renditions if r["format"] == "jpg")
    with Image.open(io.BytesIO(read_back(jpeg["name"]))) as rendered:
        assert rendered.mode == "RGB"
        assert rendered.getpixel((10, 10)) == (255, 255, 255)


# Metadata


def has_location_or_camera(content):
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return bool(
            exif.get_ifd(GPS_IFD) or exif.get(0x010F) or exif.get(0x0110) or "exif" in image.info
        )


def test_the_location_and_camera_are_removed_from_the_stored_photo_and_every_rendition():
    upload = image_bytes(gps=True)
    assert has_location_or_camera(upload)  # the test's own file does carry them
    photo = photo_from(upload)
    for name in [photo.image.name, *(r["name"] for r in photo.renditions)]:
        content = read_back(name)
        assert not has_location_or_camera(content), name
        assert b"Test camera" not in content, name
        assert b"Exif\x00\x00" not in content, name


@pytest.mark.parametrize("fmt, name", [("PNG", "photo.png"), ("WEBP", "photo.webp")])
def test_png_and_webp_uploads_lose_their_exif_too(fmt, name):
    photo = photo_from(image_bytes(fmt=fmt, gps=True), name=name)
    assert photo.image.name.endswith(name.rsplit(".", 1)[1])
    assert not has_location_or_camera(read_back(photo.image.name))


def test_a_photo_taken_sideways_is_stored_upright_as_its_orientation_tag_says():
    # Orientation 6: the camera was turned; shown rotated 90° clockwise.
    photo = photo_from(image_bytes(1200, 800, orientation=6))
    assert (photo.width, photo.height) == (800, 1200)
    with Image.open(io.BytesIO(read_back(photo.image.name))) as image:
        assert image.size == (800, 1200)
        assert 0x0112 not in image.getexif()
        # The dark left half of the upload is now on top.
        assert sum(image.getpixel((400, 50))) < 150 and sum(image.getpixel((400, 1150))) > 250


def test_the_stored_name_is_made_by_the_site_not_taken_from_the_upload():
    photo = photo_from(image_bytes(), name="../../etc/passwd.jpg")
    assert re.fullmatch(r"events/conference-\d+/photos/[0-9a-f]{32}\.jpg", photo.image.name)


# Limits, through the event's admin page


def event_with_photo(event, upload, **fields):
    return {
        "title_en": event.title,
        "kind": event.kind,
        "status": event.status,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "date_precision": event.date_precision,
        "city": event.city,
        **management_form("statements"),
        **management_form("quotes"),
        **management_form("documents"),
        **management_form("participations"),
        **management_form("photos", total=1),
        "photos-0-image": upload,
        "photos-0-alt_text_en": "Delegates at the conference table",
        "photos-0-alt_text_ru": "Делегаты за столом конференции",
        "photos-0-caption_en": "The closing session in Astana",
        "photos-0-caption_ru": "Заключительное заседание в Астане",
        "photos-0-credit_en": "Press service of the Mazhilis",
        "photos-0-credit_ru": "Пресс-служба Мажилиса",
        "photos-0-position": "0",
        **fields,
    }


def upload(admin_client, event, name, content, **fields):
    return admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_with_photo(event, SimpleUploadedFile(name, content), **fields),
    )


def test_staff_add_a_photo_on_the_events_page_and_see_its_preview(admin_client, media):
    event = EventFactory()
    response = upload(admin_client, event, "closing.jpg", image_bytes(gps=True))
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = EventPhoto.objects.get(event=event)
    assert photo.alt_text_ru == "Делегаты за столом конференции"
    assert photo.credit_en == "Press service of the Mazhilis"
    assert len(stored_files(media)) == 1 + 6
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assertContains(page, f'src="{photo.fallback()["url"]}"')
    assertContains(page, 'accept="image/jpeg,image/png,image/webp"')


def test_staff_change_a_caption_without_uploading_the_photo_again(admin_client, media):
    photo = EventPhotoFactory(caption_en="Old caption")
    event, image_name = photo.event, photo.image.name
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert image_name not in page.content.decode()  # no "Currently:" link to the storage
    data = event_with_photo(
        event,
        "",
        **management_form("photos", total=1, initial=1),
        **{
            "photos-0-id": photo.pk,
            "photos-0-event": event.pk,
            "photos-0-loaded_version": photo.version,
            "photos-0-alt_text_en": photo.alt_text_en,
            "photos-0-caption_en": "New caption",
        },
    )
    del data["photos-0-image"]
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    photo.refresh_from_db()
    assert photo.caption_en == "New caption"
    assert photo.image.name == image_name and len(photo.renditions) == 6


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.jpg", b"This is plain text renamed to .jpg"),
        ("photo.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("photo.png", b"\x89PNG\r\n\x1a\n truncated"),
        ("photo.webp", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("photo.jpg", image_bytes()[:400]),  # a truncated JPEG: header only
        ("photo.tiff", None),  # a real image, of a type not taken
    ],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_photo_is_refused_and_nothing_stored(
    admin_client, media, name, content
):
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (400, 300)).save(out, "TIFF")
        content = out.getvalue()
    event = EventFactory()
    response = upload(admin_client, event, name, content)
    assert response.status_code == 200
    assertContains(response, f"“{name}” is not a JPEG, PNG or WebP photo, whatever its name says")
    assert not EventPhoto.objects.exists()
    assert stored_files(media) == []


def test_a_photo_over_the_size_limit_is_refused_with_both_sizes(admin_client, media, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 10_000
    content = image_bytes(1200, 800, "PNG", colour=(1, 2, 3)) + b"\0" * 20_000
    response = upload(admin_client, EventFactory(), "big.png", content)
    assertContains(response, "“big.png” is ")
    assertContains(response, "a photo can be at most 9.8\xa0KB")
    assert not EventPhoto.objects.exists()
    assert stored_files(media) == []


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(
    admin_client, media, settings
):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    response = upload(admin_client, EventFactory(), "wide.jpg", image_bytes(2000, 1000))
    assertContains(response, "“wide.jpg” has 2000 × 1000 pixels; a photo can have at most 1 mill")
    assert stored_files(media) == []


def test_a_decompression_bomb_is_refused_with_the_pixel_limit(admin_client, media):
    # A few kilobytes of PNG that would unpack into 900 million pixels.
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, "PNG")
    assert len(out.getvalue()) < 200_000
    response = upload(admin_client, EventFactory(), "bomb.png", out.getvalue())
    assertContains(response, "“bomb.png” has ")
    assertContains(response, "a photo can have at most 40 million pixels")
    assert not EventPhoto.objects.exists()
    assert stored_files(media) == []


def test_a_tiny_image_is_refused_as_too_small_to_see(admin_client, media):
    response = upload(admin_client, EventFactory(), "icon.png", image_bytes(64, 64, "PNG"))
    assertContains(response, "“icon.png” is only 64 × 64 pixels")
    assert stored_files(media) == []


def test_a_photo_without_a_description_is_refused(admin_client, media):
    response = upload(
        admin_client, EventFactory(), "p.jpg", image_bytes(), **{"photos-0-alt_text_en": ""}
    )
    assert response.status_code == 200
    assertContains(response, "This field is required")
    assert not EventPhoto.objects.exists()
    with pytest.raises(ValidationError) as refused:
        EventPhoto(event=EventFactory(), image="events/x.jpg").full_clean()
    assert "alt_text_en" in refused.value.message_dict or "alt_text" in refused.value.message_dict


# Who may see the files


def draft_photo():
    return EventPhotoFactory(event=EventFactory(publication_status=PublicationStatus.DRAFT))


def embargoed_photo():
    return EventPhotoFactory(event=EventFactory(publish_at=timezone.now() + timedelta(days=1)))


def every_address(photo):
    return [
        photo.url,
        *(photo.file_url(r["name"]) for r in photo.renditions),
        f"/media/{photo.image.name}",
    ]


@pytest.mark.parametrize("make", [draft_photo, embargoed_photo])
def test_a_non_public_events_photos_and_renditions_are_not_found_by_the_public(client, make):
    photo = make()
    for address in every_address(photo):
        assert client.get(address).status_code == 404, address
    assert client.get(photo.event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("make", [draft_photo, embargoed_photo])
def test_staff_see_a_drafts_photos_never_cached(admin_client, make):
    photo = make()
    response = admin_client.get(photo.fallback()["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    preview = admin_client.get(photo.event.get_absolute_url(), {"preview": "1"})
    assertContains(preview, photo.fallback()["url"])


def test_a_public_photo_is_served_with_its_type_and_revalidated_by_its_name(client):
    photo = EventPhotoFactory()
    webp = next(r for r in photo.renditions if r["format"] == "webp")
    response = client.get(photo.file_url(webp["name"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    again = client.get(photo.file_url(webp["name"]), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    photo.event.publication_status = PublicationStatus.DRAFT
    photo.event.save()
    gone = client.get(photo.file_url(webp["name"]), headers={"if-none-match": response["ETag"]})
    assert gone.status_code == 404


def test_a_name_that_is_not_one_of_the_photos_files_is_not_found(client):
    photo = EventPhotoFactory()
    other = EventPhotoFactory()
    assert client.get(reverse("event_photo", args=[photo.pk, "x.jpg"])).status_code == 404
    foreign = other.image.name.rsplit("/", 1)[1]
    assert client.get(reverse("event_photo", args=[photo.pk, foreign])).status_code == 404


# The gallery


class Gallery(HTMLParser):
    """The gallery's figures: each <img>, its <source>s and its caption's text."""

    def __init__(self):
        super().__init__()
        self.figures, self._in_caption = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "gallery-photo" in attrs.get("class", ""):
            self.figures.append({"sources": [], "img": None, "caption": ""})
        elif self.figures and tag == "source":
            self.figures[-1]["sources"].append(attrs)
        elif self.figures and tag == "img" and self.figures[-1]["img"] is None:
            self.figures[-1]["img"] = attrs
        elif self.figures and tag == "figcaption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.figures[-1]["caption"] += data


def gallery_of(response):
    parser = Gallery()
    parser.feed(response.content.decode())
    return parser.figures


def test_the_event_page_shows_each_photo_responsive_sized_lazy_and_captioned(client):
    event = EventFactory()
    first = EventPhotoFactory(event=event, position=0, caption_en="Opening", credit_en="A. Photo")
    EventPhotoFactory(event=event, position=1, caption_en="Closing")
    figures = gallery_of(client.get(event.get_absolute_url()))
    assert len(figures) == 2
    for figure in figures:
        types = [source["type"] for source in figure["sources"]]
        assert types == ["image/webp", "image/jpeg"]
        for source in figure["sources"]:
            assert re.fullmatch(r"(/photos/\d+/\S+ \d+w, )*/photos/\d+/\S+ \d+w", source["srcset"])
            assert "480w" in source["srcset"] and source["sizes"]
        img = figure["img"]
        assert img["alt"].startswith("Delegates at the conference table")
        assert (int(img["width"]), int(img["height"])) == (960, 640)
    assert "loading" not in figures[0]["img"]  # the first is wanted at once
    assert figures[1]["img"]["loading"] == "lazy"
    assert "Opening" in figures[0]["caption"] and "Photo: A. Photo" in figures[0]["caption"]
    assert figures[0]["img"]["src"] == first.fallback()["url"]


def test_the_russian_page_shows_the_russian_caption_credit_and_description(client):
    photo = EventPhotoFactory(
        alt_text_ru="Делегаты за столом", caption_ru="Закрытие", credit_ru="Пресс-служба"
    )
    figures = gallery_of(client.get(f"/ru{photo.event.get_absolute_url()[3:]}"))
    assert figures[0]["img"]["alt"] == "Делегаты за столом"
    assert "Закрытие" in figures[0]["caption"] and "Пресс-служба" in figures[0]["caption"]


def test_a_photo_whose_renditions_are_missing_shows_its_original_until_they_are_made(client):
    photo = EventPhotoFactory()
    EventPhoto.objects.filter(pk=photo.pk).update(renditions=[])
    photo.refresh_from_db()
    figures = gallery_of(client.get(photo.event.get_absolute_url()))
    assert figures[0]["img"]["src"] == photo.url
    assert (figures[0]["img"]["width"], figures[0]["img"]["height"]) == ("1200", "800")
    assert client.get(photo.url).status_code == 200
    assert ensure_renditions(photo)
    photo.save()
    assert len(EventPhoto.objects.get(pk=photo.pk).renditions) == 6


def test_an_event_without_photos_has_no_gallery(client):
    event = EventFactory()
    assert 'class="gallery"' not in client.get(event.get_absolute_url()).content.decode()


def test_an_event_page_with_photos_costs_the_same_queries_however_many(
    client, django_assert_max_num_queries
):
    counts = []
    for how_many in (1, 5):
        event = EventFactory()
        for _ in range(how_many):
            EventPhotoFactory(event=event, image=ContentFile(image_bytes(300, 200), "p.jpg"))
        with django_assert_max_num_queries(9) as queries:
            assert client.get(event.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_demo_conference_has_a_described_gallery_in_both_languages_loaded_once(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_data", stdout=StringIO())
    photos = list(EventPhoto.objects.all())
    assert len(photos) == 3
    for photo in photos:
        for field in ("alt_text", "caption", "credit"):
            assert getattr(photo, f"{field}_en") and getattr(photo, f"{field}_ru"), field
        assert len(photo.renditions) == 6
    names = {photo.pk: photo.image.name for photo in photos}
    call_command("load_demo_data", stdout=StringIO())
    assert {photo.pk: photo.image.name for photo in EventPhoto.objects.all()} == names
    figures = gallery_of(client.get(photos[0].event.get_absolute_url()))
    assert [figure["img"]["alt"] for figure in figures] == [p.alt_text_en for p in photos]
