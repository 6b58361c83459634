"""The shipped Varnish configuration, driven for real in front of the test server."""

import http.client
import logging
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from dialogue.pagecache import edge
from events.models import Event

from ..factories_public import build_world
from .servers import Varnish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    backend = urlsplit(live_server.url)
    server = Varnish(tmp_path, (backend.hostname, backend.port))
    settings.PAGE_CACHE_PURGE_URLS = [server.url + "/"]
    yield server
    edge.flush()
    server.stop()


def get(varnish, path, headers=None, method="GET", source=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def ready(varnish, path):
    """The first answer through Varnish (the backend may still be starting)."""
    return get(varnish, path)


def test_varnish_caches_anonymous_pages_and_an_edit_purges_exactly_its_pages(varnish):
    world = build_world(scale=1)
    event_page = world.event.get_absolute_url()
    topic_list = reverse("chairmanships:topic_list")
    for path in (event_page, topic_list):
        status, headers, _ = ready(varnish, path)
        assert status == 200
        assert headers["X-Cache"] == "MISS"
        status, headers, _ = get(varnish, path)
        assert headers["X-Cache"] == "HIT", path
        assert "Age" in headers
        assert "xkey" not in {name.lower() for name in headers}

    event = Event.objects.get(pk=world.event.pk)
    event.title = "Conference on water and climate"
    event.save()  # autocommit: the purge is sent at once, in the background
    assert edge.flush()

    status, headers, body = get(varnish, event_page)
    assert headers["X-Cache"] == "MISS"
    assert b"Conference on water and climate" in body
    assert get(varnish, topic_list)[1]["X-Cache"] == "HIT"


def test_the_admin_staff_sessions_previews_and_posts_pass_through(varnish, admin_client):
    world = build_world(scale=1)
    login = reverse("admin:login")
    for _ in range(2):
        status, headers, _ = get(varnish, login)
        assert status == 200
        assert headers["X-Cache"] == "PASS"
    event_page = world.event.get_absolute_url()
    get(varnish, event_page)
    admin_client.get("/")  # a signed-in session
    session = admin_client.cookies["sessionid"].value
    for _ in range(2):
        headers = get(varnish, event_page, headers={"Cookie": f"sessionid={session}"})[1]
        assert headers["X-Cache"] == "PASS"
        assert "X-Cache-App" not in headers  # the app did not serve the staff from its cache
    for _ in range(2):
        assert get(varnish, event_page + "?preview=1")[1]["X-Cache"] == "PASS"
    assert get(varnish, reverse("search"), method="POST")[1]["X-Cache"] == "PASS"


def test_a_purge_from_a_foreign_address_is_refused(varnish):
    world = build_world(scale=1)
    page = world.event.get_absolute_url()
    ready(varnish, page)
    key = f"event-{world.event.pk}"
    status, _, _ = get(varnish, "/", headers={"xkey": key}, method="PURGE", source="127.0.0.2")
    assert status == 403
    assert get(varnish, page)[1]["X-Cache"] == "HIT"
    status, _, body = get(varnish, "/", headers={"xkey": key}, method="PURGE")
    assert status == 200
    assert b"Purged 1 objects" in body
    assert get(varnish, page)[1]["X-Cache"] == "MISS"


def test_a_dead_cache_server_never_breaks_an_edit_and_is_logged(varnish, settings, caplog):
    world = build_world(scale=1)
    dead = f"http://127.0.0.1:{varnish.admin_port + 1}/"
    settings.PAGE_CACHE_PURGE_URLS = [dead, varnish.url + "/"]
    settings.PAGE_CACHE_PURGE_TIMEOUT = 0.5
    page = world.event.get_absolute_url()
    ready(varnish, page)
    event = Event.objects.get(pk=world.event.pk)
    event.title = "Saved while one cache is down"
    with caplog.at_level(logging.WARNING, logger="dialogue.pagecache.edge"):
        event.save()
        assert edge.flush()
    assert b"Saved while one cache is down" in get(varnish, page)[2]
    assert any("purge at " + dead in record.getMessage() for record in caplog.records)
