"""Event photos: what may be uploaded, how it is cleaned, and the renditions made of it.

A photo is judged by its content, with Pillow, never by its name: only JPEG, PNG and
WebP are taken, up to `PHOTO_MAX_UPLOAD_BYTES` and `PHOTO_MAX_PIXELS` (width times height,
read from the header before any pixel is decoded, so a small file that would unpack into
gigabytes is refused before it does). The stored original is a new encoding of the pixels
only, turned the way the camera's orientation tag says first: no EXIF (location, camera,
time), no XMP, no comments survive. Each photo then gets renditions, several widths in WebP
and JPEG, made here with Pillow and kept in the same storage as the original; the public
reaches them only through `events.files`, which asks the event whether it is public.
"""

import io
import logging
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .documents import display_name, is_new_upload

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # e.g. 8000 x 5000
MIN_SIDE = 200
RENDITION_WIDTHS = (480, 960, 1600)
ACCEPTED_TYPES_TEXT = _("JPEG, PNG or WebP")


@dataclass(frozen=True)
class PhotoFormat:
    pillow: str
    mime: str
    extension: str


FORMATS = {
    "JPEG": PhotoFormat("JPEG", "image/jpeg", "jpg"),
    "PNG": PhotoFormat("PNG", "image/png", "png"),
    "WEBP": PhotoFormat("WEBP", "image/webp", "webp"),
}
MIME_TYPES = {kind.extension: kind.mime for kind in FORMATS.values()} | {"jpeg": "image/jpeg"}
# The renditions' formats, best first: a <picture> offers them in this order.
RENDITION_FORMATS = ("webp", "jpg")


def max_upload_bytes():
    return getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pixels():
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _refuse_type(name):
    return ValidationError(
        _(
            "“%(name)s” is not a %(allowed)s photo, whatever its name says. Save it as JPEG, "
            "PNG or WebP and upload it again."
        ),
        code="photo_type",
        params={"name": name, "allowed": ACCEPTED_TYPES_TEXT},
    )


def open_checked(file, name="photo"):
    """The upload opened with Pillow, header read and limits checked, pixels not yet decoded.

    Raises ValidationError with a message for staff if the file is too large, not a JPEG,
    PNG or WebP image, or has too many pixels.
    """
    size = getattr(file, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s; a photo can be at most %(limit)s. Save it smaller "
                "(e.g. 2000 pixels wide, JPEG quality 85) and upload it again."
            ),
            code="photo_too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name, None) from None
    except (OSError, ValueError, SyntaxError):
        raise _refuse_type(name) from None
    width, height = image.size
    if width * height > max_pixels():
        raise _too_many_pixels(name, (width, height))
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _(
                "“%(name)s” is only %(width)s × %(height)s pixels; a photo needs at least "
                "%(min)s pixels on each side to be seen clearly. Choose a larger version."
            ),
            code="photo_too_small",
            params={"name": name, "width": width, "height": height, "min": MIN_SIDE},
        )
    return image


def _too_many_pixels(name, dimensions):
    limit = max_pixels()
    if dimensions:
        found = _("%(width)s × %(height)s pixels") % {
            "width": dimensions[0],
            "height": dimensions[1],
        }
    else:
        found = _("far too many pixels")
    return ValidationError(
        _(
            "“%(name)s” has %(found)s; a photo can have at most %(megapixels)s million "
            "pixels. Resize it (e.g. to 4000 pixels wide) and upload it again."
        ),
        code="photo_too_many_pixels",
        params={"name": name, "found": found, "megapixels": round(limit / 1_000_000)},
    )


def validate_photo_file(field_file):
    """Refuse a new upload that is not a JPEG, PNG or WebP photo within the limits."""
    if not is_new_upload(field_file):
        return  # a stored photo was checked (and cleaned) when it was uploaded
    name = display_name(field_file.name)
    image = open_checked(field_file.file, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()  # a truncated or corrupt file fails here, not when it is saved
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning):
        raise _refuse_type(name) from None
    finally:
        image.close()
        field_file.file.seek(0)


def _pixels_only(image):
    """The image turned upright, as a fresh image holding its pixels and nothing else."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = "A" in upright.getbands() or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    return clean


def _encode(image, kind):
    """The image encoded as `kind` ("jpg", "png" or "webp") with no metadata at all."""
    out = io.BytesIO()
    if kind == "jpg":
        if image.mode != "RGB":
            background = Image.new("RGB", image.size, (255, 255, 255))
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif kind == "webp":
        image.save(out, "WEBP", quality=80, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class CleanedPhoto:
    content: bytes
    extension: str
    width: int
    height: int


def clean_upload(file, name="photo") -> CleanedPhoto:
    """The uploaded photo re-encoded without metadata, upright; its format kept."""
    with open_checked(file, name) as image:
        kind = FORMATS[image.format].extension
        clean = _pixels_only(image)
    return CleanedPhoto(_encode(clean, kind), kind, clean.width, clean.height)


def rendition_widths(width):
    """The widths made of a photo `width` pixels wide: never wider than the photo itself."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    widths.append(min(width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def photo_stem(photo):
    event_slug = (photo.event.slug if photo.event_id else "") or "event"
    return f"events/{event_slug[:80]}/photos/{uuid.uuid4().hex}"


def make_renditions(*, source: bytes, stem: str) -> list[dict]:
    """Every rendition of a cleaned photo, stored beside it: [{"name", "width", "height",
    "format"}], by format then width. Raises OSError if the storage refuses."""
    renditions = []
    with Image.open(io.BytesIO(source)) as original:
        original.load()
        for width in rendition_widths(original.width):
            height = max(1, round(original.height * width / original.width))
            scaled = (
                original
                if width == original.width
                else original.resize((width, height), Image.Resampling.LANCZOS)
            )
            for kind in RENDITION_FORMATS:
                name = default_storage.save(
                    f"{stem}-{width}w.{kind}", ContentFile(_encode(scaled, kind))
                )
                renditions.append({"name": name, "width": width, "height": height, "format": kind})
    renditions.sort(key=lambda r: (RENDITION_FORMATS.index(r["format"]), r["width"]))
    return renditions


def prepare_photo(photo):
    """Clean a newly uploaded photo and make its renditions, before the photo is saved.

    The original is replaced by its clean encoding (same format, no metadata) under a
    name of its own; if the renditions cannot be made (the storage refuses), the photo is
    saved without them and the page shows the original until `ensure_renditions` runs.
    """
    if not is_new_upload(photo.image):
        return
    name = display_name(photo.image.name)
    cleaned = clean_upload(photo.image.file, name)
    stem = photo_stem(photo)
    # Stored under a name made here: nothing the browser sent ends up in a path.
    photo.image = default_storage.save(f"{stem}.{cleaned.extension}", ContentFile(cleaned.content))
    stem = photo.image.name.rsplit(".", 1)[0]
    photo.width, photo.height = cleaned.width, cleaned.height
    photo.renditions = []
    try:
        photo.renditions = make_renditions(source=cleaned.content, stem=stem)
    except (OSError, ValueError):
        logger.exception("The renditions of photo %s were not made; the original is shown.", name)


def ensure_renditions(photo) -> bool:
    """Make the renditions of a stored photo that has none; whether any were made."""
    if photo.renditions or not photo.image:
        return False
    with default_storage.open(photo.image.name, "rb") as stored:
        source = stored.read()
    stem = photo.image.name.rsplit(".", 1)[0]
    photo.renditions = make_renditions(source=source, stem=stem)
    return True
