"""Subscribing, confirming, changing and leaving, as a reader does it from the pages."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from dialogue.alerts import services
from dialogue.alerts.forms import SubscribeForm
from dialogue.alerts.models import Follow, Subscriber
from dialogue.records.models import PublicationStatus
from tests.factories import EventFactory, JointStatementFactory, MemberStateFactory, TopicFactory

from .conftest import run_tasks
from .helpers import confirmed, text_part

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

SUBSCRIBE = "/en/alerts/"


def form_data(email, follow="everything", language="en", frequency="immediate", **extra):
    return {
        "email": email,
        "follow": follow,
        "language": language,
        "frequency": frequency,
        "website": "",
        "started": SubscribeForm().initial["started"],
        **extra,
    }


def link_in(message, name) -> str:
    found = re.search(
        rf"https://records\.example\.org(/\w\w/alerts/{name}/[^/\s]+/)", text_part(message)
    )
    assert found, f"No {name} link in:\n{text_part(message)}"
    return found.group(1)


def test_subscribing_sends_only_a_confirmation_until_it_is_followed(client, mail_server):
    response = client.post(SUBSCRIBE, form_data("Reader@Example.org", language="ru"))
    assert response.status_code == 302
    assert response["Location"] == "/en/alerts/check-your-inbox/"
    run_tasks()
    [confirmation] = mail_server.wait_for(1)
    assert confirmation["To"] == "reader@example.org"
    assert confirmation["Subject"].startswith("Подтвердите подписку на оповещения")
    assert "List-Unsubscribe" not in confirmation

    EventFactory(publication_status=PublicationStatus.PUBLISHED)  # before confirming
    run_tasks()
    time.sleep(0.2)
    assert len(mail_server.messages) == 1

    confirm = link_in(confirmation, "confirm")
    assert (
        client.get(confirm).status_code == 200
    )  # a page with a button: a scanner confirms nothing
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(confirm)
    assert response.status_code == 302 and "/alerts/manage/" in response["Location"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.language == "ru"
    assert [f.kind for f in subscriber.follows.all()] == ["everything"]

    event = EventFactory(publication_status=PublicationStatus.DRAFT, title="After confirming")
    event.publication_status = PublicationStatus.PUBLISHED
    event.save()
    run_tasks()
    assert len(mail_server.wait_for(2)) == 2


def test_confirmation_links_are_signed_and_expire(client, mail_server, settings):
    client.post(SUBSCRIBE, form_data("reader@example.org"))
    run_tasks()
    confirm = link_in(mail_server.wait_for(1)[0], "confirm")
    token = confirm.split("/")[-2]

    forged = confirm.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    assert client.post(forged).status_code == 400
    settings.ALERTS_CONFIRM_DAYS = 0  # the link's days are over
    time.sleep(1.1)
    response = client.post(confirm)
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client, mail_server):
    confirmed("known@example.org")
    left = confirmed("left@example.org")
    services.unsubscribe(subscriber=left)
    answers = []
    for email in ["known@example.org", "stranger@example.org", "left@example.org"]:
        response = client.post(SUBSCRIBE, form_data(email), follow=True)
        answers.append((response.status_code, response.redirect_chain, response.content))
    assert answers[0] == answers[1] == answers[2]
    run_tasks()
    messages = {m["To"]: m for m in mail_server.wait_for(3)}
    # The subscribed address is told so, with a way to manage what it gets.
    assert "already receives email alerts" in text_part(messages["known@example.org"])
    assert "/alerts/manage/" in text_part(messages["known@example.org"])
    assert "already" not in text_part(messages["stranger@example.org"])
    known = Subscriber.objects.get(email="known@example.org")
    assert known.status == Subscriber.Status.CONFIRMED  # a stranger's request changed nothing


def test_a_confirmed_subscriber_adds_a_topic_through_the_link_sent_to_it(client, mail_server):
    topic = TopicFactory(slug="climate", name="Climate")
    known = confirmed("known@example.org")
    client.post(SUBSCRIBE, form_data("known@example.org", follow="topic:climate"))
    run_tasks()
    client.post(link_in(mail_server.wait_for(1)[0], "confirm"))
    assert set(known.follows.values_list("kind", "topic")) == {
        ("everything", None),
        ("topic", topic.pk),
    }


def test_sign_ups_are_rate_limited_per_address_and_per_client(client, mail_server, settings):
    settings.ALERTS_LIMIT_PER_ADDRESS = 2
    settings.ALERTS_LIMIT_PER_CLIENT = 5
    for _ in range(4):
        response = client.post(SUBSCRIBE, form_data("reader@example.org"))
        assert response.status_code == 302  # the same answer, past the limit too
    run_tasks()
    time.sleep(0.2)
    assert len(mail_server.to("reader@example.org")) == 2

    assert client.post(SUBSCRIBE, form_data("other@example.org")).status_code == 302
    response = client.post(SUBSCRIBE, form_data("another@example.org"))
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    # Another client is not held back.
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    assert other_client.post(SUBSCRIBE, form_data("another@example.org")).status_code == 302


def test_automated_sign_ups_get_the_same_answer_and_no_message(client, mail_server, settings):
    honeypot = client.post(SUBSCRIBE, form_data("bot1@example.org", website="http://spam"))
    no_form = client.post(SUBSCRIBE, form_data("bot2@example.org", started="forged"))
    assert honeypot.status_code == no_form.status_code == 302
    settings.ALERTS_MIN_FORM_SECONDS = 60
    too_quick = client.post(SUBSCRIBE, form_data("quick@example.org"))
    assert too_quick.status_code == 200
    assert "That was quick" in too_quick.content.decode()
    run_tasks()
    time.sleep(0.2)
    assert mail_server.messages == []
    assert not Subscriber.objects.exists()


def test_the_subscribe_page_prefills_what_to_follow_and_says_how_long_addresses_are_kept(client):
    state = MemberStateFactory(name="Tajikistan", iso_code="TJ", slug="tajikistan")
    page = client.get(f"{SUBSCRIBE}?follow=state:tajikistan").content.decode()
    assert '<option value="state:tajikistan" selected>' in page
    assert "deleted after 30 days" in page
    russian = client.get(f"/ru/alerts/?follow=state:{state.slug}").content.decode()
    assert "Оповещения по электронной почте" in russian
    assert "будет удалён через 30 дней" in russian
    assert re.search(r'<input type="radio" name="language" value="ru"[^>]* checked', russian)


def test_every_record_page_and_the_footer_link_to_the_subscribe_page(client):
    topic = TopicFactory(slug="climate")
    state = MemberStateFactory(slug="tajikistan", iso_code="TJ")
    statement = JointStatementFactory()
    pages = {
        statement.event.get_absolute_url(): "?follow=events",
        statement.get_absolute_url(): "?follow=statements",
        topic.get_absolute_url(): "?follow=topic:climate",
        state.get_absolute_url(): "?follow=state:tajikistan",
        reverse("home"): "",
    }
    for path, query in pages.items():
        page = client.get(path).content.decode()
        assert f'href="/en/alerts/{query}"' in page, path
        assert 'href="/en/alerts/"' in page  # the footer


def test_the_manage_page_changes_language_frequency_and_follows_and_following_nothing_leaves(
    client, mail_server
):
    TopicFactory(slug="climate", name="Climate")
    subscriber = confirmed("reader@example.org")
    manage = reverse("alerts:manage", args=[services.manage_token(subscriber=subscriber)])
    page = client.get(manage).content.decode()
    assert "reader@example.org" in page
    everything = subscriber.follows.get()
    response = client.post(
        manage,
        {"keep": [everything.pk], "add": "topic:climate", "language": "ru", "frequency": "daily"},
    )
    assert response.status_code == 302
    assert "Your changes are saved." in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("ru", "daily")
    assert set(subscriber.follows.values_list("kind", flat=True)) == {"everything", "topic"}

    response = client.post(manage, {"language": "ru", "frequency": "daily"})  # nothing kept
    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not Follow.objects.exists()
    assert client.get(manage).status_code == 404  # old links stop working


def test_pages_with_tokens_are_never_cached(client):
    subscriber = confirmed("reader@example.org")
    manage = reverse("alerts:manage", args=[services.manage_token(subscriber=subscriber)])
    for path in [SUBSCRIBE, manage]:
        response = client.get(path)
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_an_unsubscribed_address_gets_nothing_unless_it_subscribes_and_confirms_again(
    client, mail_server
):
    subscriber = confirmed("reader@example.org")
    old_unsubscribe = reverse(
        "alerts:unsubscribe", args=[services.unsubscribe_token(subscriber=subscriber)]
    )
    assert client.post(old_unsubscribe).status_code == 200
    assert client.post(old_unsubscribe).status_code == 200  # twice is fine
    event = EventFactory(publication_status=PublicationStatus.DRAFT)
    event.publication_status = PublicationStatus.PUBLISHED
    event.save()
    run_tasks()
    time.sleep(0.2)
    assert mail_server.messages == []

    client.post(SUBSCRIBE, form_data("reader@example.org"))
    run_tasks()
    [confirmation] = mail_server.wait_for(1)
    assert "already" not in text_part(confirmation)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    client.post(link_in(confirmation, "confirm"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_tokens_name_their_purpose(client):
    subscriber = confirmed("reader@example.org")
    manage_token = services.manage_token(subscriber=subscriber)
    # A manage token is no unsubscribe token, nor a confirmation.
    assert services.subscriber_for_unsubscribe(token=manage_token) is None
    assert services.confirm(token=manage_token) is None
    assert signing.loads(manage_token, salt=services.MANAGE_SALT)[0] == subscriber.pk


def test_a_confirmation_that_could_not_be_sent_is_sent_once_the_mail_server_is_back(
    client, mail_server
):
    mail_server.stop()
    client.post(SUBSCRIBE, form_data("reader@example.org"))
    run_tasks()
    mail_server.start()
    deadline = time.monotonic() + 20
    while not mail_server.messages and time.monotonic() < deadline:
        time.sleep(0.3)  # the retry waits for its delay
        run_tasks()
    [confirmation] = mail_server.wait_for(1)
    assert "/alerts/confirm/" in text_part(confirmation)
