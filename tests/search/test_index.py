"""The search index (`SearchEntry`) stays right through every write: the admin, the
publishing services, an embargo ending with no write, deletes, topic changes, the demo
loader and bulk writes with a rebuild; on SQLite and PostgreSQL."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dialogue.records.models import PublicationStatus
from dialogue.records.publishing import publish, publish_with_dependents, unpublish
from dialogue.search.index import rebuild
from dialogue.search.models import SearchEntry
from events.models import Event
from statements.models import Quote, Speaker
from tests.admin_support import admin_url
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.records.test_history import statement_data

pytestmark = pytest.mark.django_db
DRAFT = PublicationStatus.DRAFT


def snapshot():
    return set(
        SearchEntry.objects.values_list(
            "kind", "record_id", "visible_from", "year", "state_id", "languages", "topics"
        )
    )


def assert_index_is_whole():
    """What the writes left equals what a rebuild from the records gives."""
    before = snapshot()
    rebuild()
    assert snapshot() == before


def visible(kind, record):
    return SearchEntry.objects.visible().filter(kind=kind, record_id=record.pk).exists()


def found(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return {(hit.kind, hit.record.pk) for hit in response.context["hits"]}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Time is made to pass below by writes that tell no cache (as time itself would not).
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def publisher(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "x")


def test_a_draft_has_no_row_until_published_and_none_after_unpublishing(client, publisher):
    event = EventFactory(title="Steppe forum", publication_status=DRAFT)
    statement = JointStatementFactory(
        event=event, title="Steppe statement", publication_status=DRAFT
    )
    quote = QuoteFactory(event=event, text="The steppe is wide.", publication_status=DRAFT)
    assert not SearchEntry.objects.exists() or not visible("event", event)
    assert found(client, "steppe") == set()

    publish_with_dependents(event, by=publisher)
    assert found(client, "steppe") == {
        ("event", event.pk),
        ("statement", statement.pk),
        ("quote", quote.pk),
    }
    assert visible("speaker", quote.speaker)

    unpublish(Event.objects.get(pk=event.pk), by=publisher)
    assert found(client, "steppe") == set()
    assert not visible("speaker", quote.speaker)  # quoted only at a draft now
    assert_index_is_whole()


def test_an_embargo_ends_on_time_with_no_write(client):
    later = timezone.now() + timedelta(hours=1)
    event = EventFactory(title="Embargoed summit", publish_at=later)
    quote = QuoteFactory(event=event, text="Embargoed words.")
    assert found(client, "embargoed") == set()
    assert not visible("speaker", quote.speaker)

    # Time passes: the embargo's end moves into the past without a save (no signal).
    past = timezone.now() - timedelta(seconds=1)
    Event.objects.filter(pk=event.pk).update(publish_at=past)
    SearchEntry.objects.filter(visible_from=later).update(visible_from=past)
    Speaker.objects.filter(public_since=later).update(public_since=past)  # the stored moment
    assert found(client, "embargoed") == {("event", event.pk), ("quote", quote.pk)}
    assert visible("speaker", quote.speaker)
    assert_index_is_whole()


def test_a_quote_under_its_own_embargo_waits_for_the_later_of_the_two(db):
    event = EventFactory(publish_at=timezone.now() - timedelta(days=1))
    until = timezone.now() + timedelta(days=2)
    quote = QuoteFactory(event=event, publish_at=until)
    assert SearchEntry.objects.get(kind="quote", record_id=quote.pk).visible_from == until
    assert SearchEntry.objects.get(kind="speaker", record_id=quote.speaker_id).visible_from == until


def test_an_admin_edit_is_searched_at_once(admin_client, client):
    climate, digital = TopicFactory(name="Climate"), TopicFactory(name="Digital")
    statement = JointStatementFactory(title="Joint statement on rivers")
    statement.topics.set([climate])
    response = admin_client.post(
        admin_url(statement, "change", statement.pk),
        statement_data(statement, title_en="Joint statement on glaciers", topics=[digital.pk]),
    )
    assert response.status_code == 302
    assert found(client, "glaciers") == {("statement", statement.pk)}
    assert found(client, "rivers") == set()
    entry = SearchEntry.objects.get(kind="statement", record_id=statement.pk)
    assert entry.topics == f" {digital.pk} "
    assert_index_is_whole()


def test_a_record_deleted_in_the_admin_leaves_the_index(admin_client, client):
    quote = QuoteFactory(text="Words to be deleted.")
    speaker = quote.speaker
    response = admin_client.post(admin_url(quote, "delete", quote.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert found(client, "deleted") == set()
    assert visible("speaker", speaker)  # not quoted any more: public, as anyone not yet quoted
    assert_index_is_whole()


def test_an_events_date_state_and_topics_follow_into_its_statements_and_quotes(db):
    event = EventFactory(starts_on=date(2019, 4, 1))
    statement = JointStatementFactory(event=event)
    quote = QuoteFactory(event=event)
    water = TopicFactory(name="Water")
    event.topics.add(water)
    assert SearchEntry.objects.get(kind="quote", record_id=quote.pk).topics == f" {water.pk} "

    other = MemberStateFactory()
    event.starts_on, event.ends_on, event.host_state = date(2022, 1, 1), date(2022, 1, 2), other
    event.save()
    for kind, record in (("event", event), ("quote", quote)):
        entry = SearchEntry.objects.get(kind=kind, record_id=record.pk)
        assert (entry.year, entry.state_id) == (2022, other.pk)
    # The statement keeps its own date, and takes the event's state.
    assert SearchEntry.objects.get(kind="statement", record_id=statement.pk).state_id == other.pk

    water.events.clear()
    assert SearchEntry.objects.get(kind="quote", record_id=quote.pk).topics == ""
    assert_index_is_whole()


def test_a_quote_moved_to_another_speaker_updates_both(db):
    first = SpeakerFactory()
    quote = QuoteFactory(speaker=first, publication_status=PublicationStatus.PUBLISHED)
    draft = QuoteFactory(speaker=first, publication_status=DRAFT)
    second = SpeakerFactory()
    quote.speaker = second
    quote.save()
    assert not visible("speaker", first)  # quoted only in a draft now
    assert visible("speaker", second)
    draft.delete()
    assert visible("speaker", first)
    assert_index_is_whole()


def test_publishing_one_record_with_the_service(client, publisher):
    event = EventFactory(title="Silk road forum")
    statement = JointStatementFactory(
        event=event, title="Silk declaration", publication_status=DRAFT
    )
    assert found(client, "silk") == {("event", event.pk)}
    publish(statement, by=publisher)
    assert found(client, "silk") == {("event", event.pk), ("statement", statement.pk)}


def test_the_demo_data_is_indexed_and_a_rebuild_changes_nothing(client):
    call_command("load_demo_data", stdout=StringIO())
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == {"event", "statement", "quote", "speaker"}
    assert_index_is_whole()


def test_bulk_writes_are_searchable_after_the_rebuild_command(client):
    event = EventFactory()
    Quote.objects.bulk_create(
        [
            Quote(
                event=event,
                speaker=SpeakerFactory(),
                text="Bulk pastures.",
                publication_status="published",
            )
        ]
    )
    assert found(client, "pastures") == set()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert len(found(client, "pastures")) == 1
