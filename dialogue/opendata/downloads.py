"""Bulk downloads and the Open data page.

CSV files of events, joint statements and quotes (UTF-8 with a byte order mark, so that
spreadsheet programs read the Cyrillic right), and one zip of the whole public record: the
CSV files, the Popolo JSON export and a README with the licence. The Open data page
documents every format the site offers machines.

The licence of the data comes from the settings DATA_LICENCE_NAME and DATA_LICENCE_URL.

Every download is streamed (`StreamingHttpResponse` over a generator), so memory stays
bounded however large the archive grows: rows are read with `.iterator(chunk_size=...)`
(on PostgreSQL inside one read-only transaction, so the server-side cursor hands rows over
as it finds them instead of materialising the whole result first), written out a chunk of
rows at a time, and the zip is compressed member by member into a sink that is emptied
after each piece. A streamed answer has no body to hash, so these downloads carry no ETag
(the JSON API keeps its ETags); each request reads the record afresh.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from dialogue.pagecache import keys as pagecache_keys
from dialogue.records.csvsafe import spreadsheet_safe
from dialogue.records.text import without_control_characters
from dialogue.records.views import PublicPageMixin, dialogue_json_ld
from events.models import Event, Organisation
from statements.models import JointStatement, Quote, Signatory, Speaker

BOM = "\ufeff"
LIST_SEPARATOR = "; "
DATASET_NAME = "dialogue-records"
ROWS_PER_QUERY = 2_000  # rows fetched from the database at a time (and prefetched with them)
ROWS_PER_CHUNK = 500  # CSV rows sent to the client at a time
CHUNK_BYTES = 64 * 1024  # about how much text the JSON and zip streams hand over at a time


def reading(records):
    """Iterate a QuerySet a chunk at a time (prefetches included), never all at once."""
    return records.iterator(chunk_size=ROWS_PER_QUERY)


def in_one_read(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    """`chunks` as UTF-8 bytes, produced inside one transaction on PostgreSQL.

    Outside a transaction Django declares its server-side cursors WITH HOLD, and PostgreSQL
    then computes the whole result before handing over the first row; inside one the rows
    come as they are found. On SQLite no transaction is opened (a long read would hold up
    the writers)."""
    with transaction.atomic() if connection.vendor == "postgresql" else nullcontext():
        for chunk in chunks:
            if chunk:
                yield chunk.encode() if isinstance(chunk, str) else chunk


def streamed(chunks, models, *, content_type, disposition) -> StreamingHttpResponse:
    """A download streamed from `chunks` (read in one transaction), naming the page cache
    keys of `models` before its first byte: its headers go out before its rows are read."""
    pagecache_keys.add_models(*models)
    response = StreamingHttpResponse(in_one_read(chunks), content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def batched_text(pieces: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[str]:
    """Join many small pieces of text into chunks of about `size` characters."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


class _Echo:
    """A file for `csv.writer` that hands back each line instead of keeping it."""

    def write(self, value):
        return value


