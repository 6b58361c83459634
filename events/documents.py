"""Files attached to events: what may be uploaded, and the name each is stored under.

A file is judged by its content, never by its name: a PDF starts with ``%PDF-``, a PNG
with its eight-byte signature, and so on. The stored name is made here too (the event's
web address name, the original name made safe, a random part and the extension of the
type found), so nothing a browser sends ends up in a path.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 16
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    mime: str
    extension: str
    label: str
    is_image: bool = False


PDF = DocumentType("application/pdf", "pdf", _("PDF"))
PNG = DocumentType("image/png", "png", _("PNG image"), is_image=True)
JPEG = DocumentType("image/jpeg", "jpg", _("JPEG image"), is_image=True)
WEBP = DocumentType("image/webp", "webp", _("WebP image"), is_image=True)
DOCX = DocumentType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    _("Word document (DOCX)"),
)
DOCUMENT_TYPES = {kind.mime: kind for kind in (PDF, PNG, JPEG, WEBP, DOCX)}
ALLOWED_TYPES_TEXT = _("PDF, Word (DOCX), PNG, JPEG or WebP")


def max_upload_bytes():
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def _read_head(file):
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _is_docx(file):
    """A Word document is a zip archive holding word/document.xml (and no macros)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "word/document.xml" in names and "word/vbaProject.bin" not in names


def detect_type(file) -> DocumentType | None:
    """The allowed type the file's content shows, or None."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04") and _is_docx(file):
        return DOCX
    return None


def is_new_upload(field_file):
    """Whether a FileField value is a file just uploaded, not one already stored."""
    return bool(field_file) and not getattr(field_file, "_committed", True)


def validate_document_file(field_file):
    """Refuse a new upload that is too large or not of an allowed type, saying what to do."""
    if not is_new_upload(field_file):
        return  # a stored file was checked when it was uploaded
    file = field_file.file
    limit = max_upload_bytes()
    if file.size > limit:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s; files can be at most %(limit)s. Make it smaller "
                "(e.g. compress the PDF or resize the photo) and upload it again."
            ),
            code="file_too_large",
            params={
                "name": display_name(field_file.name),
                "size": filesizeformat(file.size),
                "limit": filesizeformat(limit),
            },
        )
    if file.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty. Choose the file again."),
            code="file_empty",
            params={"name": display_name(field_file.name)},
        )
    if detect_type(file) is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a %(allowed)s file, whatever its name says. Save it in "
                "one of these formats and upload it again."
            ),
            code="file_type",
            params={"name": display_name(field_file.name), "allowed": ALLOWED_TYPES_TEXT},
        )


def display_name(name):
    """The last part of an uploaded file's name, to quote it back to staff."""
    return PurePath(str(name).replace("\\", "/")).name or str(name)


def safe_stem(name, fallback="document"):
    """A file name's stem reduced to letters, digits and hyphens, e.g. "programme-2024"."""
    stem = PurePath(display_name(name)).stem
    return slugify(stem)[:60].strip("-") or fallback


def document_upload_to(document, filename):
    """Where an event document is stored: events/<event>/<name>-<random>.<extension>.

    The extension is that of the type found in the content; the uploaded name only
    lends its letters and digits, so "../../etc/passwd.pdf" becomes "passwd-….pdf".
    """
    kind = DOCUMENT_TYPES.get(document.content_type) or detect_type(document.file)
    extension = kind.extension if kind else "bin"
    event_slug = (document.event.slug if document.event_id else "") or "event"
    stem = safe_stem(filename, fallback=document.kind or "document")
    return f"events/{event_slug[:80]}/{stem}-{uuid.uuid4().hex}.{extension}"
