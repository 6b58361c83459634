"""An announced chair takes the chair at midnight with no one acting, cached pages included.

No cached page (local memory or Redis), nor an HTTP cache told by `Surrogate-Control`, keeps
a page past the midnight that starts the day of an announced handover. Time is moved with
time-machine; the servers are real.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from chairmanships.services import hand_over
from dialogue.records.models import format_date
from tests.factories import ChairmanshipFactory, MemberStateFactory

from .servers import Redis

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
HANDOVER_DAY = date(2027, 1, 1)
ANNOUNCEMENT = f"Kyrgyzstan takes the chair on {format_date(HANDOVER_DAY)}."


@pytest.fixture(params=["local memory", "Redis"])
def page_cache_server(request, tmp_path, settings):
    if request.param == "local memory":
        yield None
        return
    server = Redis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield server
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    server.stop()


def max_age(response):
    control = response["Surrogate-Control"]
    assert control.startswith("max-age="), control
    return int(control.removeprefix("max-age="))


@pytest.fixture
def announced(django_capture_on_commit_callbacks):
    """Two minutes before midnight on 31 December 2026, Kyrgyzstan is announced for 1 January."""
    with time_machine.travel(datetime(2026, 12, 31, 23, 58, tzinfo=ALMATY), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            kazakhstan = MemberStateFactory(name="Kazakhstan", iso_code="KZ", slug="kazakhstan")
            ChairmanshipFactory(state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None)
            kyrgyzstan = MemberStateFactory(name="Kyrgyzstan", iso_code="KG", slug="kyrgyzstan")
            hand_over(to_state=kyrgyzstan, on=HANDOVER_DAY)
        yield clock


@pytest.mark.parametrize("page", ["home", "chairmanships:timeline"])
def test_a_cached_page_shows_the_announced_chair_as_current_from_midnight(
    client, page_cache_server, announced, page
):
    url = reverse(page)
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    assert ANNOUNCEMENT in first.content.decode()
    assert max_age(first) <= 120  # no HTTP cache keeps it past midnight
    cached = client.get(url)
    assert cached["X-Cache"] == "HIT"
    assert ANNOUNCEMENT in cached.content.decode()

    announced.move_to(datetime(2027, 1, 1, 0, 0, 1, tzinfo=ALMATY))
    after = client.get(url)
    assert after["X-Cache"] == "MISS"
    assert ANNOUNCEMENT not in after.content.decode()
    assert "Kyrgyzstan (current chair)" in after.content.decode() or (
        after.context["chair"].state.name == "Kyrgyzstan"
    )
    assert client.get(url)["X-Cache"] == "HIT"


def test_far_from_the_handover_pages_keep_their_usual_life(client, announced, settings):
    announced.move_to(datetime(2026, 12, 1, 12, 0, tzinfo=ALMATY))
    assert max_age(client.get(reverse("chairmanships:timeline"))) == settings.PAGE_CACHE_SECONDS
