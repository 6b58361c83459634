"""Public pages of what the dialogue said: statements, speakers and their quotes."""

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from chairmanships.models import Chairmanship, MemberState, Topic
from dialogue.records.citations import CitationDownloadView, CitationMixin
from dialogue.records.i18n import dialogue_name
from dialogue.records.links import web_address
from dialogue.records.pagination import CappedPaginator
from dialogue.records.publication import publication_dates
from dialogue.records.views import PreviewMixin, PublicPageMixin, schema_date
from events.models import Event, Organisation

from .models import JointStatement, Participation, Quote, Speaker
from .pdf import StatementPdfMixin

# A person's page shows the first few of each list, then links to the whole list filtered.
RECORDS_ON_PERSON_PAGE = 10


def first_of(queryset, limit=RECORDS_ON_PERSON_PAGE):
    """The first `limit` records and whether there are more, in one query."""
    records = list(queryset[: limit + 1])
    return records[:limit], len(records) > limit


def person_json_ld(speaker, request, job_title=None):
    """A speaker as a schema.org Person."""
    data = {
        "@type": "Person",
        "name": speaker.name,
        "url": request.build_absolute_uri(speaker.get_absolute_url()),
    }
    if job_title or speaker.position:
        data["jobTitle"] = job_title or speaker.position
    if speaker.organisation:
        data["worksFor"] = {"@type": "Organization", "name": speaker.organisation}
    return data


def organisation_json_ld(organisation, request):
    """A partner organisation as a schema.org Organization."""
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if web_address(organisation.url):
        data["sameAs"] = [web_address(organisation.url)]
    return data


def state_json_ld_ref(state, request):
    return {
        "@type": "Organization",
        "name": state.official_name or state.name,
        "url": request.build_absolute_uri(state.get_absolute_url()),
    }


def full_person_json_ld(speaker, participations, request):
    """A person's page as a schema.org Person: their state as `affiliation`, the states
    and organisations they represented at events as `memberOf`, their official page as
    `sameAs`."""
    data = {"@context": "https://schema.org", **person_json_ld(speaker, request)}
    if speaker.state:
        data["affiliation"] = state_json_ld_ref(speaker.state, request)
    represented, seen = [], set()
    for participation in participations:
        body = participation.represented
        if body is None or (type(body), body.pk) in seen:
            continue
        seen.add((type(body), body.pk))
        if participation.organisation_id:
            represented.append(organisation_json_ld(body, request))
        else:
            represented.append(state_json_ld_ref(body, request))
    if represented:
        data["memberOf"] = represented
    if web_address(speaker.profile_url):
        data["sameAs"] = [web_address(speaker.profile_url)]
    return data


def quote_json_ld(quote, request):
    """A quote as a schema.org Quotation, with the speaker's position on that day."""
    event = quote.event
    return {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": quote.text,
        "inLanguage": quote.language,
        "url": request.build_absolute_uri(quote.get_absolute_url()),
        "creator": person_json_ld(quote.speaker, request, job_title=quote.position_at_time),
        "dateCreated": schema_date(event.starts_on, event.date_precision),
        "isPartOf": {
            "@type": "Event",
            "name": event.title,
            "url": request.build_absolute_uri(event.get_absolute_url()),
        },
        **publication_dates(quote),
    }


def statement_json_ld(statement, request):
    """A joint statement as a schema.org CreativeWork signed by its member states."""
    event = statement.event
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": statement.title,
        "url": request.build_absolute_uri(statement.get_absolute_url()),
        "dateCreated": schema_date(statement.adopted_on, event.date_precision),
        "author": [
            {
                "@type": "Organization",
                "name": state.official_name or state.name,
                "url": request.build_absolute_uri(state.get_absolute_url()),
            }
            for state in statement.signatories.all()
        ],
        "about": [topic.name for topic in statement.topics.all()],
        "locationCreated": {
            "@type": "Event",
            "name": event.title,
            "url": request.build_absolute_uri(event.get_absolute_url()),
        },
    }
    data.update(publication_dates(statement))
    if statement.summary:
        data["abstract"] = statement.summary
    if statement.text:
        data["text"] = statement.text
    return data


