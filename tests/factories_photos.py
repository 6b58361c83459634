"""Event photos for tests: real JPEG, PNG and WebP files made with Pillow, GPS tags optional."""

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from events.models import EventPhoto
from tests.factories import EventFactory

GPS_IFD = 0x8825


def image_bytes(
    width=1200, height=800, fmt="JPEG", *, gps=False, orientation=None, colour=(200, 80, 40)
):
    """An image file's bytes; with `gps`, EXIF holding a location (Almaty) and a camera."""
    image = Image.new("RGB", (width, height), colour)
    # A darker left half, so that a rotation can be seen in the pixels.
    image.paste((20, 20, 20), (0, 0, width // 2, height))
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "Test camera maker"  # Make
        exif[0x0110] = "Test camera"  # Model
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 14.0, 0.0), 3: "E", 4: (76.0, 53.0, 0.0)})
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    kwargs = {"exif": exif.tobytes()} if (gps or orientation) else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    event = factory.SubFactory(EventFactory)
    alt_text_en = factory.Sequence(lambda n: f"Delegates at the conference table, view {n}")
    caption_en = "The closing session"
    credit_en = "Press service"
    position = factory.Sequence(lambda n: n)
    image = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.jpg"))
