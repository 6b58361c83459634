"""sitemap.xml (every public list and detail page) and robots.txt (which points at it).

The sitemap is rendered from templates/opendata/sitemap.xml, so it works whether or not
"django.contrib.sitemaps" is in INSTALLED_APPS.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from chairmanships.models import Chairmanship, MemberState, Topic
from dialogue.pages.models import SitePage
from events.models import Event
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
        "opendata:index",
    ]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


class RecordPages(EveryLanguage):
    """The detail page of every public record a QuerySet gives."""

    def __init__(self, records):
        self.records = records

    def items(self):
        return self.records()

    def lastmod(self, record):
        """A published record's last update (events, statements, quotes keep one)."""
        return getattr(record, "last_updated_at", None)


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
    "pages": RecordPages(lambda: SitePage.objects.order_by("slug")),
}


def sitemap_xml(request):
    """/sitemap.xml"""
    return sitemap(request, sitemaps=SITEMAPS, template_name="opendata/sitemap.xml")


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
