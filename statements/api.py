"""The JSON API of what was said: joint statements, speakers and their quotes."""

from datetime import date, datetime
from typing import Annotated

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router, Schema

from chairmanships.api import StateRef
from dialogue.records.api import (
    DETAIL_RESPONSES,
    LIST_RESPONSES,
    Slug,
    page_url,
    paginated,
    slug_filter,
    source_address,
    year_filter,
)
from dialogue.records.models import Language

from .models import JointStatement, Quote, Speaker


class EventRef(Schema):
    slug: str
    title: str
    starts_on: date
    url: str

    resolve_url = staticmethod(page_url)


class SpeakerRef(Schema):
    slug: str
    name: str
    url: str

    resolve_url = staticmethod(page_url)


class StatementOut(Schema):
    slug: str
    title: str
    event: EventRef = Field(description="The event it was adopted at.")
    adopted_on: date
    summary: str
    signatories: list[StateRef]
    topics: list[str] = Field(description="Slugs of its topics.")
    url: str = Field(description="The statement's public page.")
    source_url: str
    source_title: str
    source_accessed_on: date | None
    first_published_at: datetime | None = Field(description="When the public first saw it.")
    last_updated_at: datetime | None = Field(description="Its last update, minor ones too.")

    resolve_url = staticmethod(page_url)
    resolve_source_url = staticmethod(source_address)

    @staticmethod
    def resolve_signatories(statement):
        return list(statement.signatories.all())

    @staticmethod
    def resolve_topics(statement):
        return [topic.slug for topic in statement.topics.all()]


class StatementDetailOut(StatementOut):
    text: str = Field(description="The statement word for word; empty if only a summary is known.")


class QuoteOut(Schema):
    id: int
    speaker: SpeakerRef
    position_at_time: str = Field(description="The speaker's position when speaking.")
    event: EventRef = Field(description="The event it was said at.")
    text: str = Field(description="The words, exactly as said or as the source gives them.")
    language: Language
    url: str = Field(description="The quote's public page.")
    source_url: str
    source_title: str
    source_accessed_on: date | None
    first_published_at: datetime | None = Field(description="When the public first saw it.")
    last_updated_at: datetime | None = Field(description="Its last update, minor ones too.")

    resolve_url = staticmethod(page_url)
    resolve_source_url = staticmethod(source_address)


class SpeakerQuoteOut(Schema):
    id: int
    position_at_time: str
    event: EventRef
    text: str
    language: Language
    url: str

    resolve_url = staticmethod(page_url)


class SpeakerOut(Schema):
    slug: str
    name: str
    position: str = Field(description="The position the speaker holds now.")
    organisation: str
    state: StateRef | None
    url: str = Field(description="The speaker's public page.")
    source_url: str = Field(description="Where the record's facts come from, if known.")
    source_title: str
    source_accessed_on: date | None = Field(description="The day the source was consulted.")

    resolve_url = staticmethod(page_url)


class SpeakerDetailOut(SpeakerOut):
    quotes: list[SpeakerQuoteOut]

    @staticmethod
    def resolve_quotes(speaker):
        return list(speaker.quotes.all())


class StatementFilter(FilterSchema):
    year: Annotated[int | None, FilterLookup("adopted_on__year")] = year_filter("Year of adoption.")
    signatory: Annotated[str | None, FilterLookup("signatories__slug")] = slug_filter(
        "Slug of a signatory state."
    )
    topic: Annotated[str | None, FilterLookup("topics__slug")] = slug_filter("Slug of a topic.")
    event: Annotated[str | None, FilterLookup("event__slug")] = slug_filter(
        "Slug of the event it was adopted at."
    )


class SpeakerFilter(FilterSchema):
    state: Annotated[str | None, FilterLookup("state__slug")] = slug_filter(
        "Slug of the speaker's state."
    )


class QuoteFilter(FilterSchema):
    speaker: Annotated[str | None, FilterLookup("speaker__slug")] = slug_filter(
        "Slug of the speaker."
    )
    event: Annotated[str | None, FilterLookup("event__slug")] = slug_filter(
        "Slug of the event it was said at."
    )
    language: Language | None = None


def statements():
    return JointStatement.objects.public_detail()


def quotes():
    return Quote.objects.public_listing()


def speakers():
    return Speaker.objects.public_listing()


router = Router(tags=["Statements, speakers and quotes"])


@router.get(
    "/statements",
    response={200: list[StatementOut], **LIST_RESPONSES},
    summary="Joint statements, newest first",
    url_name="statement_list",
)
@paginated
def statement_list(request, filters: Query[StatementFilter]):
    return filters.filter(statements())


@router.get(
    "/statements/{slug}",
    response={200: StatementDetailOut, **DETAIL_RESPONSES},
    summary="One joint statement, with its full text",
    url_name="statement_detail",
)
def statement_detail(request, slug: Slug):
    return get_object_or_404(statements(), slug=slug)


@router.get(
    "/speakers",
    response={200: list[SpeakerOut], **LIST_RESPONSES},
    summary="Speakers, by name",
    url_name="speaker_list",
)
@paginated
def speaker_list(request, filters: Query[SpeakerFilter]):
    return filters.filter(speakers())


@router.get(
    "/speakers/{slug}",
    response={200: SpeakerDetailOut, **DETAIL_RESPONSES},
    summary="One speaker, with every public quote",
    url_name="speaker_detail",
)
def speaker_detail(request, slug: Slug):
    queryset = speakers().prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.published().select_related("event"))
    )
    return get_object_or_404(queryset, slug=slug)


@router.get(
    "/quotes",
    response={200: list[QuoteOut], **LIST_RESPONSES},
    summary="Quotes, newest event first, in the order they were said",
    url_name="quote_list",
)
@paginated
def quote_list(request, filters: Query[QuoteFilter]):
    return filters.filter(quotes())


@router.get(
    "/quotes/{id}",
    response={200: QuoteOut, **DETAIL_RESPONSES},
    summary="One quote",
    url_name="quote_detail",
)
def quote_detail(request, id: Annotated[int, Path(ge=1, le=2**63 - 1)]):
    return get_object_or_404(quotes(), pk=id)
