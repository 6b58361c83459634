"""Public pages of events: the filtered list and one page per event."""

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from chairmanships.models import Chairmanship
from dialogue.records.citations import CitationDownloadView, CitationMixin
from dialogue.records.publication import publication_dates
from dialogue.records.views import PreviewMixin, PublicPageMixin, dialogue_json_ld, schema_date

from .filters import EventFilter
from .models import Event

PARTICIPANTS_ON_EVENT_PAGE = 20

EVENT_STATUS_SCHEMA = {
    Event.Status.TENTATIVE: "https://schema.org/EventScheduled",
    Event.Status.CONFIRMED: "https://schema.org/EventScheduled",
    Event.Status.HELD: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def event_json_ld(event, request):
    """An event as a schema.org Event, with its status, and place and host where known."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "startDate": schema_date(event.starts_on, event.date_precision),
        "endDate": schema_date(event.last_day, event.date_precision),
        "eventStatus": EVENT_STATUS_SCHEMA.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": [dialogue_json_ld(request)],
    }
    data.update(publication_dates(event))
    description = event.theme or event.summary
    if description:
        data["description"] = description
    if event.city or event.venue or event.host_state:
        place = {"@type": "Place", "name": event.venue or event.city or str(event.host_state)}
        address = {"@type": "PostalAddress"}
        if event.city:
            address["addressLocality"] = event.city
        if event.host_state:
            address["addressCountry"] = event.host_state.iso_code
        place["address"] = address
        data["location"] = place
    if event.host_state:
        data["organizer"].append(
            {
                "@type": "Organization",
                "name": event.host_state.official_name or event.host_state.name,
                "url": request.build_absolute_uri(event.host_state.get_absolute_url()),
            }
        )
    return data


class EventListView(PublicPageMixin, FilterView):
    """Events, newest first, filtered by GET parameters and paginated by links."""

    queryset = Event.objects.public_listing()
    filterset_class = EventFilter
    template_name = "events/event_list.html"
    paginate_by = 20
    page_title = _("Events")
    page_description = _(
        "Conferences, meetings and forums of the dialogue, newest first: "
        "filter them by year, host state, topic, kind and status."
    )

    def get_queryset(self):
        # `?chairmanship=<slug>`, where a chairmanship's page links for all its events; a slug
        # that names no chairmanship is a 404.
        queryset = super().get_queryset()
        self.chairmanship = None
        slug = self.request.GET.get("chairmanship")
        if slug:
            if not slug_re.fullmatch(slug):  # e.g. a NUL byte, which PostgreSQL refuses
                raise Http404(gettext("There is no such chairmanship."))
            self.chairmanship = get_object_or_404(Chairmanship, slug=slug)
            queryset = queryset.filter(chairmanship=self.chairmanship)
        return queryset

    def get_page_title(self):
        title = super().get_page_title()
        if self.chairmanship:
            title = gettext("%(list)s: %(name)s") % {"list": title, "name": self.chairmanship}
        return title

    def get_context_data(self, **kwargs):
        return super().get_context_data(chairmanship=self.chairmanship, **kwargs)


class EventDetailView(CitationMixin, PreviewMixin, PublicPageMixin, DetailView):
    queryset = Event.objects.published().for_page()
    preview_queryset = Event.objects.for_page()
    og_type = "article"
    citation_url_name = "events:event_cite"
    citation_heading = _("Cite this event")

    def get_page_description(self):
        event = self.object
        return (
            event.theme
            or event.summary
            or _("%(title)s, %(dates)s")
            % {
                "title": event.title,
                "dates": event.dates,
            }
        )

    def get_json_ld(self):
        return event_json_ld(self.object, self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # The reverse relations of the layer above, through its own published() methods;
        # a staff preview shows the drafts too.
        statements, quotes = event.statements.all(), event.quotes.all()
        if not self.is_preview:
            statements, quotes = statements.published(), quotes.published()
        context["statements"] = statements.for_listing()
        context["quotes"] = quotes.for_listing().order_by("position", "pk")
        context["documents"] = event.documents.all() if event.has_documents else []
        context["photos"] = event.photos.all() if event.has_photos else []
        # Who took part (the statements layer's `Participation`), the first few, by order.
        participants = list(
            event.participations.select_related("person", "state", "organisation").order_by(
                "order", "pk"
            )[: PARTICIPANTS_ON_EVENT_PAGE + 1]
        )
        context["participants"] = participants[:PARTICIPANTS_ON_EVENT_PAGE]
        context["more_participants"] = len(participants) > PARTICIPANTS_ON_EVENT_PAGE
        return context


class EventCitationView(CitationDownloadView):
    """A public event's citation as RIS, BibTeX or CSL-JSON."""

    queryset = Event.objects.published().for_listing()
