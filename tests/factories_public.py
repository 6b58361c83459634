"""A whole small record for the public pages, at any scale.

`build_world(scale)` makes chairmanships joined by handovers, events under them, statements,
speakers and quotes. Everything related to the "featured" records grows with `scale`, so a
page about them shows ten times more at scale 10 than at scale 1: that is how the
query-count tests see whether a page's cost grows with what it shows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from chairmanships.models import Chairmanship, Handover
from events.models import Event
from statements.models import JointStatement, Quote, Speaker
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    InitiativeFactory,
    JointStatementFactory,
    MemberStateFactory,
    OrganisationFactory,
    PriorityFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)


@dataclass
class World:
    states: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    chairmanships: list = field(default_factory=list)
    handovers: list = field(default_factory=list)
    events: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    speakers: list = field(default_factory=list)
    quotes: list = field(default_factory=list)

    @property
    def state(self):
        return self.states[0]

    @property
    def topic(self):
        return self.topics[0]

    @property
    def chairmanship(self) -> Chairmanship:
        return self.chairmanships[0]

    @property
    def event(self) -> Event:
        return self.events[0]

    @property
    def statement(self) -> JointStatement:
        return self.statements[0]

    @property
    def speaker(self) -> Speaker:
        return self.speakers[0]

    @property
    def quote(self) -> Quote:
        return self.quotes[0]


def build_world(scale: int = 1) -> World:
    world = World()
    world.states = [MemberStateFactory() for _ in range(max(2, 2 * scale))]
    world.topics = [TopicFactory(description=f"About topic {n}.") for n in range(3 * scale)]
    organisations = [OrganisationFactory(acronym="UN") for _ in range(scale)]

    # Consecutive terms, the first state in every other one; the last is current.
    first_year = 2000
    terms = scale + 1
    for n in range(terms):
        state = world.states[n % 2]
        start = date(first_year + n, 3, 1)
        end = date(first_year + n + 1, 3, 1) if n < terms - 1 else None
        chair = ChairmanshipFactory(state=state, starts_on=start, ends_on=end)
        if n in (0, terms - 1):  # the featured chairmanship and the current one
            for _ in range(scale):
                PriorityFactory(chairmanship=chair).topics.set(world.topics[:scale])
                InitiativeFactory(chairmanship=chair, url="https://example.org/programme")
        world.chairmanships.append(chair)
    for outgoing, incoming in zip(world.chairmanships, world.chairmanships[1:], strict=False):
        world.handovers.append(Handover.objects.create(outgoing=outgoing, incoming=incoming))

    # Events: 3 per scale step under the first chairmanship, hosted by the first state.
    chair = world.chairmanships[0]
    for n in range(3 * scale):
        starts = chair.starts_on + timedelta(days=7 * n)
        event = EventFactory(
            chairmanship=chair,
            host_state=world.states[0],
            starts_on=starts,
            ends_on=starts + timedelta(days=1),
            theme=f"Theme of event {n}",
            summary="Summed up the chairmanship.",
            venue="Palace of Peace",
            source_url="https://example.org/news",
            source_title="Press release",
        )
        event.topics.set(world.topics[: max(1, scale)])
        event.participating_states.set(world.states)
        event.partner_organisations.set(organisations)
        world.events.append(event)
    world.events.sort(key=lambda event: event.starts_on, reverse=True)
    featured = world.events[0]
    featured.announced_handover = world.handovers[0]
    featured.save()

    for n in range(scale):
        statement = JointStatementFactory(
            event=featured, adopted_on=featured.starts_on, summary=f"Summary {n}."
        )
        statement.signatories.set(world.states)
        statement.topics.set(world.topics[:scale])
        world.statements.append(statement)
    for event in world.events[1:]:
        statement = JointStatementFactory(event=event, adopted_on=event.starts_on)
        statement.signatories.set(world.states[:1])
        world.statements.append(statement)

    world.speakers = [SpeakerFactory(state=world.states[0]) for _ in range(2 * scale)]
    for n in range(2 * scale):
        world.quotes.append(
            QuoteFactory(speaker=world.speakers[0], event=featured, position=n, language="en")
        )
    for speaker in world.speakers[1:]:
        world.quotes.append(QuoteFactory(speaker=speaker, event=world.events[-1]))
    return world


def page_urls(world):
    """Every public page and API list, by name, for the world's featured records."""
    return {
        "home": reverse("home"),
        "search": reverse("search") + "?q=Conference",
        "timeline": reverse("chairmanships:timeline"),
        "chairmanship_detail": world.chairmanship.get_absolute_url(),
        "state_list": reverse("chairmanships:state_list"),
        "state_detail": world.state.get_absolute_url(),
        "topic_list": reverse("chairmanships:topic_list"),
        "topic_detail": world.topic.get_absolute_url(),
        "event_list": reverse("events:event_list"),
        "event_list_filtered": reverse("events:event_list")
        + f"?year={world.event.starts_on.year}&host_state={world.state.slug}"
        f"&topic={world.topic.slug}&kind=conference&status=confirmed",
        "event_detail": world.event.get_absolute_url(),
        "statement_list": reverse("statements:statement_list"),
        "statement_list_by_state": reverse("statements:statement_list")
        + f"?state={world.state.slug}",
        "statement_list_by_topic": reverse("statements:statement_list")
        + f"?topic={world.topic.slug}",
        "statement_detail": world.statement.get_absolute_url(),
        "speaker_list": reverse("statements:speaker_list"),
        "speaker_list_by_state": reverse("statements:speaker_list") + f"?state={world.state.slug}",
        "speaker_detail": world.speaker.get_absolute_url(),
        "speaker_detail_page_2": world.speaker.get_absolute_url() + "?page=2",
        "quote_detail": world.quote.get_absolute_url(),
        "year_list": reverse("years:year_list"),
        "year_detail": reverse("years:year_detail", kwargs={"year": world.event.starts_on.year}),
        **{
            f"api_{name.replace('-', '_')}": f"/api/v1/{name}"
            for name in (
                "events",
                "statements",
                "speakers",
                "quotes",
                "member-states",
                "chairmanships",
                "topics",
            )
        },
    }