def data_licence():
    """The data licence as (name, address)."""
    return (
        getattr(settings, "DATA_LICENCE_NAME", "CC BY 4.0"),
        getattr(settings, "DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_text(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """One CSV file: its rows come from a QuerySet of public records, one column per getter."""

    name: str
    description: str
    records: Callable
    columns: tuple  # (heading, getter(record, request)) pairs
    models: tuple  # every model whose rows the file shows (named up front: `streamed()`)

    @property
    def filename(self):
        return f"{self.name}.csv"

    @property
    def headings(self):
        return [heading for heading, _ in self.columns]

    def rows(self, request):
        for record in reading(self.records()):
            yield [_text(get(record, request)) for _, get in self.columns]

    def chunks(self, request):
        """The CSV file as text, a few hundred rows at a time (the first with the headings)."""
        writer = csv.writer(_Echo())
        lines = [BOM + writer.writerow(self.headings)]
        for row in self.rows(request):
            lines.append(
                writer.writerow([spreadsheet_safe(without_control_characters(c)) for c in row])
            )
            if len(lines) >= ROWS_PER_CHUNK:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)

    def write(self, stream, request):
        for chunk in self.chunks(request):
            stream.write(chunk)

    def as_text(self, request):
        return "".join(self.chunks(request))


def _page(record, request):
    return request.build_absolute_uri(record.get_absolute_url())


def _slugs(manager):
    return [related.slug for related in manager.all()]


def _iso_codes(manager):
    return [state.iso_code for state in manager.all()]


# Where a record's facts come from (every record is a `SourcedRecord`).
SOURCE_COLUMNS = (
    ("source_url", lambda x, r: x.source_url),
    ("source_title", lambda x, r: x.source_title),
    ("source_accessed_on", lambda x, r: x.source_accessed_on),
)


EVENTS = Table(
    name="events",
    description="Events (conferences, meetings, forums), newest first.",
    records=lambda: Event.objects.public_detail(),
    columns=(
        ("slug", lambda e, r: e.slug),
        ("title", lambda e, r: e.title),
        ("kind", lambda e, r: e.kind),
        ("status", lambda e, r: e.status),
        ("theme", lambda e, r: e.theme),
        ("starts_on", lambda e, r: e.starts_on),
        ("ends_on", lambda e, r: e.ends_on),
        ("date_precision", lambda e, r: e.date_precision),
        ("city", lambda e, r: e.city),
        ("venue", lambda e, r: e.venue),
        ("host_state", lambda e, r: e.host_state.name if e.host_state else ""),
        ("host_state_iso_code", lambda e, r: e.host_state.iso_code if e.host_state else ""),
        ("chairmanship", lambda e, r: e.chairmanship.slug if e.chairmanship else ""),
        ("topics", lambda e, r: _slugs(e.topics)),
        ("participating_states", lambda e, r: _iso_codes(e.participating_states)),
        ("partner_organisations", lambda e, r: [str(o) for o in e.partner_organisations.all()]),
        ("summary", lambda e, r: e.summary),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(Event, MemberState, Chairmanship, Handover, Topic, Organisation),
)

STATEMENTS = Table(
    name="statements",
    description="Joint statements, newest first, with their full text.",
    records=lambda: JointStatement.objects.public_detail(),
    columns=(
        ("slug", lambda s, r: s.slug),
        ("title", lambda s, r: s.title),
        ("event", lambda s, r: s.event.slug),
        ("event_title", lambda s, r: s.event.title),
        ("adopted_on", lambda s, r: s.adopted_on),
        ("signatories", lambda s, r: _iso_codes(s.signatories)),
        ("topics", lambda s, r: _slugs(s.topics)),
        ("summary", lambda s, r: s.summary),
        ("text", lambda s, r: s.text),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(JointStatement, Event, MemberState, Signatory, Topic),
)

QUOTES = Table(
    name="quotes",
    description="Quotes, newest event first, in the order they were said.",
    records=lambda: Quote.objects.public_listing(),
    columns=(
        ("id", lambda q, r: q.pk),
        ("speaker", lambda q, r: q.speaker.slug),
        ("speaker_name", lambda q, r: q.speaker.name),
        ("position_at_time", lambda q, r: q.position_at_time),
        ("event", lambda q, r: q.event.slug),
        ("event_title", lambda q, r: q.event.title),
        ("event_starts_on", lambda q, r: q.event.starts_on),
        ("language", lambda q, r: q.language),
        ("text", lambda q, r: q.text),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(Quote, Speaker, Event),
)

CHAIRMANSHIPS = Table(
    name="chairmanships",
    description="Chairmanships, newest first, with their priorities and initiatives.",
    records=lambda: (
        Chairmanship.objects.with_handovers()
        .prefetch_related("priorities", "initiatives")
        .order_by("-starts_on", "pk")
    ),
    columns=(
        ("slug", lambda c, r: c.slug),
        ("state", lambda c, r: c.state.name),
        ("state_iso_code", lambda c, r: c.state.iso_code),
        ("starts_on", lambda c, r: c.starts_on),
        ("ends_on", lambda c, r: c.ends_on),
        ("date_precision", lambda c, r: c.date_precision),
        ("is_current", lambda c, r: "yes" if c.is_current else "no"),
        ("priorities", lambda c, r: [p.title for p in c.priorities.all()]),
        ("initiatives", lambda c, r: [i.name for i in c.initiatives.all()]),
        ("outcomes", lambda c, r: c.outcomes),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(Chairmanship, MemberState, Handover, Priority, Initiative),
)

PRIORITIES = Table(
    name="priorities",
    description="Each chairmanship's priorities, in the order the chair set them.",
    records=lambda: (
        Priority.objects.select_related("chairmanship")
        .prefetch_related("topics")
        .order_by("-chairmanship__starts_on", "position", "pk")
    ),
    columns=(
        ("chairmanship", lambda p, r: p.chairmanship.slug),
        ("position", lambda p, r: p.position),
        ("title", lambda p, r: p.title),
        ("description", lambda p, r: p.description),
        ("topics", lambda p, r: _slugs(p.topics)),
    ),
    models=(Priority, Chairmanship, Topic),
)

INITIATIVES = Table(
    name="initiatives",
    description="Initiatives and programmes run under each chairmanship.",
    records=lambda: Initiative.objects.select_related("chairmanship").order_by(
        "-chairmanship__starts_on", "position", "pk"
    ),
    columns=(
        ("chairmanship", lambda i, r: i.chairmanship.slug),
        ("position", lambda i, r: i.position),
        ("name", lambda i, r: i.name),
        ("description", lambda i, r: i.description),
        ("web_address", lambda i, r: i.url),
    ),
    models=(Initiative, Chairmanship),
)

HANDOVERS = Table(
    name="handovers",
    description="Handovers of the chair, newest first.",
    records=lambda: Handover.objects.with_states().order_by("-incoming__starts_on", "pk"),
    columns=(
        ("id", lambda h, r: h.pk),
        ("handed_over_on", lambda h, r: h.handed_over_on),
        ("date_precision", lambda h, r: h.incoming.date_precision),
        ("outgoing_chairmanship", lambda h, r: h.outgoing.slug),
        ("outgoing_state_iso_code", lambda h, r: h.outgoing.state.iso_code),
        ("incoming_chairmanship", lambda h, r: h.incoming.slug),
        ("incoming_state_iso_code", lambda h, r: h.incoming.state.iso_code),
        ("notes", lambda h, r: h.notes),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(Handover, Chairmanship, MemberState),
)

MEMBER_STATES = Table(
    name="member_states",
    description="Member states, by name, with the dates of any joining or leaving.",
    records=lambda: MemberState.objects.order_by("name", "pk"),
    columns=(
        ("slug", lambda s, r: s.slug),
        ("name", lambda s, r: s.name),
        ("official_name", lambda s, r: s.official_name),
        ("iso_code", lambda s, r: s.iso_code),
        ("joined_on", lambda s, r: s.joined_on),
        ("left_on", lambda s, r: s.left_on),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(MemberState,),
)

SPEAKERS = Table(
    name="speakers",
    description="Speakers, by name, with their current position.",
    records=lambda: Speaker.objects.published().select_related("state").order_by("name", "pk"),
    columns=(
        ("slug", lambda s, r: s.slug),
        ("name", lambda s, r: s.name),
        ("position", lambda s, r: s.position),
        ("organisation", lambda s, r: s.organisation),
        ("state_iso_code", lambda s, r: s.state.iso_code if s.state else ""),
        ("url", _page),
        *SOURCE_COLUMNS,
    ),
    models=(Speaker, MemberState),
)

TOPICS = Table(
    name="topics",
    description="Topics, the subjects records are tagged with, by name.",
    records=lambda: Topic.objects.order_by("name", "pk"),
    columns=(
        ("slug", lambda t, r: t.slug),
        ("name", lambda t, r: t.name),
        ("description", lambda t, r: t.description),
        ("url", _page),
    ),
    models=(Topic,),
)

TABLES = {
    table.name: table
    for table in (
        EVENTS,
        STATEMENTS,
        QUOTES,
        CHAIRMANSHIPS,
        PRIORITIES,
        INITIATIVES,
        HANDOVERS,
        MEMBER_STATES,
        SPEAKERS,
        TOPICS,
    )
}


def csv_download(request, name):
    """/open-data/<name>.csv: one table as CSV."""
    table = TABLES.get(name)
    if table is None:
        raise Http404("No such table.")
    return streamed(
        table.chunks(request),
        table.models,
        content_type="text/csv; charset=utf-8",
        disposition=f'attachment; filename="{table.filename}"',
    )


def readme(request, generated_at):
    licence_name, licence_url = data_licence()
    site = request.build_absolute_uri("/")
    files = "\n".join(f"  {table.filename:<20}{table.description}" for table in TABLES.values())
    return (
        f"{settings.DIALOGUE_NAME}: the public record\n"
        f"{'=' * (len(settings.DIALOGUE_NAME) + 19)}\n\n"
        f"Taken from {site} on {generated_at.isoformat(timespec='seconds')}.\n"
        f"Only published records are included.\n\n"
        f"Files\n-----\n{files}\n"
        f"  {'popolo.json':<20}The same record in Popolo JSON (https://www.popoloproject.com/):\n"
        f"  {'':<20}organizations, posts, memberships (chairmanships), persons\n"
        f"  {'':<20}(speakers), events and speeches (quotes).\n\n"
        "The CSV files are UTF-8 with a byte order mark, comma-separated, with a heading row.\n"
        f"Lists inside a cell (topics, states) are separated by '{LIST_SEPARATOR.strip()} '.\n"
        "Dates are ISO 8601 (YYYY-MM-DD); date_precision says whether the source gives the\n"
        "exact day, only the month or only the year.\n\n"
        f"Licence\n-------\n{licence_name}: {licence_url}\n"
        f"Please cite the {settings.DIALOGUE_NAME} records ({site}) and, where a row gives\n"
        "one, its source.\n"
    )


class _Sink(io.RawIOBase):
    """Where `zipfile` writes: keeps the bytes only until `take()` hands them on.

    Not seekable, so `zipfile` writes each member's sizes after its data (a data
    descriptor) instead of going back to its header."""

    def __init__(self):
        super().__init__()
        self.pieces = []

    def writable(self):
        return True

    def write(self, data):
        self.pieces.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self.pieces)
        self.pieces = []
        return data


def zip_chunks(request) -> Iterator[bytes]:
    """The zip of everything, compressed and handed over a piece at a time."""
    from .popolo import PopoloExport  # the Popolo export cites this module's licence

    generated_at = timezone.now()
    folder = DATASET_NAME
    sink = _Sink()
    members = [(table.filename, table.chunks(request)) for table in TABLES.values()]
    members.append(("popolo.json", PopoloExport(request).chunks()))
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/README.txt", readme(request, generated_at))
        yield sink.take()
        for filename, chunks in members:
            # zip64: a member of the archive at scale may pass 4 GB.
            with archive.open(f"{folder}/{filename}", "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk.encode())
                    if data := sink.take():
                        yield data
            yield sink.take()
    yield sink.take()


def dataset_zip(request):
    """/open-data/dialogue-records.zip: every CSV file, popolo.json and a README."""
    from .popolo import PopoloExport

    models = {model for table in TABLES.values() for model in table.models}
    return streamed(
        zip_chunks(request),
        sorted(models | set(PopoloExport.MODELS), key=pagecache_keys.name),
        content_type="application/zip",
        disposition=f'attachment; filename="{DATASET_NAME}.zip"',
    )


class OpenDataView(PublicPageMixin, TemplateView):
    """/open-data/: what the site offers machines, with an example of each."""

    template_name = "opendata/index.html"
    page_title = gettext_lazy("Open data")
    page_description = gettext_lazy(
        "The record as data: RSS and Atom feeds, iCalendar calendars, a JSON API, "
        "a Popolo export, CSV files and one zip of everything, free to reuse."
    )

    def get_json_ld(self):
        """The record as a schema.org Dataset, with each download as a distribution."""
        absolute = self.request.build_absolute_uri
        downloads = [
            (table.filename, reverse("opendata:csv", args=[table.name]), "text/csv")
            for table in TABLES.values()
        ] + [
            ("popolo.json", reverse("opendata:popolo"), "application/json"),
            (f"{DATASET_NAME}.zip", reverse("opendata:dataset_zip"), "application/zip"),
        ]
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": f"{settings.DIALOGUE_NAME}: the public record",
            "description": str(self.page_description),
            "url": absolute(self.request.path),
            "license": data_licence()[1],
            "isAccessibleForFree": True,
            "creator": dialogue_json_ld(self.request),
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": name,
                    "contentUrl": absolute(url),
                    "encodingFormat": media_type,
                }
                for name, url, media_type in downloads
            ],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        licence_name, licence_url = data_licence()
        absolute = self.request.build_absolute_uri
        event = Event.objects.published().first()
        context.update(
            licence_name=licence_name,
            licence_url=licence_url,
            example_topic=Topic.objects.first(),
            example_state=MemberState.objects.first(),
            example_event=event,
            tables=list(TABLES.values()),
            site_url=absolute("/"),
            api_url=absolute(reverse("api-v1:api-root")),
            api_docs_url=absolute(reverse("api-v1:openapi-view")),
            openapi_url=absolute(reverse("api-v1:openapi-json")),
            events_api_url=absolute(reverse("api-v1:event_list")),
            popolo_url=absolute(reverse("opendata:popolo")),
            zip_url=absolute(reverse("opendata:dataset_zip")),
            calendar_url=absolute(reverse("opendata:calendar_events")),
        )
        return context
