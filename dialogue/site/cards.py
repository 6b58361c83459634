"""Social cards: the image a shared link shows (`og:image`), one per record and language.

Each card is a 1200 × 630 PNG drawn with Pillow in Debian's DejaVu fonts (Cyrillic
included): the site's name, what the record is, its title (wrapped, and cut with "…" if
it would not fit) and its date, in the page's language. Its address ends in a digest of
exactly what it shows (`/en/cards/event/<slug>/<digest>.png`), so an edit gives a new
address, and each address can be cached for a year. The first request for a version
draws it and keeps it in the default storage (`cards/<kind>/<key>-<language>-<digest>.png`,
under MEDIA_ROOT or in the bucket); later ones read it back. A card is looked up through
the same public query as its page: a draft, an embargoed record or a year with nothing
public has no card (404).
"""

import hashlib
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from dialogue.records.i18n import dialogue_name

WIDTH, HEIGHT = 1200, 630
DESIGN = "1"  # change to redraw every card (a new digest for each)
BACKGROUND, TEXT, MUTED, ACCENT = "#0b5563", "#fbfaf7", "#cfe3e6", "#e8a27c"
MARGIN = 80
FONT_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


@cache
def font_file(bold: bool) -> str | None:
    """The DejaVu Sans file: CARD_FONT_DIR if set, the usual folders, else fontconfig's."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    folders = [getattr(settings, "CARD_FONT_DIR", ""), *FONT_FOLDERS]
    for folder in filter(None, folders):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    if shutil.which("fc-match"):
        pattern = "DejaVu Sans:bold" if bold else "DejaVu Sans"
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        if found.endswith(name) and Path(found).is_file():
            return found
    return None


@cache
def font(size: int, bold: bool = False):
    path = font_file(bold)
    if path is None:  # a machine without DejaVu: Pillow's own font (Latin only)
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


@dataclass(frozen=True)
class Card:
    """What a card shows, already in the page's language."""

    label: str
    title: str
    date: str = ""
    site: str = ""

    @property
    def digest(self) -> str:
        parts = (DESIGN, get_language() or "", self.label, self.title, self.date, self.site)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def wrap(text, face, width, max_lines):
    """`text` in lines no wider than `width`, at most `max_lines`, the last cut with "…"."""
    words, lines, line = text.split(), [], ""
    for word in words:
        while face.getlength(word) > width:  # a word longer than a line: break it
            cut = len(word)
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and face.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], last.rstrip(" ,.;:–-") + "…"]
    return lines


def title_lines(title, width):
    """The largest title size at which it fits (three lines at the largest, four below
    it); at the smallest, cut at five lines."""
    for size, most in ((68, 3), (60, 4), (52, 4)):
        face = font(size, bold=True)
        lines = wrap(title, face, width, max_lines=99)
        if len(lines) <= most:
            return face, size, lines
    face = font(46, bold=True)
    return face, 46, wrap(title, face, width, max_lines=5)


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=ACCENT)
    site_face = font(32, bold=True)
    draw.text((MARGIN, 60), wrap(card.site, site_face, inner, 1)[0], font=site_face, fill=TEXT)
    draw.rectangle((MARGIN, 112, MARGIN + 96, 118), fill=ACCENT)
    y = 150
    if card.label:
        label_face = font(30)
        draw.text(
            (MARGIN, y), wrap(card.label, label_face, inner, 1)[0], font=label_face, fill=MUTED
        )
        y += 56
    face, size, lines = title_lines(card.title, inner)
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=TEXT)
        y += round(size * 1.22)
    if card.date:
        date_face = font(34)
        text = wrap(card.date, date_face, inner, 1)[0]
        draw.text((MARGIN, HEIGHT - 100), text, font=date_face, fill=MUTED)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# The records that have a card: how to find a public one, and what its card shows.


def _event(event):
    return Card(event.get_kind_display(), event.title, event.dates)


