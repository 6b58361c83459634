"""RSS 2.0 and Atom 1.0 feeds of joint statements, and of everything on a topic or a state.

- /feeds/statements.rss and .atom: the latest joint statements;
- /feeds/topics/<slug>.rss and .atom: events and statements tagged with a topic;
- /feeds/states/<slug>.rss and .atom: events a member state hosted or took part in, and
  statements it signed.

An unknown slug is a 404. Events and statements are mixed newest first, by the day an
event starts and the day a statement was adopted.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from chairmanships.models import MemberState, Topic
from dialogue.records.i18n import dialogue_name
from dialogue.records.text import PlainTextFeed
from events.feeds import FEED_LENGTH, day_start, event_summary
from events.models import Event

from .models import JointStatement

SUMMARY_WORDS = 80


def statement_summary(statement):
    lines = [
        _("Adopted on %(date)s at %(event)s.")
        % {"date": statement.adopted, "event": statement.event.title},
        statement.summary or Truncator(statement.text).words(SUMMARY_WORDS),
    ]
    return "\n\n".join(line for line in lines if line)


def record_day(record):
    return record.starts_on if isinstance(record, Event) else record.adopted_on


def newest_first(*groups):
    """Events and statements together, newest first, at most FEED_LENGTH."""
    records = [record for group in groups for record in group]
    records.sort(key=lambda record: (record_day(record), record.pk), reverse=True)
    return records[:FEED_LENGTH]


class RecordFeed(PlainTextFeed, Feed):
    """What every feed of this module says about an event or a statement."""

    feed_type = Rss201rev2Feed

    def item_title(self, record):
        if isinstance(record, Event):
            return record.title
        return _("Joint statement: %(title)s") % {"title": record.title}

    def item_description(self, record):
        if isinstance(record, Event):
            return event_summary(record)
        return statement_summary(record)

    def item_pubdate(self, record):
        return day_start(record_day(record))

    def item_updateddate(self, record):
        return record.last_updated_at

    def item_categories(self, record):
        kind = record.get_kind_display() if isinstance(record, Event) else _("Joint statement")
        return [kind, *(topic.name for topic in record.topics.all())]


class StatementFeed(RecordFeed):
    """The latest joint statements as RSS 2.0."""

    feed_url_name = "opendata:feed_statements_rss"

    def title(self):
        return _("%(dialogue)s: joint statements") % {"dialogue": dialogue_name()}

    def description(self):
        return _("Joint statements adopted by the %(dialogue)s, newest first.") % {
            "dialogue": dialogue_name()
        }

    subtitle = description

    def link(self):
        return reverse("statements:statement_list")

    def feed_url(self):
        return reverse(self.feed_url_name)

    def items(self):
        return JointStatement.objects.public_listing().with_topics()[:FEED_LENGTH]


class StatementAtomFeed(StatementFeed):
    feed_type = Atom1Feed
    feed_url_name = "opendata:feed_statements_atom"


def events():
    return Event.objects.public_listing().with_topics()


def statements():
    return JointStatement.objects.public_listing().with_topics()


class TopicFeed(RecordFeed):
    """Events and joint statements on one topic, as RSS 2.0."""

    feed_url_name = "opendata:feed_topic_rss"

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return _("%(dialogue)s: %(topic)s") % {
            "dialogue": dialogue_name(),
            "topic": topic.name,
        }

    def description(self, topic):
        return _("Events and joint statements on %(topic)s, newest first.") % {"topic": topic.name}

    subtitle = description

    def link(self, topic):
        return topic.get_absolute_url()

    def feed_url(self, topic):
        return reverse(self.feed_url_name, kwargs={"slug": topic.slug})

    def items(self, topic):
        return newest_first(
            events().filter(topics=topic).order_by("-starts_on", "pk")[:FEED_LENGTH],
            statements().filter(topics=topic).order_by("-adopted_on", "pk")[:FEED_LENGTH],
        )


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    feed_url_name = "opendata:feed_topic_atom"


class StateFeed(RecordFeed):
    """Events a state hosted or attended and statements it signed, as RSS 2.0."""

    feed_url_name = "opendata:feed_state_rss"

    def get_object(self, request, slug):
        return get_object_or_404(MemberState, slug=slug)

    def title(self, state):
        return _("%(dialogue)s: %(state)s") % {
            "dialogue": dialogue_name(),
            "state": state.name,
        }

    def description(self, state):
        return _(
            "Events %(state)s hosted or took part in, and joint statements it signed, newest first."
        ) % {"state": state.name}

    subtitle = description

    def link(self, state):
        return state.get_absolute_url()

    def feed_url(self, state):
        return reverse(self.feed_url_name, kwargs={"slug": state.slug})

    def items(self, state):
        return newest_first(
            events().taking_part(state).order_by("-starts_on", "pk")[:FEED_LENGTH],
            statements().filter(signatories=state).order_by("-adopted_on", "pk")[:FEED_LENGTH],
        )


class StateAtomFeed(StateFeed):
    feed_type = Atom1Feed
    feed_url_name = "opendata:feed_state_atom"
