"""Alerts as subscribers receive them, through a real SMTP server and the database queue."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from dialogue.alerts import services
from dialogue.alerts.models import Announcement, Delivery, SendingSwitch, Subscriber
from dialogue.records.models import PublicationStatus
from tests.factories import EventFactory, JointStatementFactory, MemberStateFactory, TopicFactory

from .conftest import run_tasks
from .helpers import confirmed, html_part, text_part

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED


def publish(record, **changes):
    record.publication_status = PUBLISHED
    for name, value in changes.items():
        setattr(record, name, value)
    record.save()
    return record


def test_an_immediate_alert_in_the_subscribers_language_with_one_click_unsubscribe(
    mail_server,
):
    reader = confirmed("reader@example.org", language="ru")
    event = EventFactory(
        publication_status=DRAFT,
        title_en="Forum on digital skills",
        title_ru="Форум о цифровых навыках",
        slug="digital-forum",
    )
    publish(event)
    run_tasks()

    [message] = mail_server.wait_for(1)
    assert message["To"] == reader.email
    assert message["Subject"] == "Новое мероприятие: Форум о цифровых навыках"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://records.example.org/ru/alerts/unsubscribe/")
    assert message["Message-ID"].startswith("<alert-")
    text = text_part(message)
    assert "Форум о цифровых навыках" in text
    assert "https://records.example.org/ru/events/digital-forum/" in text
    with translation.override("ru"):
        assert event.dates in text
    assert "https://records.example.org/ru/events/digital-forum/" in html_part(message)
    assert "/ru/alerts/manage/" in text

    # A mail program's one-click unsubscribe: a POST without cookie or CSRF token.
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe.removeprefix("https://records.example.org")
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED

    publish(EventFactory(publication_status=DRAFT))
    run_tasks()
    time.sleep(0.2)
    assert len(mail_server.messages) == 1  # nothing more, ever


def test_a_statement_alert_reaches_followers_of_a_signatory_state_or_a_topic(mail_server):
    climate = TopicFactory(name="Climate")
    tajikistan = MemberStateFactory(name="Tajikistan", iso_code="TJ", slug="tajikistan")
    by_topic = confirmed("topic@example.org", follows=(), topic=climate)
    by_state = confirmed("state@example.org", follows=(), state=tajikistan)
    confirmed("events-only@example.org", follows=("events",))
    statements = confirmed("statements@example.org", follows=("statements",))
    event = EventFactory()  # public before anyone cares: announced, to the events follower
    run_tasks()
    mail_server.wait_for(1)
    mail_server.clear()

    statement = JointStatementFactory(event=event, publication_status=DRAFT, title="Dushanbe call")
    statement.topics.add(climate)
    statement.signatories.add(tajikistan)
    publish(statement)
    run_tasks()

    messages = mail_server.wait_for(3)
    assert sorted(m["To"] for m in messages) == sorted(
        [by_topic.email, by_state.email, statements.email]
    )
    assert all(m["Subject"] == "New joint statement: Dushanbe call" for m in messages)


def test_a_daily_digest_lists_the_days_records_in_one_message(mail_server):
    reader = confirmed("daily@example.org", frequency="daily")
    first = publish(EventFactory(publication_status=DRAFT, title="First forum"))
    second = publish(EventFactory(publication_status=DRAFT, title="Second forum"))
    run_tasks()
    assert mail_server.messages == []  # not before the digest's hour
    rows = Delivery.objects.filter(subscriber=reader)
    assert rows.count() == 2
    assert all(services.next_digest_time(timezone.now()) == row.due_at for row in rows)

    rows.update(due_at=timezone.now())  # the digest's hour comes
    assert services.send_due() == {"sent": 1}
    assert services.send_due() == {}  # a second run owes nothing

    [message] = mail_server.wait_for(1)
    assert message["Subject"].startswith("2 new records: ")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = text_part(message)
    assert first.title in text and second.title in text
    assert first.title in html_part(message)


def test_nothing_from_a_draft_nor_before_an_embargo_ends(mail_server):
    from django_tasks_db.models import DBTaskResult

    confirmed("reader@example.org")
    draft = EventFactory(publication_status=DRAFT, title="Draft forum")
    later = timezone.now() + timedelta(hours=2)
    embargoed = publish(EventFactory(publication_status=DRAFT, title="Embargoed"), publish_at=later)
    draft.save()
    run_tasks()
    services.announce_public_records()
    assert mail_server.messages == []
    assert not Announcement.objects.filter(title__in=["Draft forum", "Embargoed"]).exists()
    # The embargo's end is in the queue: a sweep waits for that moment.
    assert DBTaskResult.objects.filter(task_path__endswith="sweep", run_after=later).exists()

    # The embargo passes with no one saving anything: the next sweep finds it.
    type(embargoed).objects.filter(pk=embargoed.pk).update(publish_at=timezone.now())
    services.announce_public_records()
    run_tasks()
    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "New event: Embargoed"


def test_a_record_withdrawn_before_sending_is_not_sent(mail_server):
    confirmed("reader@example.org")
    event = publish(EventFactory(publication_status=DRAFT))
    services.announce_public_records()  # announced, not yet sent
    type(event).objects.filter(pk=event.pk).update(publication_status=DRAFT)
    run_tasks()
    time.sleep(0.2)
    assert mail_server.messages == []
    assert Delivery.objects.get().state == Delivery.State.CANCELLED


def test_when_the_mail_server_is_down_messages_wait_and_go_once_it_is_back(mail_server):
    confirmed("reader@example.org")
    mail_server.stop()
    publish(EventFactory(publication_status=DRAFT, title="During the outage"))
    run_tasks()
    row = Delivery.objects.get()
    assert row.state == Delivery.State.RETRY
    assert row.attempts == 1
    assert "Connection refused" in row.last_error or "Errno" in row.last_error

    mail_server.start()
    deadline = time.monotonic() + 20
    while not mail_server.messages and time.monotonic() < deadline:
        time.sleep(0.3)  # the retry is queued for after its delay
        run_tasks()
    run_tasks()
    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "New event: During the outage"
    row.refresh_from_db()
    assert row.state == Delivery.State.SENT
    assert row.attempts == 2


def test_paused_sending_keeps_the_messages_until_staff_resume_it(mail_server):
    confirmed("reader@example.org")
    SendingSwitch.objects.create(pk=1, paused=True)
    publish(EventFactory(publication_status=DRAFT))
    run_tasks()
    time.sleep(0.2)
    assert mail_server.messages == []
    assert Delivery.objects.get().state == Delivery.State.PENDING

    SendingSwitch.objects.filter(pk=1).update(paused=False)
    from dialogue.alerts import tasks

    tasks.schedule_sweep()
    run_tasks()
    assert len(mail_server.wait_for(1)) == 1


def test_a_dead_workers_message_is_sent_once_by_another_after_its_lease(mail_server, settings):
    settings.ALERTS_LEASE_SECONDS = 300
    confirmed("reader@example.org")
    publish(EventFactory(publication_status=DRAFT))
    services.announce_public_records()
    row = Delivery.objects.get()
    # A worker claims the row, then dies before sending.
    now = timezone.now()
    claim, claimed = services._claim(Delivery.objects.filter(pk=row.pk), now=now)
    assert [r.pk for r in claimed] == [row.pk]

    assert services.send_next(now=now) is None  # still held: nothing for another worker
    assert not services.anything_due(now=now)
    after_lease = now + timedelta(seconds=301)
    assert services.anything_due(now=after_lease)
    assert services.send_next(now=after_lease) == "sent"
    assert services.send_next(now=after_lease + timedelta(hours=1)) is None
    assert len(mail_server.wait_for(1)) == 1
    time.sleep(0.2)
    assert len(mail_server.messages) == 1


def test_departed_addresses_are_deleted_after_the_retention_period(settings):
    settings.ALERTS_RETENTION_DAYS = 30
    now = timezone.now()
    left = confirmed("left@example.org")
    services.unsubscribe(subscriber=left)
    confirmed("stays@example.org")
    Subscriber.objects.create(email="never@example.org", created_at=now - timedelta(days=31))

    assert services.purge_departed(now=now + timedelta(days=29)) == 1  # the unconfirmed one
    assert Subscriber.objects.filter(email="left@example.org").exists()
    services.purge_departed(now=now + timedelta(days=31))
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["stays@example.org"]


def test_with_the_immediate_backend_publishing_sends_at_once(mail_server, immediate_tasks):
    confirmed("reader@example.org")
    publish(EventFactory(publication_status=DRAFT, title="At once"))
    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "New event: At once"
