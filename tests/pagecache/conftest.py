"""The page cache turned on, with its own local-memory cache and generations file per test."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories_public import build_world

MIDDLEWARE = "dialogue.pagecache.middleware.PageCacheMiddleware"


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """Added, if the project's settings lack it, before django-axes (as the settings do)."""
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        axes = "axes.middleware.AxesMiddleware"
        middleware.insert(
            middleware.index(axes) if axes in middleware else len(middleware), MIDDLEWARE
        )
    settings.MIDDLEWARE = middleware
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_ALIAS = "default"
    settings.PAGE_CACHE_GENERATIONS_FILE = str(tmp_path / "page-cache-generations")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-page-cache-{tmp_path.name}",
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def world():
    return build_world(scale=1)


def public_urls(world):
    """Every public page type, feed, calendar, API answer and export, by name."""
    return {
        "home": reverse("home"),
        "search": reverse("search") + "?q=Conference",
        "timeline": reverse("chairmanships:timeline"),
        "chairmanship": world.chairmanship.get_absolute_url(),
        "state list": reverse("chairmanships:state_list"),
        "state": world.state.get_absolute_url(),
        "topic list": reverse("chairmanships:topic_list"),
        "topic": world.topic.get_absolute_url(),
        "event list": reverse("events:event_list"),
        "event": world.event.get_absolute_url(),
        "statement list": reverse("statements:statement_list"),
        "statement": world.statement.get_absolute_url(),
        "speaker list": reverse("statements:speaker_list"),
        "speaker": world.speaker.get_absolute_url(),
        "quote": world.quote.get_absolute_url(),
        "events feed": reverse("opendata:feed_events_rss"),
        "statements feed": reverse("opendata:feed_statements_atom"),
        "topic feed": reverse("opendata:feed_topic_rss", args=[world.topic.slug]),
        "events calendar": reverse("opendata:calendar_events"),
        "event calendar": reverse("opendata:calendar_event", args=[world.event.slug]),
        "API events": "/api/v1/events",
        "API event": f"/api/v1/events/{world.event.slug}",
        "API quotes": "/api/v1/quotes",
        "open data page": reverse("opendata:index"),
        "quotes CSV": reverse("opendata:csv", args=["quotes"]),
        "dataset zip": reverse("opendata:dataset_zip"),
        "Popolo": reverse("opendata:popolo"),
        "sitemap": "/sitemap.xml",
    }


def surrogate_keys(response):
    return set(response["Surrogate-Key"].split())
