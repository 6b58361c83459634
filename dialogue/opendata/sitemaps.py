"""The sitemap (every public list and detail page) and robots.txt (which points at it).

/sitemap.xml is a sitemap index (Django's sitemaps framework): it lists the pages of each
section, /sitemap-<section>.xml and /sitemap-<section>.xml?p=2 and on, each holding at most
`URLS_PER_PAGE` addresses (far under the protocol's 50,000 addresses and 50 MB; few enough to
answer in about a second), so the sitemap grows with the archive. A section of records is
cut into pages by ranges of primary keys, not by OFFSET: every page costs the same two small
queries however deep it is, and no page reads the records of another. A range may hold
fewer records than it could (drafts, deleted records), never more.

Both are rendered from templates/opendata/, so they work whether or not
"django.contrib.sitemaps" is in INSTALLED_APPS.
"""

from math import ceil

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index, sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from chairmanships.models import Chairmanship, MemberState, Topic
from dialogue.pages.models import SitePage
from events.models import Event, Organisation
from statements.models import JointStatement, Quote, Speaker


class EveryLanguage(Sitemap):
    """Each page once per language (/en/..., /ru/...), each entry naming the page in the
    other languages and the default language's as x-default."""

    i18n = True
    alternates = True
    x_default = True


class ListPages(EveryLanguage):
    """Home and the list pages, by URL name."""

    names = [
        "home",
        "chairmanships:timeline",
        "chairmanships:state_list",
        "chairmanships:topic_list",
        "events:event_list",
        "statements:statement_list",
        "statements:speaker_list",
        "statements:quote_list",
        "organisations:organisation_list",
        "opendata:index",
    ]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


URLS_PER_PAGE = 2_000  # addresses in one sitemap page (every language's counted)


class KeyRanges:
    """Pages of a QuerySet's records by consecutive ranges of primary keys, each giving the
    (record, language) pairs the sitemap's entries are made from (a Paginator's interface,
    as much of it as the sitemaps framework uses)."""

    def __init__(self, records, languages, per_page):
        self.records, self.languages = records, languages
        self.span = max(1, per_page // max(1, len(languages)))  # keys a page covers
        # The table's own bounds (two index lookups), not the public records' (which would
        # read the whole table at archive scale).
        table = records.model._default_manager.order_by()
        bounds = table.aggregate(low=Min("pk"), high=Max("pk"))
        self.low = bounds["low"] or 0
        high = bounds["high"]
        self.num_pages = 1 if high is None else ceil((high - self.low + 1) / self.span)

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        start = self.low + (number - 1) * self.span
        chunk = self.records.filter(pk__gte=start, pk__lt=start + self.span).order_by("pk")
        return _Page([(record, code) for record in chunk for code in self.languages])


class _Page:
    def __init__(self, object_list):
        self.object_list = object_list


class RecordPages(EveryLanguage):
    """The detail page of every public record a QuerySet gives."""

    limit = URLS_PER_PAGE

    def __init__(self, records):
        self.records = records

    def items(self):
        return self.records()

    @property
    def paginator(self):
        return KeyRanges(self.records(), self._languages(), self.limit)

    def lastmod(self, record):
        """A published record's last update (events, statements, quotes keep one)."""
        return getattr(record, "last_updated_at", None)

    def get_latest_lastmod(self):
        """None: the index gives no date of its own (the newest update of a section's public
        records means reading all of them; each page's entries keep their own `lastmod`)."""
        return None


SITEMAPS = {
    "lists": ListPages(),
    "chairmanships": RecordPages(lambda: Chairmanship.objects.order_by("starts_on", "pk")),
    "states": RecordPages(lambda: MemberState.objects.order_by("name", "pk")),
    "topics": RecordPages(lambda: Topic.objects.order_by("name", "pk")),
    "events": RecordPages(lambda: Event.objects.published().order_by("-starts_on", "pk")),
    "statements": RecordPages(
        lambda: JointStatement.objects.published().order_by("-adopted_on", "pk")
    ),
    "speakers": RecordPages(lambda: Speaker.objects.published().order_by("name", "pk")),
    "quotes": RecordPages(lambda: Quote.objects.published().order_by("pk")),
    "organisations": RecordPages(lambda: Organisation.objects.published().order_by("pk")),
    "pages": RecordPages(lambda: SitePage.objects.order_by("slug")),
}


def sitemap_xml(request):
    """/sitemap.xml: the index of every section's pages."""
    return index(
        request,
        sitemaps=SITEMAPS,
        template_name="opendata/sitemap_index.xml",
        sitemap_url_name="sitemap_section",
    )


def sitemap_section(request, section):
    """/sitemap-<section>.xml?p=<page>: one page of one section."""
    return sitemap(
        request, sitemaps=SITEMAPS, section=section, template_name="opendata/sitemap.xml"
    )


@require_GET
def robots_txt(request):
    """/robots.txt: everything public may be crawled but the admin and search results
    (in every language)."""
    searches = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            searches.append(f"Disallow: {reverse('search')}")
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        *searches,
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
