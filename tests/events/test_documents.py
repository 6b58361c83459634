"""Event documents: uploads judged by their content, stored under safe names, listed publicly.

Every test stores files in a temporary MEDIA_ROOT, so "nothing stored" can be checked by
looking at the folder.
"""

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from dialogue.records.models import PublicationStatus
from events.documents import DOCX, JPEG, PDF, PNG, WEBP, detect_type
from events.models import Event, EventDocument
from tests.admin_support import management_form
from tests.browser_support import vnu_command
from tests.factories import PDF_BYTES, PNG_BYTES, EventDocumentFactory, EventFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP_BYTES = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11"
    b"\x88\x88\xfe\x07\x00"
)


def docx_bytes(*, macros=False, document=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if document:
            archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 50_000
    return settings.MEDIA_ROOT


def stored_files(media):
    root = Path(media)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def event_with_upload(event, upload, **fields):
    """The event's admin page posted with one new document."""
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
        **management_form("participations"),
        **management_form("documents", total=1),
        "documents-0-title": "Programme",
        "documents-0-kind": "programme",
        "documents-0-language": "en",
        "documents-0-position": "0",
        "documents-0-caption": "",
        "documents-0-alt_text": "",
        "documents-0-file": upload,
        **fields,
    }


def upload(admin_client, event, name, content, **fields):
    return admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_with_upload(event, SimpleUploadedFile(name, content), **fields),
    )


# Types are told by content.


@pytest.mark.parametrize(
    "content, kind",
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (WEBP_BYTES, WEBP),
        (docx_bytes(), DOCX),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script></html>", None),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (docx_bytes(document=False), None),
        (docx_bytes(macros=True), None),
        (b"", None),
    ],
)
def test_the_type_of_a_file_is_told_by_its_content(content, kind):
    assert detect_type(io.BytesIO(content)) == kind


def test_a_pdf_is_uploaded_and_stored_under_a_safe_name(admin_client, media):
    event = EventFactory(slug="dialogue-2024")
    response = upload(admin_client, event, "Programme (final).pdf", PDF_BYTES)
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.file.name.startswith("events/dialogue-2024/programme-final-")
    assert document.file.name.endswith(".pdf")
    assert stored_files(media) == [document.file.name]
    assert document.history.get().history_type == "+"


def test_a_file_with_a_wrong_name_is_stored_with_the_extension_of_its_content(admin_client):
    event = EventFactory(slug="dialogue-2024")
    response = upload(
        admin_client, event, "photo.pdf", PNG_BYTES, **{"documents-0-alt_text": "Delegates"}
    )
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


@pytest.mark.parametrize(
    "name, content",
    [
        ("programme.pdf", b"This is plain text renamed to .pdf"),
        ("agenda.docx", b"PK\x03\x04 not really a zip"),
        ("photo.jpg", b"GIF89a\x01\x00\x01\x00"),
        ("participants.pdf", b"<html><body>phishing</body></html>"),
        ("statement.docx", docx_bytes(macros=True)),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_whatever_its_name_and_nothing_is_stored(
    admin_client, media, name, content
):
    event = EventFactory()
    response = upload(admin_client, event, name, content)
    assert response.status_code == 200
    assertContains(response, f"“{name}” is not a PDF, Word (DOCX), PNG, JPEG or WebP file")
    assert not EventDocument.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_with_both_sizes_and_nothing_is_stored(
    admin_client, media
):
    event = EventFactory()
    big = PDF_BYTES + b"0" * 60_000
    response = upload(admin_client, event, "big.pdf", big)
    assert response.status_code == 200
    assertContains(response, "“big.pdf” is 58.6\xa0KB; files can be at most 48.8\xa0KB")
    assert not EventDocument.objects.exists()
    assert stored_files(media) == []


def test_an_empty_file_is_refused(admin_client, media):
    response = upload(admin_client, EventFactory(), "empty.pdf", b"")
    assert response.status_code == 200
    assert not EventDocument.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "name, stem",
    [
        ("../../etc/passwd.pdf", "passwd-"),
        ("..\\..\\windows\\system.ini.pdf", "systemini-"),
        ("Программа конференции.pdf", "programme-"),
        ("  .pdf", "programme-"),
        ("a" * 300 + ".pdf", "a" * 60 + "-"),
        ("report.pdf\x00.exe", "reportpdf-"),
        ("<script>alert(1)</script>.pdf", "script-"),
    ],
)
def test_odd_file_names_become_safe_names_inside_the_events_folder(admin_client, media, name, stem):
    event = EventFactory(slug="dialogue-2024")
    response = upload(admin_client, event, name, PDF_BYTES)
    assert response.status_code == 302, response.context and response.context["errors"]
    document = EventDocument.objects.get()
    folder, stored = document.file.name.rsplit("/", 1)
    assert folder == "events/dialogue-2024"
    assert stored.startswith(stem) and stored.endswith(".pdf")
    assert stored.isascii() and "/" not in stored and ".." not in stored
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(media).resolve())
    assert stored_files(media) == [document.file.name]


def test_two_uploads_of_the_same_name_never_overwrite_each_other(media):
    event = EventFactory()
    first = EventDocumentFactory(event=event, file=ContentFile(PDF_BYTES, "a.pdf"))
    second = EventDocumentFactory(event=event, file=ContentFile(PDF_BYTES, "a.pdf"))
    assert first.file.name != second.file.name
    assert len(stored_files(media)) == 2


