"""The page cache in a real Redis: shared keys, and an outage that never shows an error or,
after it, a page older than an edit made meanwhile."""

import pytest
from django.core.cache import caches

from events.models import Event

from ..factories_public import build_world
from .servers import Redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis(tmp_path, settings):
    server = Redis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield server
    settings.CACHES = local  # the other fixtures empty the caches after this one
    server.stop()


def test_pages_and_their_key_generations_live_in_redis(client, redis):
    world = build_world(scale=1)
    page = world.event.get_absolute_url()
    assert client.get(page)["X-Cache"] == "MISS"
    assert client.get(page)["X-Cache"] == "HIT"
    assert caches["default"].get(f"pagecache:gen:event-{world.event.pk}") is not None

    event = Event.objects.get(pk=world.event.pk)
    event.title = "Conference on water and climate"
    event.save()
    response = client.get(page)
    assert response["X-Cache"] == "MISS"
    assert b"Conference on water and climate" in response.content


def test_with_redis_down_pages_are_served_uncached_and_no_stale_page_survives_it(
    client, redis, caplog
):
    world = build_world(scale=1)
    page = world.event.get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Cache"] == "HIT"

    redis.stop()
    for _ in range(3):
        response = client.get(page)
        assert response.status_code == 200
        assert response["X-Cache"] == "MISS"
    event = Event.objects.get(pk=world.event.pk)
    event.title = "Edited while Redis was away"
    event.save()  # its purge cannot reach Redis
    assert b"Edited while Redis was away" in client.get(page).content

    redis.start()  # with everything it held before, the old page among it
    response = client.get(page)
    assert response.status_code == 200
    assert b"Edited while Redis was away" in response.content
    assert client.get(page)["X-Cache"] == "HIT"
    assert b"Edited while Redis was away" in client.get(page).content
    assert any("unreachable" in record.getMessage() for record in caplog.records)


def test_with_redis_down_the_year_counts_are_made_afresh_and_none_older_survives_it(
    client, redis, settings
):
    from datetime import date

    from django.test import Client

    from ..factories import EventFactory

    settings.PAGE_CACHE_ENABLED = False  # only the remembered counts are kept
    uncached = Client()
    EventFactory(starts_on=date(2023, 5, 2))
    assert b"1 event," in uncached.get("/en/years/2023/").content
    assert b"1 event," in uncached.get("/en/years/2023/").content  # from Redis

    redis.stop()
    EventFactory(starts_on=date(2023, 6, 2))  # its purge cannot reach Redis
    assert b"2 events," in uncached.get("/en/years/2023/").content

    redis.start()  # holding the counts from before
    assert b"2 events," in uncached.get("/en/years/2023/").content
