"""factory_boy factories: one per record, producing valid, related data."""

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from dialogue.records.models import PublicationStatus
from events.models import Event, EventDocument, Organisation
from statements.models import JointStatement, Quote, Speaker


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("iso_code",)

    name = factory.Sequence(lambda n: f"State {n}")
    official_name = factory.LazyAttribute(lambda o: f"Republic of {o.name}")
    iso_code = factory.Sequence(lambda n: chr(65 + (n // 26) % 26) + chr(65 + n % 26))
    slug = factory.Sequence(lambda n: f"state-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ChairmanshipFactory(factory.django.DjangoModelFactory):
    """A closed one-year term by default; pass ends_on=None for the current one."""

    class Meta:
        model = Chairmanship

    state = factory.SubFactory(MemberStateFactory)
    # Always in the past: a term starting after today is an announced one.
    starts_on = factory.Sequence(lambda n: date(1000 + n % 1000, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: date(o.starts_on.year + 1, 1, 1))
    slug = factory.Sequence(lambda n: f"chairmanship-{n}")


class HandoverFactory(factory.django.DjangoModelFactory):
    """Two consecutive closed terms joined by a handover (record real ones with hand_over)."""

    class Meta:
        model = Handover

    outgoing = factory.SubFactory(ChairmanshipFactory)
    incoming = factory.SubFactory(
        ChairmanshipFactory, starts_on=factory.SelfAttribute("..outgoing.ends_on")
    )


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    chairmanship = factory.SubFactory(ChairmanshipFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    position = factory.Sequence(lambda n: n)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    chairmanship = factory.SubFactory(ChairmanshipFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    starts_on = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=n))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))
    city = "Almaty"
    host_state = factory.SubFactory(MemberStateFactory)
    # Records made in tests are public unless a test says otherwise; the admin makes drafts.
    publication_status = PublicationStatus.PUBLISHED


class JointStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointStatement

    title = factory.Sequence(lambda n: f"Joint statement {n}")
    slug = factory.Sequence(lambda n: f"joint-statement-{n}")
    event = factory.SubFactory(EventFactory)
    adopted_on = factory.LazyAttribute(lambda o: o.event.starts_on)
    text = "The participants support legislative mechanisms for the protection of women."
    publication_status = PublicationStatus.PUBLISHED


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    position = "Member of Parliament"
    state = factory.SubFactory(MemberStateFactory)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    speaker = factory.SubFactory(SpeakerFactory)
    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"We focus on enhancing digital skills, point {n}.")
    position_at_time = factory.LazyAttribute(lambda o: o.speaker.position)
    publication_status = PublicationStatus.PUBLISHED


# The smallest valid files of each kind the event documents accept (by their content).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe"
    b"\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


class EventDocumentFactory(factory.django.DjangoModelFactory):
    """A PDF programme of an event; pass file=ContentFile(PNG_BYTES, "photo.png") for others."""

    class Meta:
        model = EventDocument

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    kind = EventDocument.Kind.PROGRAMME
    language = "en"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="programme.pdf"))
