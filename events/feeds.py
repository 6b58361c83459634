"""RSS 2.0 and Atom 1.0 feeds of events, newest first.

/feeds/events.rss and /feeds/events.atom list the latest public events. The helpers here
(`day_start`, `event_summary`) are shared with the statement, topic and state feeds in
`statements.feeds`.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from dialogue.records.i18n import dialogue_name
from dialogue.records.text import PlainTextFeed

from .models import Event

FEED_LENGTH = 50


def day_start(day):
    """A feed needs a moment: the start of the day in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def event_place(event):
    parts = [event.venue, event.city, event.host_state.name if event.host_state else ""]
    return ", ".join(part for part in parts if part)


def event_summary(event):
    """Plain text: when and where, the theme, the summary."""
    lines = [" · ".join(part for part in (event.dates, event_place(event)) if part)]
    if event.status == Event.Status.CANCELLED:
        lines.append(_("Cancelled."))
    lines += [event.theme, event.summary]
    return "\n\n".join(line for line in lines if line)


def latest_events():
    return Event.objects.public_listing().with_topics()[:FEED_LENGTH]


class EventFeed(PlainTextFeed, Feed):
    """The latest events as RSS 2.0."""

    feed_type = Rss201rev2Feed
    feed_url_name = "opendata:feed_events_rss"

    def title(self):
        return _("%(dialogue)s: events") % {"dialogue": dialogue_name()}

    def description(self):
        return _("Conferences, meetings and forums of the %(dialogue)s, newest first.") % {
            "dialogue": dialogue_name()
        }

    subtitle = description

    def link(self):
        return reverse("events:event_list")

    def feed_url(self):
        return reverse(self.feed_url_name)

    def items(self):
        return latest_events()

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        return event_summary(event)

    def item_pubdate(self, event):
        return day_start(event.starts_on)

    def item_updateddate(self, event):
        return event.last_updated_at

    def item_categories(self, event):
        return [event.get_kind_display(), *(topic.name for topic in event.topics.all())]


class EventAtomFeed(EventFeed):
    """The latest events as Atom 1.0."""

    feed_type = Atom1Feed
    feed_url_name = "opendata:feed_events_atom"
