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
from dialogue.records.links import web_address
from dialogue.records.models import Language
from events.models import Event, Organisation

from .models import JointStatement, Participation, Quote, Speaker


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


# People and organisations -------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str
    acronym: str
    url: str = Field(description="The organisation's public page.")

    resolve_url = staticmethod(page_url)


class PartnerOrganisationOut(OrganisationRef):
    website: str = Field(description="The organisation's own web address, if known.")

    @staticmethod
    def resolve_website(organisation):
        return web_address(organisation.url)


class ParticipationOut(Schema):
    event: EventRef = Field(description="The event taken part in.")
    role: Participation.Role
    position_at_time: str = Field(description="The person's position at the event, if given.")
    state: StateRef | None = Field(description="The member state represented, if any.")
    organisation: OrganisationRef | None = Field(
        description="The partner organisation represented, if any (never with a state)."
    )


class RepresentativeOut(Schema):
    person: SpeakerRef
    event: EventRef
    role: Participation.Role
    position_at_time: str


class StatementRef(Schema):
    slug: str
    title: str
    adopted_on: date
    url: str

    resolve_url = staticmethod(page_url)


class PersonOut(Schema):
    slug: str
    name: str
    position: str = Field(description="The position the person holds now.")
    organisation: str
    state: StateRef | None
    profile_url: str = Field(description="The person's official page elsewhere, if any.")
    url: str = Field(description="The person's public page.")
    source_url: str
    source_title: str
    source_accessed_on: date | None

    resolve_url = staticmethod(page_url)
    resolve_source_url = staticmethod(source_address)

    @staticmethod
    def resolve_profile_url(person):
        return web_address(person.profile_url)


class PersonDetailOut(PersonOut):
    participations: list[ParticipationOut] = Field(description="Public events attended.")
    quotes: list[SpeakerQuoteOut]
    statements_signed: list[StatementRef]

    @staticmethod
    def resolve_participations(person):
        return list(person.public_participations)

    @staticmethod
    def resolve_quotes(person):
        return list(person.quotes.all())

    @staticmethod
    def resolve_statements_signed(person):
        return list(person.public_statements_signed)


class OrganisationDetailOut(PartnerOrganisationOut):
    events: list[EventRef] = Field(description="Public events it was a partner of.")
    representatives: list[RepresentativeOut] = Field(
        description="People who represented it at public events."
    )

    @staticmethod
    def resolve_events(organisation):
        return list(organisation.events.all())

    @staticmethod
    def resolve_representatives(organisation):
        return list(organisation.participations.all())


class PersonFilter(FilterSchema):
    state: Annotated[str | None, FilterLookup("state__slug")] = slug_filter(
        "Slug of the person's state."
    )
    event: Annotated[str | None, FilterLookup("participations__event__slug")] = slug_filter(
        "Slug of an event the person took part in."
    )
    organisation: Annotated[str | None, FilterLookup("participations__organisation__slug")] = (
        slug_filter("Slug of a partner organisation the person represented.")
    )


def persons():
    return Speaker.objects.public_listing()


def organisations():
    return Organisation.objects.public_listing()


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


@router.get(
    "/persons",
    response={200: list[PersonOut], **LIST_RESPONSES},
    summary="People (speakers, participants and signers), by name",
    url_name="person_list",
)
@paginated
def person_list(request, filters: Query[PersonFilter]):
    queryset = filters.filter(persons())
    return queryset.distinct() if filters.event or filters.organisation else queryset


@router.get(
    "/persons/{slug}",
    response={200: PersonDetailOut, **DETAIL_RESPONSES},
    summary="One person, with the events attended, quotes and statements signed",
    url_name="person_detail",
)
def person_detail(request, slug: Slug):
    participations = Participation.objects.published().select_related(
        "event", "state", "organisation"
    )
    signed = JointStatement.objects.published().order_by("adopted_on", "title", "pk").distinct()
    queryset = persons().prefetch_related(
        Prefetch(
            "participations",
            queryset=participations.order_by("event__starts_on", "pk"),
            to_attr="public_participations",
        ),
        Prefetch("quotes", queryset=Quote.objects.published().select_related("event")),
    )
    person = get_object_or_404(queryset, slug=slug)
    person.public_statements_signed = signed.filter(signing_people__person=person)
    return person


@router.get(
    "/organisations",
    response={200: list[PartnerOrganisationOut], **LIST_RESPONSES},
    summary="Partner organisations, by name",
    url_name="organisation_list",
)
@paginated
def organisation_list(request):
    return organisations()


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, **DETAIL_RESPONSES},
    summary="One partner organisation, with its events and who represented it",
    url_name="organisation_detail",
)
def organisation_detail(request, slug: Slug):
    queryset = organisations().prefetch_related(
        Prefetch(
            "events",
            queryset=Event.objects.published().order_by("starts_on", "title", "pk"),
        ),
        Prefetch(
            "participations",
            queryset=Participation.objects.published()
            .select_related("person", "event")
            .order_by("event__starts_on", "order", "pk"),
        ),
    )
    return get_object_or_404(queryset, slug=slug)
