"""Signed-in staff, previews and POSTs never get a cached page and never fill the cache."""

import pytest
from django.urls import reverse

from events.models import Event

from .conftest import public_urls

pytestmark = pytest.mark.django_db


def test_staff_never_get_a_cached_page_nor_leave_one_behind(client, admin_client, world):
    urls = public_urls(world)
    for name, url in urls.items():
        staff = admin_client.get(url)
        assert "X-Cache" not in staff, name
        assert "Surrogate-Key" not in staff, name
        assert "private" in staff.get("Cache-Control", ""), name
    # Nothing the staff saw was stored: the first anonymous visit renders afresh.
    assert client.get(urls["event"])["X-Cache"] == "MISS"
    Event.objects.filter(pk=world.event.pk).update(title="Changed without a signal")
    assert b"Changed without a signal" in admin_client.get(urls["event"]).content


def test_previews_are_never_served_from_nor_stored_in_the_cache(client, world):
    url = world.event.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    for _ in range(2):
        assert "X-Cache" not in client.get(url + "?preview=1")


def test_a_post_is_never_answered_from_the_cache(client, world):
    url = reverse("search") + "?q=Conference"
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    posted = client.post(url, {"q": "Conference"})
    assert "X-Cache" not in posted
    assert client.get(url)["X-Cache"] == "HIT"
