"""The whole public record as one Popolo JSON document (https://www.popoloproject.com/).

Popolo is the open government data standard for organizations, people, their memberships,
events and speeches. The record maps onto it like this:

- organizations: the dialogue itself (classification "dialogue"), each member state
  (classification "member state", with its ISO 3166-1 code as an identifier) and each
  public partner organisation (classification "partner organisation", its acronym as an
  other name, its own website among its links);
- posts: the chair of the dialogue, the one post the member states hold in turn;
- memberships: each state's membership of the dialogue (role "member") and each
  chairmanship (role "chair", holding the chair's post); the member is the state, given as
  `"member": {"@type": "Organization", "id": ...}` as the specification's coalition example
  does, and `organization_id` is the dialogue; and each participation in a public event,
  as the person's membership (`person_id`) of the member state or partner organisation they
  represented there (`organization_id`; absent for someone who represented neither), with
  their role at the event as `role` (delegate, head_of_delegation, speaker, moderator,
  observer, participant), the event's dates as `start_date`/`end_date`, the event as
  `+event_id` (Popolo links no membership to an event) and the position given as
  `+position_at_time`;
- persons: every public person (speakers, participants and signers), their official
  profile, where known, among their links;
- events: the events, organised by the dialogue;
- speeches: the quotes, with the speaker as `creator_id`, the position held when speaking as
  `role`, the language as `language` (the Dublin Core term, as Popolo's "adding metadata"
  appendix advises) and the event's first day as `date` (a date alone: the time of day is
  not recorded).

Joint statements and topics have no Popolo class: they are under `+joint_statements` and
`+topics`, and every other property Popolo lacks starts with "+". Dates are no more precise
than the source gives them (2023, 2023-12 or 2023-12-12). Identifiers are built from slugs,
so they stay stable like the site's addresses. Only published records appear. The document
holds no time of its own making, so the same record always gives the same bytes (and the
API's ETag holds).

The document is a list of sections (`PopoloExport.sections()`): a new kind of record slots in
as one more section, or as more items in a section's list. /open-data/popolo.json and the zip
write it incrementally (`PopoloExport.chunks()`), one record at a time from QuerySets read in
chunks, byte for byte the document `json.dumps(document, ensure_ascii=False, indent=2)`
gives; the API builds the whole `document()`.
"""

import json
from itertools import chain

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from chairmanships.models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from dialogue.records.links import web_address
from dialogue.records.text import without_control_characters
from dialogue.records.views import schema_date
from events.models import Event, Organisation
from statements.models import JointStatement, Participation, Quote, Signatory, Speaker

from .downloads import batched_text, data_licence, reading, streamed

DIALOGUE_ID = "dialogue"
CHAIR_POST_ID = "post/chair"
POPOLO_SPEC = "https://www.popoloproject.com/specs/"


def state_id(state):
    return f"state/{state.slug}"


def chairmanship_id(chairmanship):
    return f"chairmanship/{chairmanship.slug}"


def event_id(event):
    return f"event/{event.slug}"


def person_id(speaker):
    return f"person/{speaker.slug}"


def organisation_id(organisation):
    return f"organisation/{organisation.slug}"


def topic_id(topic):
    return f"topic/{topic.slug}"