def _statement(statement):
    return Card(_("Joint statement"), statement.title, statement.adopted)


def _quote(quote):
    return Card(
        _("Quote: %(speaker)s") % {"speaker": quote.speaker.name},
        f"“{quote.text}”",
        quote.event.dates,
    )


def _speaker(speaker):
    return Card(_("Speaker"), speaker.name, speaker.position)


def _chairmanship(chairmanship):
    return Card(_("Chairmanship"), chairmanship.state.name, chairmanship.period)


def _state(state):
    return Card(_("Member state"), state.name, state.official_name)


def _topic(topic):
    return Card(_("Topic"), topic.name)


def _year(year):
    return Card(_("Year"), str(year), _("Events, joint statements and handovers"))


def _site(_record):
    return Card("", dialogue_name(), _("The public record of the dialogue"))


def _queries():
    """kind -> (public queryset, lookup field, card); imported late: views import models."""
    from events.views import EventDetailView
    from statements.views import QuoteDetailView, SpeakerDetailView, StatementDetailView

    from .views import ChairmanshipDetailView, MemberStateDetailView, TopicDetailView

    return {
        "event": (EventDetailView.queryset, "slug", _event),
        "statement": (StatementDetailView.queryset, "slug", _statement),
        "quote": (QuoteDetailView.queryset, "pk", _quote),
        "speaker": (SpeakerDetailView.queryset, "slug", _speaker),
        "chairmanship": (ChairmanshipDetailView.queryset, "slug", _chairmanship),
        "state": (MemberStateDetailView.queryset, "slug", _state),
        "topic": (TopicDetailView.queryset, "slug", _topic),
    }


KIND_OF_MODEL = {
    "event": "event",
    "jointstatement": "statement",
    "quote": "quote",
    "speaker": "speaker",
    "chairmanship": "chairmanship",
    "memberstate": "state",
    "topic": "topic",
}


def card_url(kind, key, card: Card) -> str:
    return reverse("card", kwargs={"kind": kind, "key": str(key), "digest": card.digest})


def card_of(record):
    """(kind, key, Card) for a record shown on a public page, or None if it has no card."""
    kind = KIND_OF_MODEL.get(record._meta.model_name)
    if kind is None:
        return None
    _queryset, field, make = _queries()[kind]
    return kind, getattr(record, field), with_site(make(record))


def with_site(card):
    return Card(card.label, card.title, card.date, site=dialogue_name())


def site_card():
    return "site", "dialogue", with_site(_site(None))


def year_card(year):
    return "year", year, with_site(_year(year))


def find_card(kind, key) -> Card:
    """The card of the public record `kind`/`key` in the current language; 404 if none."""
    if kind == "site" and key == "dialogue":
        return site_card()[2]
    if kind == "year":
        from .years import records_per_year

        if not key.isdigit() or int(key) not in records_per_year():
            raise Http404
        return year_card(int(key))[2]
    queries = _queries()
    if kind not in queries:
        raise Http404
    queryset, field, make = queries[kind]
    if field == "pk" and not key.isdigit():
        raise Http404
    record = queryset.filter(**{field: key}).first()
    if record is None:
        raise Http404
    return with_site(make(record))


def stored_card(kind, key, card: Card) -> bytes:
    """The card's PNG, read from the storage, or drawn and kept there the first time."""
    name = f"cards/{kind}/{str(key)[:80]}-{get_language()}-{card.digest}.png"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    content = draw_card(card)
    default_storage.save(name, ContentFile(content))
    return content


@require_safe
def card_image(request, kind, key, digest):
    """/<language>/cards/<kind>/<key>/<digest>.png: a record's social card.

    An old digest (the record changed since the link was shared) redirects to the card
    as it is now; the current one is cached for a year, as its address never shows
    anything else.
    """
    card = find_card(kind, key)
    if digest != card.digest:
        return HttpResponseRedirect(card_url(kind, key, card))
    response = HttpResponse(stored_card(kind, key, card), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
