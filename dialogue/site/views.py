"""Pages that gather records from every layer.

Home, the chairmanship timeline, and the pages of one chairmanship, member state or
topic show events and statements beside chairmanship records. The project package may
import every app; the `chairmanships` app itself never imports the layers above it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from chairmanships.models import Chairmanship, Handover, MemberState, Topic
from chairmanships.views import state_json_ld
from dialogue.records.i18n import dialogue_name
from dialogue.records.models import format_date
from dialogue.records.views import PublicPageMixin
from events.models import Event
from statements.models import JointStatement, Quote, Speaker

from .charts import TermInput, timeline_chart

LATEST_ON_HOME = 5
EVENTS_ON_GATHERING_PAGES = 20


def handover_into(chairmanship):
    """The handover that opened this chairmanship, or None for the first one recorded."""
    try:
        return chairmanship.handover_in
    except Handover.DoesNotExist:
        return None


def handover_out_of(chairmanship):
    """The handover that closed this chairmanship, or None while it is current."""
    try:
        return chairmanship.handover_out
    except Handover.DoesNotExist:
        return None


def announcing_events(handovers):
    """The published event that announced each handover (`handover.announced_at`), by pk.

    One query for any number of handovers, and only events the public may see.
    """
    pks = [handover.pk for handover in handovers if handover is not None]
    if not pks:
        return {}
    events = Event.objects.published().filter(announced_handover__in=pks)
    return {event.announced_handover_id: event for event in events}


@dataclass
class AnnouncedHandover:
    """A handover as a page shows it: who passed the chair to whom, and where it was announced."""

    handover: Handover
    announced_at: Event | None

    @property
    def anchor(self):
        return f"handover-{self.handover.pk}"


def with_announcements(handovers):
    events = announcing_events(handovers)
    return [
        AnnouncedHandover(handover, events.get(handover.pk)) if handover is not None else None
        for handover in handovers
    ]


class HomeView(PublicPageMixin, TemplateView):
    template_name = "dialogue/home.html"

    def get_page_description(self):
        return _(
            "The record of the %(dialogue)s: who chairs it, its conferences, the joint "
            "statements adopted there and what speakers said."
        ) % {"dialogue": dialogue_name()}

    def get_json_ld(self):
        search = self.request.build_absolute_uri(reverse("search"))
        return {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": dialogue_name(),
            "url": self.request.build_absolute_uri("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{query}}"},
                "query-input": "required name=query",
            },
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = list(
            Chairmanship.objects.current_and_announced()
            .select_related("state")
            .prefetch_related("priorities")
        )
        context.update(
            chair=next((term for term in terms if term.is_current), None),
            next_chair=next((term for term in terms if term.is_announced), None),
            events=Event.objects.public_listing()[:LATEST_ON_HOME],
            statements=JointStatement.objects.public_listing()[:LATEST_ON_HOME],
            quote=Quote.objects.public_listing().first(),
        )
        return context


class TimelineView(PublicPageMixin, ListView):
    """Every chairmanship, oldest first, with the handover that opened each."""

    queryset = Chairmanship.objects.with_handovers().order_by("starts_on")
    template_name = "chairmanships/timeline.html"
    page_title = gettext_lazy("Chairmanships")
    page_description = gettext_lazy(
        "Every chairmanship of the dialogue in order, and each handover of the chair: "
        "from which state to which, when, and where it was announced."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = list(context["object_list"])
        handovers = with_announcements([handover_into(term) for term in terms])
        context["terms"] = list(zip(terms, handovers, strict=True))
        context["chart"] = chairmanship_chart(terms)
        context["next_chair"] = next((term for term in terms if term.is_announced), None)
        # The table beside the chart: each term with the state it passed the chair to.
        context["table"] = [
            (term, handover_out_of(term).incoming if handover_out_of(term) else None)
            for term in terms
        ]
        return context


def chairmanship_chart(terms):
    """The timeline's SVG chart: a bar per term, a mark per handover (see `charts.py`)."""

    def label(term):
        if term.is_current:
            return _("%(state)s (current chair)") % {"state": term.state.name}
        if term.is_announced:
            return _("%(state)s (from %(date)s)") % {
                "state": term.state.name,
                "date": format_date(term.starts_on, term.date_precision),
            }
        return str(term.state.name)

    def handover_label(outgoing, incoming):
        if incoming.announced:
            return _("Announced handover: %(from)s to %(to)s, %(date)s") % {
                "from": outgoing.name,
                "to": incoming.name,
                "date": incoming.start_text,
            }
        return _("Handover: %(from)s to %(to)s, %(date)s") % {
            "from": outgoing.name,
            "to": incoming.name,
            "date": incoming.start_text,
        }

    inputs = [
        TermInput(
            label=label(term),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            url=term.get_absolute_url(),
            period=term.period,
            name=str(term.state.name),
            start_text=format_date(term.starts_on, term.date_precision),
            current=term.is_current,
            announced=term.is_announced,
        )
        for term in terms
    ]
    return timeline_chart(inputs, today=timezone.localdate(), handover_label=handover_label)