def _compact(data):
    """Leave out what is unknown rather than writing null."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


class PopoloExport:
    """Builds the document for one request (the request makes the links absolute)."""

    # Every model whose rows the document shows (named up front, as the download streams).
    MODELS = (
        Chairmanship, Handover, Priority, Initiative, MemberState, Topic, Event, Organisation,
        JointStatement, Signatory, Participation, Quote, Speaker,
    )  # fmt: skip

    def __init__(self, request):
        self.request = request

    def page(self, record):
        return self.request.build_absolute_uri(record.get_absolute_url())

    def links(self, record):
        return [{"url": self.page(record), "note": "Page in the public record"}]

    @staticmethod
    def sources(record):
        if not web_address(record.source_url):
            return []
        return [_compact({"url": web_address(record.source_url), "note": record.source_title})]

    # Organizations and memberships ------------------------------------------------------------

    def dialogue(self):
        return {
            "id": DIALOGUE_ID,
            "name": settings.DIALOGUE_NAME,
            "classification": "dialogue",
            "links": [{"url": self.request.build_absolute_uri("/"), "note": "Public record"}],
        }

    def state(self, state):
        return _compact(
            {
                "id": state_id(state),
                "name": state.name,
                "other_names": [{"name": state.official_name, "note": "Official name"}]
                if state.official_name and state.official_name != state.name
                else [],
                "classification": "member state",
                "identifiers": [{"identifier": state.iso_code, "scheme": "ISO 3166-1 alpha-2"}],
                "links": self.links(state),
                "sources": self.sources(state),
            }
        )

    def organisation(self, organisation):
        website = web_address(organisation.url)
        return _compact(
            {
                "id": organisation_id(organisation),
                "name": organisation.name,
                "other_names": [{"name": organisation.acronym, "note": "Acronym"}]
                if organisation.acronym
                else [],
                "classification": "partner organisation",
                "links": [
                    *self.links(organisation),
                    *([{"url": website, "note": "Website"}] if website else []),
                ],
            }
        )

    def participation_membership(self, participation):
        event, represented = participation.event, participation.represented
        if participation.state_id:
            organization = state_id(participation.state)
        elif participation.organisation_id:
            organization = organisation_id(participation.organisation)
        else:
            organization = None
        label = f"{participation.person.name} at {event.title}"
        return _compact(
            {
                "id": f"participation/{participation.pk}",
                "label": f"{label}, for {represented.name}" if represented else label,
                "role": participation.role,
                "person_id": person_id(participation.person),
                "organization_id": organization,
                "start_date": schema_date(event.starts_on, event.date_precision),
                "end_date": schema_date(event.last_day, event.date_precision),
                "+event_id": event_id(event),
                "+position_at_time": participation.position_at_time,
            }
        )

    def chair_post(self):
        return {
            "id": CHAIR_POST_ID,
            "label": f"Chair of the {settings.DIALOGUE_NAME}",
            "role": "chair",
            "organization_id": DIALOGUE_ID,
        }

    def state_membership(self, state):
        return _compact(
            {
                "id": f"membership/{state.slug}",
                "label": f"{state.name}, member state of the {settings.DIALOGUE_NAME}",
                "role": "member",
                "member": {"@type": "Organization", "id": state_id(state)},
                "organization_id": DIALOGUE_ID,
                "start_date": schema_date(state.joined_on),
                "end_date": schema_date(state.left_on),
            }
        )

    def chair_membership(self, chairmanship):
        precision = chairmanship.date_precision
        handover_out = _handover(chairmanship, "handover_out")
        handover_in = _handover(chairmanship, "handover_in")
        return _compact(
            {
                "id": chairmanship_id(chairmanship),
                "label": f"Chairmanship of {chairmanship.state.name}",
                "role": "chair",
                "member": {"@type": "Organization", "id": state_id(chairmanship.state)},
                "organization_id": DIALOGUE_ID,
                "post_id": CHAIR_POST_ID,
                "sources": self.sources(chairmanship),
                "start_date": schema_date(chairmanship.starts_on, precision),
                "end_date": schema_date(chairmanship.ends_on, precision),
                "links": self.links(chairmanship),
                "+priorities": [p.title for p in chairmanship.priorities.all()],
                "+initiatives": [
                    _compact(
                        {"name": i.name, "description": i.description, "url": web_address(i.url)}
                    )
                    for i in chairmanship.initiatives.all()
                ],
                "+outcomes": chairmanship.outcomes,
                "+handed_over_from": chairmanship_id(handover_in.outgoing) if handover_in else None,
                "+handed_over_to": chairmanship_id(handover_out.incoming) if handover_out else None,
            }
        )

    # Persons, events, speeches ---------------------------------------------------------------

    def person(self, speaker):
        return _compact(
            {
                "id": person_id(speaker),
                "name": speaker.name,
                "links": [
                    *self.links(speaker),
                    *(
                        [{"url": web_address(speaker.profile_url), "note": "Official profile"}]
                        if web_address(speaker.profile_url)
                        else []
                    ),
                ],
                "sources": self.sources(speaker),
                "+position": speaker.position,
                "+organisation": speaker.organisation,
                "+state_id": state_id(speaker.state) if speaker.state_id else None,
            }
        )

    def event(self, event):
        precision = event.date_precision
        place = [event.venue, event.city, event.host_state.name if event.host_state else ""]
        handover = event.announced_handover
        return _compact(
            {
                "id": event_id(event),
                "name": event.title,
                "description": event.summary or event.theme,
                "start_date": schema_date(event.starts_on, precision),
                "end_date": schema_date(event.last_day, precision),
                "location": ", ".join(part for part in place if part),
                "status": event.status,
                "classification": event.kind,
                "organization_id": DIALOGUE_ID,
                "sources": self.sources(event),
                "+url": self.page(event),
                "+theme": event.theme,
                "+host_state_id": state_id(event.host_state) if event.host_state_id else None,
                "+participant_ids": [state_id(s) for s in event.participating_states.all()],
                "+partner_organisations": [str(o) for o in event.partner_organisations.all()],
                "+partner_organisation_ids": [
                    organisation_id(o) for o in event.partner_organisations.all()
                ],
                "+chairmanship_id": chairmanship_id(event.chairmanship)
                if event.chairmanship_id
                else None,
                "+topic_ids": [topic_id(t) for t in event.topics.all()],
                "+announced_handover": {
                    "from": chairmanship_id(handover.outgoing),
                    "to": chairmanship_id(handover.incoming),
                    "date": schema_date(handover.handed_over_on, handover.incoming.date_precision),
                }
                if handover
                else None,
            }
        )

    def speech(self, quote):
        return _compact(
            {
                "id": f"speech/{quote.pk}",
                "creator_id": person_id(quote.speaker),
                "role": quote.position_at_time,
                "attribution_text": quote.speaker.name,
                "text": quote.text,
                "language": quote.language,
                "date": schema_date(quote.event.starts_on, quote.event.date_precision),
                "event_id": event_id(quote.event),
                "position": quote.position,
                "sources": self.sources(quote),
                "+url": self.page(quote),
            }
        )

    def statement(self, statement):
        return _compact(
            {
                "id": f"statement/{statement.slug}",
                "title": statement.title,
                "date": schema_date(statement.adopted_on, statement.event.date_precision),
                "event_id": event_id(statement.event),
                "summary": statement.summary,
                "text": statement.text,
                "signatory_ids": [state_id(s) for s in statement.signatories.all()],
                "topic_ids": [topic_id(t) for t in statement.topics.all()],
                "url": self.page(statement),
                "sources": self.sources(statement),
            }
        )

    def topic(self, topic):
        return _compact(
            {
                "id": topic_id(topic),
                "name": topic.name,
                "description": topic.description,
                "url": self.page(topic),
            }
        )

    # The document -----------------------------------------------------------------------------

    def meta(self):
        licence_name, licence_url = data_licence()
        return {
            "title": f"{settings.DIALOGUE_NAME}: the public record",
            "url": self.request.build_absolute_uri(reverse("opendata:popolo")),
            "licence": {"name": licence_name, "url": licence_url},
            "conforms_to": POPOLO_SPEC,
        }

    def sections(self):
        """The document's keys in order, each with a dict or an iterable of dicts (read from
        the database only as the iterable is consumed, a chunk of rows at a time)."""
        states = list(MemberState.objects.order_by("name", "pk"))
        chairmanships = (
            Chairmanship.objects.with_handovers()
            .prefetch_related("priorities", "initiatives")
            .order_by("starts_on", "pk")
        )
        events = Event.objects.public_detail().order_by("starts_on", "title", "pk")
        quotes = Quote.objects.public_listing().order_by(
            "event__starts_on", "event", "position", "pk"
        )
        statements = JointStatement.objects.public_detail().order_by("adopted_on", "title", "pk")
        speakers = Speaker.objects.public_listing()
        organisations = Organisation.objects.public_listing()
        participations = (
            Participation.objects.published()
            .select_related("person", "event", "state", "organisation")
            .order_by("event__starts_on", "event", "order", "pk")
        )
        topics = Topic.objects.order_by("name", "pk")
        return [
            ("+meta", self.meta()),
            (
                "organizations",
                chain(
                    [self.dialogue()],
                    (self.state(s) for s in states),
                    (self.organisation(o) for o in reading(organisations)),
                ),
            ),
            ("posts", [self.chair_post()]),
            (
                "memberships",
                chain(
                    (self.state_membership(s) for s in states),
                    (self.chair_membership(c) for c in reading(chairmanships)),
                    (self.participation_membership(p) for p in reading(participations)),
                ),
            ),
            ("persons", (self.person(s) for s in reading(speakers))),
            ("events", (self.event(e) for e in reading(events))),
            ("speeches", (self.speech(q) for q in reading(quotes))),
            ("+joint_statements", (self.statement(s) for s in reading(statements))),
            ("+topics", (self.topic(t) for t in reading(topics))),
        ]

    def document(self):
        """The whole document as a dict (every list read into memory)."""
        return {
            key: value if isinstance(value, dict) else list(value) for key, value in self.sections()
        }

    def chunks(self):
        """The document as JSON text (two-space indents), a chunk at a time, without control
        characters (as the site sends every text answer)."""
        return (without_control_characters(chunk) for chunk in batched_text(self._pieces()))

    def _pieces(self):
        yield "{"
        for n, (key, value) in enumerate(self.sections()):
            yield ("," if n else "") + "\n  " + _dumps(key) + ": "
            if isinstance(value, dict):
                yield _dumps(value, indent="  ")
                continue
            empty = True
            for item in value:
                yield ("[\n    " if empty else ",\n    ") + _dumps(item, indent="    ")
                empty = False
            yield "[]" if empty else "\n  ]"
        yield "\n}"


def _dumps(value, indent=""):
    """`value` as JSON, as it reads nested `indent` deep in the indented document (a JSON
    string holds no raw line break, so every line break starts a new line of layout)."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + indent) if indent else text


def _handover(chairmanship, name):
    try:
        return getattr(chairmanship, name)
    except Handover.DoesNotExist:
        return None


def popolo_export(request):
    """The whole public record as a Popolo JSON document (a dict)."""
    return PopoloExport(request).document()


def popolo_json(request):
    """/open-data/popolo.json, streamed."""
    return streamed(
        PopoloExport(request).chunks(),
        PopoloExport.MODELS,
        content_type="application/json",
        disposition='inline; filename="popolo.json"',
    )