class NarrowedListMixin:
    """A list narrowed to one member state or topic (`?state=kz`, `?topic=water`): where the
    "see all" links of the state and topic pages lead. A slug that names nothing is a 404."""

    narrowed_by = {}  # GET parameter -> (model, lookup)

    def get_queryset(self):
        queryset = super().get_queryset()
        self.narrowed_to = []
        for parameter, (model, lookup) in self.narrowed_by.items():
            slug = self.request.GET.get(parameter)
            if slug:
                if not slug_re.fullmatch(slug):  # e.g. a NUL byte, which PostgreSQL refuses
                    raise Http404(gettext("No such record."))
                # A record the public may not see names nothing here either.
                records = model._default_manager.all()
                if hasattr(records, "published"):
                    records = records.published()
                record = get_object_or_404(records, slug=slug)
                self.narrowed_to.append(record)
                queryset = queryset.filter(**{lookup: record}).distinct()
        return queryset

    def get_page_title(self):
        title = super().get_page_title()
        for record in self.narrowed_to:
            title = gettext("%(list)s: %(name)s") % {"list": title, "name": record}
        return title


class StatementListView(NarrowedListMixin, PublicPageMixin, ListView):
    narrowed_by = {
        "state": (MemberState, "signatories"),
        "topic": (Topic, "topics"),
        "person": (Speaker, "signing_people__person"),
        "chairmanship": (Chairmanship, "event__chairmanship"),
    }
    queryset = JointStatement.objects.public_listing().select_related("event__host_state")
    paginate_by = 20
    page_title = _("Joint statements")
    page_description = _("The statements the member states adopted together, newest first.")

    def get_queryset(self):
        # `?year=2023`, where a year's archive page links; a year that is not a number is a 404.
        queryset = super().get_queryset()
        self.year = self.request.GET.get("year", "")
        if self.year:
            if not (self.year.isdigit() and len(self.year) <= 4 and int(self.year) >= 1):
                raise Http404(gettext("There is no such year."))
            queryset = queryset.filter(adopted_on__year=int(self.year))
        return queryset

    def get_page_title(self):
        title = super().get_page_title()
        if self.year:
            title = gettext("%(list)s: %(name)s") % {"list": title, "name": self.year}
        return title


class StatementDetailView(CitationMixin, PreviewMixin, PublicPageMixin, DetailView):
    queryset = (
        JointStatement.objects.public_detail()
        .select_related("event__host_state")
        .prefetch_related("signing_people__state")
    )
    preview_queryset = (
        JointStatement.objects.for_detail()
        .select_related("event__host_state")
        .prefetch_related("signing_people__state")
    )
    og_type = "article"
    citation_url_name = "statements:statement_cite"
    citation_heading = _("Cite this statement")

    def get_page_description(self):
        statement = self.object
        return statement.summary or statement.text or statement.title

    def get_json_ld(self):
        return statement_json_ld(self.object, self.request)


class SpeakerListView(NarrowedListMixin, PublicPageMixin, ListView):
    narrowed_by = {"state": (MemberState, "state"), "event": (Event, "participations__event")}
    queryset = Speaker.objects.public_listing()
    paginate_by = 50
    page_title = _("People")
    page_description = _(
        "The people in the record: who spoke, took part in events and signed statements."
    )