class ChairmanshipDetailView(PublicPageMixin, DetailView):
    queryset = Chairmanship.objects.with_handovers().prefetch_related(
        "priorities__topics", "initiatives"
    )
    og_type = "article"

    def get_page_title(self):
        return _("Chairmanship of %(state)s, %(period)s") % {
            "state": self.object.state,
            "period": self.object.period,
        }

    def get_page_description(self):
        chair = self.object
        priorities = "; ".join(priority.title for priority in chair.priorities.all())
        return chair.outcomes or priorities or self.get_page_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chair = self.object
        handover_in, handover_out = with_announcements(
            [handover_into(chair), handover_out_of(chair)]
        )
        # The first few of each, then a link to the list narrowed to this chairmanship: a
        # term of the archive holds hundreds of events.
        events, more_events = first_of(Event.objects.public_listing().filter(chairmanship=chair))
        statements, more_statements = first_of(
            JointStatement.objects.public_listing().filter(event__chairmanship=chair)
        )
        context.update(
            handover_in=handover_in,
            handover_out=handover_out,
            events=events,
            more_events=more_events,
            statements=statements,
            more_statements=more_statements,
        )
        return context


def first_of(queryset, limit=EVENTS_ON_GATHERING_PAGES):
    """The first `limit` records and whether there are more, in one query: a state or topic
    page shows a few of each kind and links to the whole list, however large the archive."""
    records = list(queryset[: limit + 1])
    return records[:limit], len(records) > limit


class MemberStateDetailView(PublicPageMixin, DetailView):
    queryset = MemberState.objects.all()
    og_type = "profile"

    def get_page_description(self):
        state = self.object
        return _(
            "%(name)s in the %(dialogue)s: chairmanships held, events hosted, "
            "statements signed and speakers."
        ) % {"name": state.official_name or state.name, "dialogue": dialogue_name()}

    def get_json_ld(self):
        return state_json_ld(self.object, self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.object
        events, more_events = first_of(Event.objects.public_listing().filter(host_state=state))
        statements, more_statements = first_of(
            JointStatement.objects.public_listing().filter(signatories=state)
        )
        speakers, more_speakers = first_of(Speaker.objects.published().filter(state=state))
        context.update(
            chairmanships=state.chairmanships.all(),
            events=events,
            more_events=more_events,
            statements=statements,
            more_statements=more_statements,
            speakers=speakers,
            more_speakers=more_speakers,
        )
        return context


class TopicDetailView(PublicPageMixin, DetailView):
    queryset = Topic.objects.all()

    def get_page_description(self):
        topic = self.object
        return topic.description or _(
            "Events, joint statements and chairmanship priorities on %(topic)s."
        ) % {"topic": topic.name}

    def get_json_ld(self):
        topic = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": topic.name,
            "url": self.request.build_absolute_uri(topic.get_absolute_url()),
        }
        if topic.description:
            data["description"] = topic.description
        return data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.object
        events, more_events = first_of(Event.objects.public_listing().filter(topics=topic))
        statements, more_statements = first_of(
            JointStatement.objects.public_listing().filter(topics=topic)
        )
        context.update(
            events=events,
            more_events=more_events,
            statements=statements,
            more_statements=more_statements,
            priorities=topic.priorities.select_related("chairmanship__state"),
        )
        return context
