"""Every address the site offers machines, in the "opendata" namespace.

Feeds (RSS 2.0 and Atom 1.0):
    /feeds/events.rss            /feeds/events.atom
    /feeds/statements.rss        /feeds/statements.atom
    /feeds/topics/<slug>.rss     /feeds/topics/<slug>.atom
    /feeds/states/<slug>.rss     /feeds/states/<slug>.atom
Calendars (iCalendar):
    /calendar/events.ics  /calendar/states/<slug>.ics  /calendar/events/<slug>.ics
JSON API (no language prefix):
    /api/v1/...  (OpenAPI document /api/v1/openapi.json, documentation /api/v1/docs)
Bulk data:
    /open-data/  (the page that documents all of this)
    /open-data/popolo.json  /open-data/dialogue-records.zip
    /open-data/<table>.csv  (one per `opendata.TABLES`: events, statements, quotes,
    chairmanships, priorities, initiatives, handovers, member_states, speakers, topics)
Crawlers (no language prefix):
    /sitemap.xml (an index of /sitemap-<section>.xml?p=<n>)  /robots.txt

The feeds, the API and the bulk data answer with an ETag (304 to a matching If-None-Match)
and `Access-Control-Allow-Origin: *` (`dialogue.opendata.api.for_machines`).

The feeds, calendars and open-data pages carry the language prefix (/en/, /ru/) like every
public page: their titles and records are in that language. The API, the sitemap and
robots.txt do not (`machine_urlpatterns`, outside the "opendata" namespace: the API
answers in the Accept-Language's language, and the sitemap lists every language).
"""

from django.urls import path, re_path

from events import calendars
from events.feeds import EventAtomFeed, EventFeed
from statements.feeds import (
    StateAtomFeed,
    StateFeed,
    StatementAtomFeed,
    StatementFeed,
    TopicAtomFeed,
    TopicFeed,
)

from . import api, downloads, popolo, sitemaps
from .api import for_machines

app_name = "opendata"

urlpatterns = [
    # Feeds
    path("feeds/events.rss", for_machines(EventFeed()), name="feed_events_rss"),
    path("feeds/events.atom", for_machines(EventAtomFeed()), name="feed_events_atom"),
    path("feeds/statements.rss", for_machines(StatementFeed()), name="feed_statements_rss"),
    path("feeds/statements.atom", for_machines(StatementAtomFeed()), name="feed_statements_atom"),
    path("feeds/topics/<slug:slug>.rss", for_machines(TopicFeed()), name="feed_topic_rss"),
    path("feeds/topics/<slug:slug>.atom", for_machines(TopicAtomFeed()), name="feed_topic_atom"),
    path("feeds/states/<slug:slug>.rss", for_machines(StateFeed()), name="feed_state_rss"),
    path("feeds/states/<slug:slug>.atom", for_machines(StateAtomFeed()), name="feed_state_atom"),
    # Calendars
    path("calendar/events.ics", calendars.all_events, name="calendar_events"),
    path("calendar/states/<slug:slug>.ics", calendars.state_events, name="calendar_state"),
    path("calendar/events/<slug:slug>.ics", calendars.event_calendar, name="calendar_event"),
    # Bulk data and the page that documents it all
    path("open-data/", downloads.OpenDataView.as_view(), name="index"),
    path("open-data/popolo.json", for_machines(popolo.popolo_json), name="popolo"),
    path("open-data/dialogue-records.zip", for_machines(downloads.dataset_zip), name="dataset_zip"),
    re_path(
        r"^open-data/(?P<name>[a-z_]+)\.csv$",
        for_machines(downloads.csv_download),
        name="csv",
    ),
]

machine_urlpatterns = [
    # JSON API (namespace "api-v1"); any other address under it is a JSON 404
    path("api/v1/", api.api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api.not_found),
    # Crawlers
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]