class SpeakerDetailView(PreviewMixin, PublicPageMixin, DetailView):
    """A person's page: the events they attended (with their role and whom they
    represented), what they said and the statements they signed, the first few of each."""

    queryset = Speaker.objects.public_listing()
    preview_queryset = Speaker.objects.select_related("state")
    og_type = "profile"

    def get_page_description(self):
        speaker = self.object
        return ", ".join(
            part for part in (speaker.name, speaker.position, speaker.organisation) if part
        )

    def get_json_ld(self):
        return full_person_json_ld(self.object, self.participations, self.request)

    def get_context_data(self, **kwargs):
        person = self.object
        preview = self.is_preview
        participations = (
            Participation.objects.all() if preview else Participation.objects.published()
        )
        participations = (
            participations.filter(person=person)
            .select_related("event__host_state", "state", "organisation")
            .order_by("-event__starts_on", "event", "pk")
        )
        self.participations, more_participations = first_of(participations)
        quotes = Quote.objects.all() if preview else Quote.objects.published()
        quotes, more_quotes = first_of(
            quotes.filter(speaker=person)
            .select_related("event__host_state")
            .order_by(*Quote._meta.ordering)
        )
        statements = JointStatement.objects.all() if preview else JointStatement.objects.published()
        statements, more_statements = first_of(
            statements.filter(signing_people__person=person)
            .distinct()
            .select_related("event")
            .order_by("-adopted_on", "title", "pk")
        )
        context = super().get_context_data(**kwargs)
        context.update(
            participations=self.participations,
            more_participations=more_participations,
            quotes=quotes,
            more_quotes=more_quotes,
            statements=statements,
            more_statements=more_statements,
        )
        return context


class QuoteListView(NarrowedListMixin, PublicPageMixin, ListView):
    """Quotes, newest event first; `?speaker=<slug>` is where a person's page leads."""

    narrowed_by = {"speaker": (Speaker, "speaker"), "event": (Event, "event")}
    queryset = Quote.objects.public_listing().select_related("event__host_state")
    paginate_by = 20
    paginator_class = CappedPaginator  # hundreds of thousands: counted a few pages ahead
    page_title = _("Quotes")
    page_description = _("What speakers said at the dialogue's events, newest first.")


class QuoteDetailView(CitationMixin, PreviewMixin, PublicPageMixin, DetailView):
    queryset = Quote.objects.public_listing().select_related("event__host_state")
    preview_queryset = Quote.objects.for_listing().select_related("event__host_state")
    og_type = "article"
    citation_url_name = "statements:quote_cite"
    citation_heading = _("Cite this quote")

    def get_page_description(self):
        return self.object.text

    def get_json_ld(self):
        return quote_json_ld(self.object, self.request)


class StatementCitationView(CitationDownloadView):
    """A public statement's citation as RIS, BibTeX or CSL-JSON."""

    queryset = StatementDetailView.queryset


class QuoteCitationView(CitationDownloadView):
    """A public quote's citation as RIS, BibTeX or CSL-JSON."""

    queryset = QuoteDetailView.queryset


class StatementPdfView(StatementPdfMixin):
    """A public statement as a PDF, in the page's language."""

    queryset = StatementDetailView.queryset


class OrganisationListView(PublicPageMixin, ListView):
    queryset = Organisation.objects.public_listing()
    paginate_by = 50
    template_name = "events/organisation_list.html"
    page_title = _("Partner organisations")
    page_description = _("The organisations that took part in the dialogue's events.")


class OrganisationDetailView(PublicPageMixin, DetailView):
    """A partner organisation's page: the events it was a partner of and the people who
    represented it, the first few of each, with a link to the events list filtered by it."""

    queryset = Organisation.objects.public_listing()
    template_name = "events/organisation_detail.html"
    og_type = "profile"

    def get_page_description(self):
        return _(
            "%(name)s in the %(dialogue)s: events it took part in, and who represented it."
        ) % {
            "name": self.object.name,
            "dialogue": dialogue_name(),
        }

    def get_json_ld(self):
        return {"@context": "https://schema.org", **organisation_json_ld(self.object, self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        events, more_events = first_of(
            Event.objects.public_listing().filter(partner_organisations=organisation)
        )
        participants, more_participants = first_of(
            Participation.objects.public_listing().filter(organisation=organisation)
        )
        context.update(
            events=events,
            more_events=more_events,
            participants=participants,
            more_participants=more_participants,
        )
        return context
