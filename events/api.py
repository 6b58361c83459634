"""The JSON API of events: the list, filtered like the public event list, and one event."""

from datetime import date, datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema

from chairmanships.api import HandoverOut, StateRef
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
from dialogue.records.models import DatePrecision

from .models import Event


class OrganisationOut(Schema):
    name: str
    acronym: str
    url: str

    @staticmethod
    def resolve_url(organisation):
        return web_address(organisation.url)


class EventOut(Schema):
    slug: str
    title: str
    kind: Event.Kind
    status: Event.Status
    theme: str = Field(description="The theme as announced, word for word.")
    starts_on: date
    ends_on: date | None = Field(description="Empty for a one-day event.")
    date_precision: DatePrecision = Field(
        description="How much of the dates the source gives: day, month or year."
    )
    city: str
    venue: str
    host_state: StateRef | None
    chairmanship: str | None = Field(description="Slug of the chairmanship it was held under.")
    topics: list[str] = Field(description="Slugs of its topics.")
    url: str = Field(description="The event's public page.")
    source_url: str
    source_title: str
    source_accessed_on: date | None
    first_published_at: datetime | None = Field(description="When the public first saw it.")
    last_updated_at: datetime | None = Field(description="Its last update, minor ones too.")

    resolve_url = staticmethod(page_url)
    resolve_source_url = staticmethod(source_address)

    @staticmethod
    def resolve_chairmanship(event):
        return event.chairmanship.slug if event.chairmanship_id else None

    @staticmethod
    def resolve_topics(event):
        return [topic.slug for topic in event.topics.all()]


class EventDetailOut(EventOut):
    summary: str
    participating_states: list[StateRef]
    partner_organisations: list[OrganisationOut]
    announced_handover: HandoverOut | None = Field(
        description="The passing of the chair, if it was announced at this event."
    )

    @staticmethod
    def resolve_participating_states(event):
        return list(event.participating_states.all())

    @staticmethod
    def resolve_partner_organisations(event):
        return list(event.partner_organisations.all())


class EventFilter(FilterSchema):
    """The public event list's filters, under the same names."""

    year: Annotated[int | None, FilterLookup("starts_on__year")] = year_filter(
        "Year the event starts in."
    )
    host_state: Annotated[str | None, FilterLookup("host_state__slug")] = slug_filter(
        "Slug of the host state."
    )
    topic: Annotated[str | None, FilterLookup("topics__slug")] = slug_filter("Slug of a topic.")
    kind: Event.Kind | None = None
    status: Event.Status | None = None


def events():
    """Public events in the public list's order, with what a list shows in a fixed number of
    queries."""
    return Event.objects.public_listing().with_topics()


router = Router(tags=["Events"])


@router.get(
    "/events",
    response={200: list[EventOut], **LIST_RESPONSES},
    summary="Events, newest first",
    url_name="event_list",
)
@paginated
def event_list(request, filters: Query[EventFilter]):
    """Filter with the public list's parameters: `year`, `host_state`, `topic`, `kind`,
    `status`. A slug that names nothing matches nothing."""
    return filters.filter(events())


@router.get(
    "/events/{slug}",
    response={200: EventDetailOut, **DETAIL_RESPONSES},
    summary="One event",
    url_name="event_detail",
)
def event_detail(request, slug: Slug):
    return get_object_or_404(Event.objects.public_detail(), slug=slug)
