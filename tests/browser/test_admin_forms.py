"""The staff forms in Chromium, from a browser in another time zone than the site's: the
time-zone note only beside a time, and a title input wide enough to read a long title."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)

from datetime import date

import pytest
from django.urls import reverse

from tests.browser_support import DESKTOP, chromium  # noqa: F401 (fixtures)
from tests.factories import ChairmanshipFactory, MemberStateFactory

PASSWORD = "a-long-test-password-1234"


@pytest.fixture
def staff_page(chromium, live_server, transactional_db, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    # The site keeps Asia/Almaty time (UTC+5); this browser is in London (UTC+0 in winter).
    context = chromium.new_context(
        viewport=DESKTOP, timezone_id="Europe/London", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    yield page
    context.close()


def test_date_only_fields_carry_no_time_zone_note_but_times_do(staff_page):
    chair = ChairmanshipFactory(
        state=MemberStateFactory(name="Kazakhstan"), starts_on=date(2023, 1, 1), ends_on=None
    )
    MemberStateFactory(name="Kyrgyzstan")
    page = staff_page
    page.goto(reverse("admin:chairmanships_chairmanship_handover", args=[chair.pk]))
    page.wait_for_load_state("load")
    assert page.locator(".field-on .datetimeshortcuts").count() == 1  # the calendar is there
    assert page.locator(".field-on .timezonewarning").count() == 0
    page.goto(reverse("admin:events_event_add"))
    page.wait_for_load_state("load")
    for field in ("starts_on", "ends_on"):
        assert page.locator(f".field-{field} .timezonewarning").count() == 0, field
    assert page.locator(".field-publish_at .timezonewarning").count() >= 1
    assert "Asia/Almaty" in page.locator(".field-publish_at .timezonewarning").first.inner_text()


def test_a_title_input_is_wide_enough_to_read_a_long_title(staff_page):
    page = staff_page
    page.goto(reverse("admin:events_event_add"))
    width = page.locator("#id_title_en").bounding_box()["width"]
    assert width >= 500, width
