"""A write evicts exactly the cached pages that showed the record or list it changed."""

from datetime import date

import pytest
from django.utils import timezone

from chairmanships.services import hand_over
from dialogue import pagecache
from dialogue.records.models import PublicationStatus
from events.models import Event
from statements.models import Quote

from ..factories import MemberStateFactory, QuoteFactory, TopicFactory
from .conftest import public_urls, surrogate_keys

pytestmark = pytest.mark.django_db


def warm(client, urls):
    """Fetch every page twice; the keys each was built from."""
    keys = {name: surrogate_keys(client.get(url)) for name, url in urls.items()}
    assert all(client.get(url)["X-Cache"] == "HIT" for url in urls.values())
    return keys


def statuses(client, urls):
    return {name: client.get(url)["X-Cache"] for name, url in urls.items()}


def test_editing_a_quote_evicts_only_the_pages_showing_it(client, world):
    urls = public_urls(world)
    keys = warm(client, urls)
    quote = Quote.objects.get(pk=world.quote.pk)
    old_text = quote.text
    quote.text = "Water is shared by all our peoples."
    quote.save()

    showing = {name for name, page in keys.items() if {f"quote-{quote.pk}", "quote-many"} & page}
    assert {"quote", "speaker", "event", "home"} & showing
    now = {name: client.get(url) for name, url in urls.items()}
    for name, response in now.items():
        if name in showing:
            assert response["X-Cache"] == "MISS", name
        else:
            assert response["X-Cache"] == "HIT", name
        assert old_text.encode() not in response.content or name not in showing, name
    assert b"Water is shared" in now["quote"].content
    assert b"Water is shared" in now["speaker"].content
    assert len(showing) < len(urls)


def test_editing_an_event_title_shows_at_once_and_leaves_unrelated_pages_cached(client, world):
    urls = public_urls(world)
    keys = warm(client, urls)
    event = Event.objects.get(pk=world.event.pk)
    event.title = "Conference on water and climate"
    event.save()
    for name, url in urls.items():
        response = client.get(url)
        if {f"event-{event.pk}", "event-many"} & keys[name]:
            assert response["X-Cache"] == "MISS", name
        else:
            assert response["X-Cache"] == "HIT", name
    assert b"Conference on water and climate" in client.get(urls["event"]).content
    assert b"Conference on water and climate" in client.get(urls["event list"]).content
    assert statuses(client, {"topic list": urls["topic list"]}) == {"topic list": "HIT"}


def test_a_new_quote_appears_on_its_event_and_speaker_pages_and_lists(client, world):
    urls = public_urls(world)
    warm(client, urls)
    QuoteFactory(speaker=world.speaker, event=world.event, text="A brand new quote.", language="en")
    for name in ("event", "speaker", "API quotes", "quotes CSV"):
        response = client.get(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert b"A brand new quote." in response.content, name
    for name in ("topic list", "state list", "timeline", "statement"):
        assert client.get(urls[name])["X-Cache"] == "HIT", name


def test_unpublishing_an_event_takes_it_off_every_list_at_once(client, world):
    urls = public_urls(world)
    warm(client, urls)
    event = Event.objects.get(pk=world.event.pk)
    event.publication_status = PublicationStatus.DRAFT
    event.save(update_fields=["publication_status"])
    assert client.get(urls["event"]).status_code == 404
    for name in ("event list", "events feed", "API events", "home", "events calendar"):
        response = client.get(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert event.title.encode() not in response.content, name
    # Its speaker spoke nowhere else: no longer in the list of people either.
    speakers = client.get(urls["speaker list"])
    assert speakers["X-Cache"] == "MISS"
    assert world.speaker.name.encode() not in speakers.content
    assert client.get(urls["topic list"])["X-Cache"] == "HIT"


def test_tagging_an_event_with_a_topic_shows_on_the_event_and_the_topic(client, world):
    topic = TopicFactory(name="Glaciers")
    urls = {"event": world.event.get_absolute_url(), "topic": topic.get_absolute_url()}
    urls["speaker list"] = public_urls(world)["speaker list"]
    warm(client, urls)
    world.event.topics.add(topic)
    assert b"Glaciers" in client.get(urls["event"]).content
    assert world.event.title.encode() in client.get(urls["topic"]).content
    assert client.get(urls["speaker list"])["X-Cache"] == "HIT"


def test_a_handover_shows_on_the_home_page_and_timeline(client, world):
    incoming = MemberStateFactory(name="Turkmenistan")
    urls = public_urls(world)
    warm(client, urls)
    hand_over(to_state=incoming, on=max(timezone.localdate(), date(2026, 1, 1)))
    for name in ("home", "timeline"):
        response = client.get(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert b"Turkmenistan" in response.content, name
    assert client.get(urls["quote"])["X-Cache"] == "HIT"


def test_a_bulk_update_is_shown_after_the_documented_purge_call(client, world):
    urls = public_urls(world)
    warm(client, urls)
    Quote.objects.filter(pk=world.quote.pk).update(text="Quietly changed.")
    assert b"Quietly changed." not in client.get(urls["quote"]).content  # no signal, no purge
    pagecache.purge_models(Quote)
    assert b"Quietly changed." in client.get(urls["quote"]).content
    assert client.get(urls["topic list"])["X-Cache"] == "HIT"
    pagecache.purge({f"event-{world.event.pk}"})
    assert client.get(urls["event"])["X-Cache"] == "MISS"
    pagecache.content_changed()
    assert client.get(urls["topic list"])["X-Cache"] == "MISS"


def test_a_rolled_back_edit_still_leaves_the_page_right(client, world, django_db_blocker):
    from django.db import transaction

    url = world.quote.get_absolute_url()
    client.get(url)
    with pytest.raises(RuntimeError), transaction.atomic():
        Quote.objects.filter(pk=world.quote.pk).update(text="Never committed.")
        quote = Quote.objects.get(pk=world.quote.pk)
        quote.save()
        raise RuntimeError
    assert b"Never committed." not in client.get(url).content
