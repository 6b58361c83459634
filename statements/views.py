"""Public pages of what the dialogue said: statements, speakers and their quotes."""

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from chairmanships.models import Chairmanship, MemberState, Topic
from dialogue.records.citations import CitationDownloadView, CitationMixin
from dialogue.records.publication import publication_dates
from dialogue.records.views import PreviewMixin, PublicPageMixin, schema_date

from .models import JointStatement, Quote, Speaker
from .pdf import StatementPdfMixin

QUOTES_PER_SPEAKER_PAGE = 20


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
                record = get_object_or_404(model, slug=slug)
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
            if not self.year.isdigit() or len(self.year) > 4:
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
    narrowed_by = {"state": (MemberState, "state")}
    queryset = Speaker.objects.public_listing()
    paginate_by = 50
    page_title = _("Speakers")
    page_description = _("The people quoted in the record, with what they said and when.")


class SpeakerDetailView(PreviewMixin, PublicPageMixin, DetailView):
    queryset = Speaker.objects.public_listing()
    preview_queryset = Speaker.objects.select_related("state")
    og_type = "profile"

    def get_page_description(self):
        speaker = self.object
        return ", ".join(
            part for part in (speaker.name, speaker.position, speaker.organisation) if part
        )

    def get_json_ld(self):
        return {"@context": "https://schema.org", **person_json_ld(self.object, self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quotes = Quote.objects.all() if self.is_preview else Quote.objects.published()
        quotes = quotes.filter(speaker=self.object).select_related("event__host_state")
        # A prolific speaker's quotes come a page at a time (?page=2), as the lists do.
        page = Paginator(quotes, QUOTES_PER_SPEAKER_PAGE).get_page(self.request.GET.get("page"))
        context.update(quotes=page.object_list, page_obj=page)
        return context


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