def test_the_model_refuses_a_bad_file_too_not_only_the_admin():
    document = EventDocument(
        event=EventFactory(), title="Agenda", file=ContentFile(b"not a pdf", "agenda.pdf")
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "is not a PDF" in " ".join(error.value.messages)


def test_a_photo_must_be_an_image(admin_client):
    response = upload(
        admin_client, EventFactory(), "photo.pdf", PDF_BYTES, **{"documents-0-kind": "photo"}
    )
    assertContains(response, "A photo must be a PNG, JPEG or WebP image")
    assert not EventDocument.objects.exists()


# Images are described before the event is published.


def test_an_image_without_a_description_cannot_go_public(admin_client):
    event = EventFactory(publication_status=DRAFT)
    response = upload(
        admin_client,
        event,
        "delegates.png",
        PNG_BYTES,
        publication_status=PUBLISHED,
        **{"documents-0-kind": "photo"},
    )
    assertContains(response, "Describe the image for people who cannot see it")
    event.refresh_from_db()
    assert event.publication_status == DRAFT
    assert not EventDocument.objects.exists()


def test_a_draft_event_may_hold_an_undescribed_photo_but_publishing_it_is_refused(admin_client):
    event = EventFactory(publication_status=DRAFT)
    assert (
        upload(
            admin_client, event, "delegates.png", PNG_BYTES, **{"documents-0-kind": "photo"}
        ).status_code
        == 302
    )
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk], "index": "0"},
        follow=True,
    )
    assertContains(response, "was not published: describe each image")
    event.refresh_from_db()
    assert event.publication_status == DRAFT

    EventDocument.objects.update(alt_text="Delegates of the five states at the table")
    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk], "index": "0"},
    )
    event.refresh_from_db()
    assert event.publication_status == PUBLISHED


# The public event page lists the documents.


def test_the_public_event_page_lists_each_document_with_kind_type_and_size(client):
    event = EventFactory()
    programme = EventDocumentFactory(event=event, title="Conference programme", language="ru")
    photo = EventDocumentFactory(
        event=event,
        title="Delegates",
        kind=EventDocument.Kind.PHOTO,
        language="",
        file=ContentFile(PNG_BYTES, "delegates.png"),
        alt_text="Delegates of the five states at the conference table",
        caption="Astana, 30 November 2023",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Documents and photos" in html
    assert f'href="{programme.url}"' in html
    assert "Conference programme" in html and "Programme" in html
    assert "PDF, " in html and "Russian" in html and 'hreflang="ru"' in html
    assert f"{len(PDF_BYTES)}\xa0bytes" in html
    assert f'<img src="{photo.url}" alt="Delegates of the five states' in html
    assert "PNG image" in html and "Astana, 30 November 2023" in html


def test_an_event_without_documents_says_nothing_about_documents(client):
    event = EventFactory()
    assert "Documents and photos" not in client.get(event.get_absolute_url()).content.decode()


def test_the_documents_of_a_draft_event_are_not_on_any_public_page(client):
    event = EventFactory(publication_status=DRAFT)
    EventDocumentFactory(event=event, title="Secret programme Fnordish")
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Fnordish" not in client.get(reverse("events:event_list")).content.decode()


def test_an_event_page_with_documents_costs_the_same_queries_however_many(
    client, django_assert_max_num_queries
):
    counts = []
    for how_many in (1, 10):
        event = EventFactory()
        for _ in range(how_many):
            EventDocumentFactory(event=event)
        with django_assert_max_num_queries(9) as queries:  # + participants, the change notes
            assert client.get(event.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_staff_see_the_stored_file_on_the_event_page_and_the_delete_page_lists_it(
    admin_client,
):
    document = EventDocumentFactory(title="Agenda of the day")
    event = document.event
    change = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assertContains(change, document.file.name.rsplit("/", 1)[-1])
    assertContains(change, "PDF")
    delete = admin_client.get(reverse("admin:events_event_delete", args=[event.pk]))
    assertContains(delete, "Agenda of the day")
    assert Event.objects.filter(pk=event.pk).exists()


def test_an_event_page_with_documents_and_its_staff_preview_are_valid_html(
    client, admin_client, tmp_path
):
    checker = vnu_command([])
    event = EventFactory(publication_status=DRAFT)
    EventDocumentFactory(event=event, title="Programme", language="ru")
    EventDocumentFactory(
        event=event,
        title="Delegates",
        kind=EventDocument.Kind.PHOTO,
        file=ContentFile(PNG_BYTES, "delegates.png"),
        alt_text="Delegates at the conference table",
        caption="Astana",
    )
    preview = admin_client.get(event.get_absolute_url(), {"preview": "1"})
    assert preview.status_code == 200
    Event.objects.filter(pk=event.pk).update(publication_status=PUBLISHED)
    public = client.get(event.get_absolute_url())
    files = []
    for name, response in (("preview.html", preview), ("public.html", public)):
        (tmp_path / name).write_bytes(response.content)
        files.append(str(tmp_path / name))
    result = subprocess.run([*checker, *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m["type"] != "info"]
    assert not errors, errors
