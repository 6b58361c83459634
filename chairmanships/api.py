"""The JSON API of the base layer: member states, chairmanships with their handovers, topics."""

from datetime import date
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router, Schema

from dialogue.records.api import (
    DETAIL_RESPONSES,
    LIST_RESPONSES,
    Slug,
    page_url,
    paginated,
    slug_filter,
)
from dialogue.records.links import web_address
from dialogue.records.models import DatePrecision

from .models import Chairmanship, Handover, MemberState, Topic

# Schemas ------------------------------------------------------------------------------------


class StateRef(Schema):
    slug: str
    name: str
    iso_code: str = Field(description="ISO 3166-1 alpha-2 code, e.g. KZ.")


class MemberStateOut(Schema):
    slug: str
    name: str
    official_name: str
    iso_code: str = Field(description="ISO 3166-1 alpha-2 code, e.g. KZ.")
    joined_on: date | None = Field(description="Empty for a founding member.")
    left_on: date | None = Field(description="Only if the state has left the dialogue.")
    url: str = Field(description="The state's public page.")
    source_url: str = Field(description="Where the record's facts come from, if known.")
    source_title: str
    source_accessed_on: date | None = Field(description="The day the source was consulted.")

    resolve_url = staticmethod(page_url)


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    url: str

    resolve_url = staticmethod(page_url)


class HandoverOut(Schema):
    """The chair passing from one chairmanship to the next."""

    id: int = Field(description="The handover's number, as in /handovers/{id}.")
    handed_over_on: date
    date_precision: DatePrecision
    outgoing_chairmanship: str = Field(description="Slug of the chairmanship that ended.")
    outgoing_state: StateRef
    incoming_chairmanship: str = Field(description="Slug of the chairmanship that began.")
    incoming_state: StateRef
    notes: str
    url: str = Field(description="The handover on the public timeline.")
    source_url: str = Field(description="Where the record's facts come from, if known.")
    source_title: str
    source_accessed_on: date | None = Field(description="The day the source was consulted.")

    resolve_url = staticmethod(page_url)

    @staticmethod
    def resolve_date_precision(handover):
        return handover.incoming.date_precision

    @staticmethod
    def resolve_outgoing_chairmanship(handover):
        return handover.outgoing.slug

    @staticmethod
    def resolve_outgoing_state(handover):
        return handover.outgoing.state

    @staticmethod
    def resolve_incoming_chairmanship(handover):
        return handover.incoming.slug

    @staticmethod
    def resolve_incoming_state(handover):
        return handover.incoming.state


def handover_or_none(chairmanship, name):
    try:
        return getattr(chairmanship, name)
    except Handover.DoesNotExist:
        return None


class ChairmanshipOut(Schema):
    slug: str
    state: StateRef
    starts_on: date
    ends_on: date | None = Field(
        description="Empty while this is the latest chairmanship (current or announced)."
    )
    date_precision: DatePrecision = Field(
        description="How much of the dates the source gives: day, month or year."
    )
    is_current: bool = Field(description="Holding the chair today.")
    is_announced: bool = Field(
        description="Recorded ahead of its first day by a handover dated after today."
    )
    handover_in: HandoverOut | None = Field(description="How this chairmanship began.")
    handover_out: HandoverOut | None = Field(description="How it ended, if it has.")
    url: str
    source_url: str = Field(description="Where the record's facts come from, if known.")
    source_title: str
    source_accessed_on: date | None = Field(description="The day the source was consulted.")

    resolve_url = staticmethod(page_url)

    @staticmethod
    def resolve_handover_in(chairmanship):
        return handover_or_none(chairmanship, "handover_in")

    @staticmethod
    def resolve_handover_out(chairmanship):
        return handover_or_none(chairmanship, "handover_out")


class PriorityOut(Schema):
    position: int
    title: str
    description: str
    topics: list[str] = Field(description="Slugs of the topics.")

    @staticmethod
    def resolve_topics(priority):
        return [topic.slug for topic in priority.topics.all()]


class InitiativeOut(Schema):
    name: str
    description: str
    url: str = Field(description="The programme's own web address, if known.")

    @staticmethod
    def resolve_url(initiative):
        return web_address(initiative.url)


class ChairmanshipDetailOut(ChairmanshipOut):
    outcomes: str
    priorities: list[PriorityOut]
    initiatives: list[InitiativeOut]

    @staticmethod
    def resolve_priorities(chairmanship):
        return list(chairmanship.priorities.all())

    @staticmethod
    def resolve_initiatives(chairmanship):
        return list(chairmanship.initiatives.all())


class ChairmanshipFilter(FilterSchema):
    state: Annotated[str | None, FilterLookup("state__slug")] = slug_filter(
        "Slug of the chairing state."
    )


# Endpoints ----------------------------------------------------------------------------------

router = Router(tags=["Member states, chairmanships and topics"])


def chairmanships():
    return (
        Chairmanship.objects.with_handovers()
        .prefetch_related("priorities__topics", "initiatives")
        .order_by("-starts_on", "pk")
    )


@router.get(
    "/member-states",
    response={200: list[MemberStateOut], **LIST_RESPONSES},
    summary="Member states",
    url_name="member_state_list",
)
@paginated
def member_state_list(request):
    """Every state that takes or took part, by name."""
    return MemberState.objects.order_by("name", "pk")


@router.get(
    "/member-states/{slug}",
    response={200: MemberStateOut, **DETAIL_RESPONSES},
    summary="One member state",
    url_name="member_state_detail",
)
def member_state_detail(request, slug: Slug):
    return get_object_or_404(MemberState, slug=slug)


@router.get(
    "/chairmanships",
    response={200: list[ChairmanshipDetailOut], **LIST_RESPONSES},
    summary="Chairmanships, newest first, with their priorities, initiatives and handovers",
    url_name="chairmanship_list",
)
@paginated
def chairmanship_list(request, filters: Query[ChairmanshipFilter]):
    return filters.filter(chairmanships())


@router.get(
    "/chairmanships/{slug}",
    response={200: ChairmanshipDetailOut, **DETAIL_RESPONSES},
    summary="One chairmanship, with its priorities, initiatives and handovers",
    url_name="chairmanship_detail",
)
def chairmanship_detail(request, slug: Slug):
    return get_object_or_404(chairmanships(), slug=slug)


@router.get(
    "/topics",
    response={200: list[TopicOut], **LIST_RESPONSES},
    summary="Topics",
    url_name="topic_list",
)
@paginated
def topic_list(request):
    return Topic.objects.order_by("name", "pk")


@router.get(
    "/topics/{slug}",
    response={200: TopicOut, **DETAIL_RESPONSES},
    summary="One topic",
    url_name="topic_detail",
)
def topic_detail(request, slug: Slug):
    return get_object_or_404(Topic, slug=slug)


@router.get(
    "/handovers",
    response={200: list[HandoverOut], **LIST_RESPONSES},
    summary="Handovers of the chair, newest first",
    url_name="handover_list",
)
@paginated
def handover_list(request):
    return Handover.objects.with_states().order_by("-incoming__starts_on", "pk")


@router.get(
    "/handovers/{id}",
    response={200: HandoverOut, **DETAIL_RESPONSES},
    summary="One handover of the chair",
    url_name="handover_detail",
)
def handover_detail(request, id: Annotated[int, Path(ge=1, le=2**63 - 1)]):
    return get_object_or_404(Handover.objects.with_states(), pk=id)
