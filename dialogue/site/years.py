"""The year archive: what happened in one year (events, statements, handovers), and the
index of years with the activity chart.

A year exists while it has a public record; any other year, or one that is not a number
the site could hold, is a 404. Each page costs the same few queries however long the year.
"""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from chairmanships.models import Chairmanship, Handover
from dialogue.pagecache.values import remembered
from dialogue.records.i18n import dialogue_name
from dialogue.records.views import PublicPageMixin
from events.models import Event
from statements.models import JointStatement

from .charts import activity_chart

# How many of each kind a year's page lists before linking to the whole filtered list.
FIRST_ON_YEAR_PAGE = 20

SERIES = ["events", "statements"]


def _per_year(queryset, field):
    rows = (
        queryset.order_by()
        .annotate(year=ExtractYear(field))
        .values("year")
        # Each row is one record (no many-valued join), so a plain count: the events' one is
        # then an index-only scan of `event_public_count_idx`.
        .annotate(count=Count("*"))
        .values_list("year", "count")
    )
    return dict(rows)


def records_per_year() -> dict[int, dict[str, int]]:
    """Public events, statements and handovers per year, oldest year first: three queries
    after any write of those records, then from the cache (`remembered`)."""
    return remembered(
        "records_per_year", (Event, JointStatement, Handover, Chairmanship), _records_per_year
    )


def _records_per_year():
    counts = defaultdict(lambda: {"events": 0, "statements": 0, "handovers": 0})
    for kind, queryset, field in (
        ("events", Event.objects.public_listing(), "starts_on"),
        ("statements", JointStatement.objects.public_listing(), "adopted_on"),
        ("handovers", Handover.objects.with_states(), "incoming__starts_on"),
    ):
        for year, count in _per_year(queryset, field).items():
            counts[year][kind] = count
    return {year: dict(counts[year]) for year in sorted(counts)}


def year_url(year: int) -> str:
    return reverse("years:year_detail", kwargs={"year": year})


def first_of(queryset, limit=FIRST_ON_YEAR_PAGE):
    return list(queryset[:limit])


class YearListView(PublicPageMixin, TemplateView):
    """Every year with public records, and how many events and statements each had."""

    template_name = "dialogue/year_list.html"
    page_title = gettext_lazy("Years")

    def get_page_description(self):
        return _(
            "The %(dialogue)s year by year: how many events were held and joint statements "
            "adopted each year, with a page for every year."
        ) % {"dialogue": dialogue_name()}

    def get_json_ld(self):
        return {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": str(self.get_page_title()),
            "url": self.request.build_absolute_uri(reverse("years:year_list")),
            "hasPart": [
                {
                    "@type": "CollectionPage",
                    "name": str(year),
                    "url": self.request.build_absolute_uri(year_url(year)),
                }
                for year in self.counts
            ],
        }

    def get_context_data(self, **kwargs):
        self.counts = records_per_year()
        context = super().get_context_data(**kwargs)
        urls = {year: year_url(year) for year in self.counts}
        context.update(
            years=[(year, urls[year], row) for year, row in reversed(self.counts.items())],
            chart=activity_chart(self.counts, series=SERIES, urls=urls),
        )
        return context


class YearDetailView(PublicPageMixin, TemplateView):
    """One year: its first events, statements and handovers, and the years either side."""

    template_name = "dialogue/year_detail.html"

    def get(self, request, *args, **kwargs):
        self.counts = records_per_year()
        self.year = kwargs["year"]
        if self.year not in self.counts:
            raise Http404(_("Nothing is recorded for this year."))
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.year)

    def get_page_description(self):
        row = self.counts[self.year]
        return _("The %(dialogue)s in %(year)s: %(events)s, %(statements)s and %(handovers)s.") % {
            "dialogue": dialogue_name(),
            "year": self.year,
            "events": _count_text("events", row["events"]),
            "statements": _count_text("statements", row["statements"]),
            "handovers": _count_text("handovers", row["handovers"]),
        }

    def get_json_ld(self):
        build = self.request.build_absolute_uri
        return {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": self.get_page_title(),
            "description": self.get_page_description(),
            "url": build(year_url(self.year)),
            "temporalCoverage": f"{self.year:04d}",
            "isPartOf": {"@type": "CollectionPage", "url": build(reverse("years:year_list"))},
            "hasPart": [
                {"@type": "Event", "name": event.title, "url": build(event.get_absolute_url())}
                for event in self.events
            ]
            + [
                {
                    "@type": "Legislation",
                    "name": statement.title,
                    "url": build(statement.get_absolute_url()),
                }
                for statement in self.statements
            ],
        }

    def get_context_data(self, **kwargs):
        year = self.year
        self.events = first_of(
            Event.objects.public_listing()
            .filter(starts_on__year=year)
            .order_by("starts_on", "title", "pk")
        )
        self.statements = first_of(
            JointStatement.objects.public_listing()
            .filter(adopted_on__year=year)
            .order_by("adopted_on", "title", "pk")
        )
        handovers = list(
            Handover.objects.with_states()
            .filter(incoming__starts_on__year=year)
            .order_by("incoming__starts_on")
        )
        context = super().get_context_data(**kwargs)
        years = list(self.counts)
        position = years.index(year)
        row = self.counts[year]
        context.update(
            year=year,
            counts=row,
            events=self.events,
            more_events=row["events"] > len(self.events),
            statements=self.statements,
            more_statements=row["statements"] > len(self.statements),
            handovers=handovers,
            year_events_url=reverse("events:event_list") + f"?year={year}",
            year_statements_url=reverse("statements:statement_list") + f"?year={year}",
            previous_year=years[position - 1] if position > 0 else None,
            next_year=years[position + 1] if position + 1 < len(years) else None,
        )
        return context


def _count_text(kind, count):
    if kind == "events":
        return ngettext("%(count)s event", "%(count)s events", count) % {"count": count}
    if kind == "statements":
        return ngettext("%(count)s joint statement", "%(count)s joint statements", count) % {
            "count": count
        }
    return ngettext("%(count)s handover", "%(count)s handovers", count) % {"count": count}
