"""Every anonymous answer names what it was built from, and says whether it came from the cache."""

import pytest

from .conftest import public_urls, surrogate_keys

pytestmark = pytest.mark.django_db

NAMES = [
    "home", "search", "timeline", "chairmanship", "state list", "state", "topic list",
    "topic", "event list", "event", "statement list", "statement", "speaker list",
    "speaker", "quote", "events feed", "statements feed", "topic feed", "events calendar",
    "event calendar", "API events", "API event", "API quotes", "open data page",
    "quotes CSV", "dataset zip", "Popolo", "sitemap",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_every_public_answer_carries_its_keys_and_its_cache_status(client, world, name):
    url = public_urls(world)[name]
    first = client.get(url)
    assert first.status_code == 200, url
    assert first["X-Cache"] == "MISS"
    assert first["Age"] == "0"
    keys = surrogate_keys(first)
    assert any(key.startswith("view-") for key in keys), keys
    # Every page shows records or lists them: at least one record or list key.
    assert any(key.endswith(("-list", "-many")) or key[-1].isdigit() for key in keys), keys

    second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert int(second["Age"]) >= 0
    assert surrogate_keys(second) == keys
    assert second.content == first.content


def test_a_page_names_the_records_it_shows(client, world):
    event_page = surrogate_keys(client.get(world.event.get_absolute_url()))
    assert f"event-{world.event.pk}" in event_page
    quote_page = surrogate_keys(client.get(world.quote.get_absolute_url()))
    assert {f"quote-{world.quote.pk}", f"speaker-{world.quote.speaker_id}"} <= quote_page
    assert "view-home" in surrogate_keys(client.get("/en/"))
    assert "event-list" in surrogate_keys(client.get(public_urls(world)["event list"]))


def test_the_key_header_can_be_renamed(client, world, settings):
    settings.PAGE_CACHE_KEY_HEADER = "Cache-Tag"
    response = client.get(world.event.get_absolute_url())
    assert f"event-{world.event.pk}" in response["Cache-Tag"].split()
    assert "Surrogate-Key" not in response


def test_a_page_showing_thousands_of_records_names_them_by_model(client, world, settings):
    # A download names the models it reads, not each record, before it reads them.
    keys = surrogate_keys(client.get(public_urls(world)["dataset zip"]))
    assert {"quote-many", "event-many", "speaker-many", "jointstatement-many"} <= keys
    assert not any(key.split("-")[-1].isdigit() for key in keys), keys
    # A page over the header's limit: its biggest groups of record keys become model keys.
    url = public_urls(world)["API quotes"]
    every_key = surrogate_keys(client.get(url))
    limit = len(" ".join(every_key)) // 2
    settings.PAGE_CACHE_MAX_KEY_BYTES = limit
    keys = surrogate_keys(client.get(url + "?again"))  # another address: rendered afresh
    assert len(" ".join(keys)) < len(" ".join(every_key))
    assert "quote-many" in keys
