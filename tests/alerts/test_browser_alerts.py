"""A reader in Chromium: from a topic page to the subscribe form, the confirmation link in the
mail the SMTP server received, the manage page, and out again. Each page is checked with
axe-core and for horizontal scrolling on a phone's width."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)
import re

import pytest

from dialogue.alerts.models import Subscriber
from tests.browser_support import PHONE, chromium, open_visitor  # noqa: F401 (fixtures)
from tests.factories import TopicFactory

from .helpers import text_part

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_subscribes_confirms_changes_and_leaves(
    open_visitor, live_server, mail_server, immediate_tasks, settings
):
    settings.ALERTS_SITE_URL = live_server.url
    topic = TopicFactory(name="Digital skills", slug="digital-skills")
    visitor = open_visitor(PHONE)
    page = visitor.page

    visitor.visit(topic.get_absolute_url())
    visitor.follow(page.get_by_role("link", name=re.compile("Get an email when something new")))
    assert visitor.path == "/en/alerts/?follow=topic:digital-skills"
    assert page.get_by_label("What to follow").input_value() == "topic:digital-skills"
    visitor.check("subscribe")
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_label("One daily digest").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Subscribe").click()
    assert page.locator("h1").inner_text() == "Check your inbox"
    visitor.check("check your inbox")

    [confirmation] = mail_server.wait_for(1)
    link = re.search(r"http://\S+/confirm/\S+/", text_part(confirmation)).group(0)
    page.goto(link)
    visitor.check("confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "/en/alerts/manage/" in visitor.path
    assert page.get_by_label("Topic: Digital skills").is_checked()
    visitor.check("manage")

    page.get_by_label("Follow also").select_option("events")
    page.get_by_label("Русский").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    assert page.get_by_role("status").inner_text() == "Your changes are saved."
    assert page.get_by_label("New events").is_checked()
    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.frequency) == ("ru", "daily")

    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe from all alerts").click()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    visitor.check("unsubscribed")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    visitor.assert_sound()
