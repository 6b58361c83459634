"""A small public record for the open data tests, built with the shared factories.

Two states, two topics, two chairmanships joined by a handover, three events (held,
cancelled, tentative with only the month known, one with a Russian title), a joint
statement, a speaker and two quotes (English and Russian).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from chairmanships.models import Chairmanship, Handover, MemberState, Topic
from dialogue.records.models import DatePrecision
from events.models import Event
from statements.models import JointStatement, Language, Quote, Speaker
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
class Record:
    kazakhstan: MemberState
    kyrgyzstan: MemberState
    violence: Topic
    digital: Topic
    kazakh_chair: Chairmanship
    kyrgyz_chair: Chairmanship
    handover: Handover
    conference: Event
    forum: Event
    meeting: Event
    statement: JointStatement
    speaker: Speaker
    quote: Quote
    russian_quote: Quote


def build_record():
    kazakhstan = MemberStateFactory(
        name="Kazakhstan", official_name="Republic of Kazakhstan", iso_code="KZ", slug="kazakhstan"
    )
    kyrgyzstan = MemberStateFactory(
        name="Kyrgyzstan", official_name="Kyrgyz Republic", iso_code="KG", slug="kyrgyzstan"
    )
    violence = TopicFactory(name="Gender-based violence", slug="gender-based-violence")
    digital = TopicFactory(name="Digital skills", slug="digital-skills")
    kazakh_chair = ChairmanshipFactory(
        state=kazakhstan,
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 1),
        slug="kazakhstan-2023",
        outcomes="Innovation, peace and security, climate.",
    )
    PriorityFactory(chairmanship=kazakh_chair, title="Climate change", position=1).topics.set(
        [violence]
    )
    InitiativeFactory(chairmanship=kazakh_chair, name="Technovation Girls")
    kyrgyz_chair = ChairmanshipFactory(
        state=kyrgyzstan, starts_on=date(2023, 12, 1), ends_on=None, slug="kyrgyzstan-2023"
    )
    handover = Handover.objects.create(outgoing=kazakh_chair, incoming=kyrgyz_chair)

    conference = EventFactory(
        title="Combating gender-based violence in the region",
        slug="combating-gender-based-violence",
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.HELD,
        theme="Efficient and sustainable collective solutions",
        starts_on=date(2023, 11, 30),
        ends_on=date(2023, 12, 1),
        city="Astana",
        venue="Palace of Independence",
        host_state=kazakhstan,
        chairmanship=kazakh_chair,
        announced_handover=handover,
        summary="The chairmanship passed to Kyrgyzstan.",
        source_url="https://example.org/news/dialogue-2023",
        source_title="Kazakhstan concludes chairmanship",
    )
    conference.topics.set([violence])
    conference.participating_states.set([kazakhstan, kyrgyzstan])
    conference.partner_organisations.set([OrganisationFactory(name="UN Women", acronym="")])

    forum = EventFactory(
        title="Цифровой форум женщин",
        slug="digital-forum",
        kind=Event.Kind.FORUM,
        status=Event.Status.CANCELLED,
        starts_on=date(2024, 3, 5),
        ends_on=None,
        city="Бишкек",
        host_state=kyrgyzstan,
        chairmanship=kyrgyz_chair,
    )
    forum.topics.set([digital])
    forum.participating_states.set([kazakhstan])

    meeting = EventFactory(
        title="Working meeting on digital skills",
        slug="working-meeting",
        kind=Event.Kind.MEETING,
        status=Event.Status.TENTATIVE,
        starts_on=date(2024, 5, 1),
        ends_on=None,
        date_precision=DatePrecision.MONTH,
        city="",
        host_state=kyrgyzstan,
        chairmanship=kyrgyz_chair,
    )
    meeting.topics.set([digital])

    statement = JointStatementFactory(
        title="Joint statement on the legal protection of women",
        slug="joint-statement-legal-protection",
        event=conference,
        adopted_on=date(2023, 12, 1),
        summary="Support for legislative mechanisms protecting women.",
        source_url="https://example.org/news/dialogue-2023",
        source_title="Kazakhstan concludes chairmanship",
    )
    statement.signatories.set([kazakhstan, kyrgyzstan])
    statement.topics.set([violence])

    speaker = SpeakerFactory(
        name="Aigul Example",
        slug="aigul-example",
        position="Deputy Chair of the Senate",
        organisation="Parliament of Kazakhstan",
        state=kazakhstan,
    )
    quote = QuoteFactory(
        speaker=speaker,
        event=conference,
        text="We focus on enhancing digital skills and creating opportunities.",
        language=Language.ENGLISH,
        position_at_time="Member of the Mazhilis",
        position=1,
        source_url="https://example.org/news/dialogue-2023",
    )
    russian_quote = QuoteFactory(
        speaker=speaker,
        event=forum,
        text="Мы поддерживаем равные возможности.",
        language=Language.RUSSIAN,
        position_at_time="Member of the Mazhilis",
        position=1,
    )
    return Record(
        kazakhstan=kazakhstan,
        kyrgyzstan=kyrgyzstan,
        violence=violence,
        digital=digital,
        kazakh_chair=kazakh_chair,
        kyrgyz_chair=kyrgyz_chair,
        handover=handover,
        conference=conference,
        forum=forum,
        meeting=meeting,
        statement=statement,
        speaker=speaker,
        quote=quote,
        russian_quote=russian_quote,
    )


def add_busy_year(record, count, *, first_day=date(2025, 1, 10)):
    """`count` more events, each with a statement and a quote, tagged and attended, so that
    list endpoints have many rows with related records to load."""
    for n in range(count):
        event = EventFactory(
            starts_on=first_day + timedelta(days=n),
            host_state=record.kazakhstan if n % 2 else record.kyrgyzstan,
            chairmanship=record.kyrgyz_chair,
        )
        event.topics.set([record.violence, record.digital])
        event.participating_states.set([record.kazakhstan, record.kyrgyzstan])
        statement = JointStatementFactory(event=event)
        statement.signatories.set([record.kazakhstan, record.kyrgyzstan])
        statement.topics.set([record.digital])
        QuoteFactory(speaker=SpeakerFactory(state=record.kyrgyzstan), event=event)
        MemberStateFactory()
        TopicFactory()
        # An earlier chairmanship, handed over to the earliest one recorded so far.
        earliest = Chairmanship.objects.order_by("starts_on").first()
        state = record.kazakhstan if earliest.state == record.kyrgyzstan else record.kyrgyzstan
        earlier = ChairmanshipFactory(
            state=state,
            starts_on=date(earliest.starts_on.year - 1, 1, 1),
            ends_on=earliest.starts_on,
        )
        PriorityFactory(chairmanship=earlier).topics.set([record.digital])
        Handover.objects.create(outgoing=earlier, incoming=earliest)
