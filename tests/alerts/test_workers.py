"""Real `manage.py db_worker` processes on the test database (PostgreSQL): a worker killed in
the middle of a batch, and two workers sharing one, still send each subscriber each record
exactly once."""

import signal
import time

import pytest

from dialogue.alerts.models import Delivery
from dialogue.records.models import PublicationStatus
from tests.factories import EventFactory

from .conftest import start_worker, stop_worker
from .helpers import confirmed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_tasks", "on_postgres"),
]


def publish_event(title):
    event = EventFactory(publication_status=PublicationStatus.DRAFT, title=title)
    event.publication_status = PublicationStatus.PUBLISHED
    event.save()  # queues a sweep once committed (no worker runs in this process)
    return event


def recipients(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


def wait_until_all_sent(count, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Delivery.objects.filter(state=Delivery.State.SENT).count() >= count:
            return
        time.sleep(0.2)


def test_a_worker_killed_mid_batch_leaves_nothing_lost_and_nothing_doubled(mail_server):
    readers = [confirmed(f"reader{n:02}@example.org").email for n in range(12)]
    mail_server.delay = 0.3  # a slow mail server: the batch takes seconds
    publish_event("Forum during a crash")
    first = start_worker()
    workers = []
    try:
        # Kill the worker (no clean-up of any kind) while it is sending the 5th message.
        assert mail_server.wait_for_data(5, timeout=60), first.stderr.read1().decode()
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert len(mail_server.messages) < len(readers)
        stuck = Delivery.objects.filter(state=Delivery.State.SENDING)
        assert stuck.count() == 1  # the row it held, until its lease runs out

        mail_server.delay = 0.05
        workers = [start_worker(), start_worker()]
        wait_until_all_sent(len(readers))
        time.sleep(2)  # long enough for any duplicate to arrive
    finally:
        for worker in [first, *workers]:
            stop_worker(worker)

    assert recipients(mail_server.messages) == readers  # each once: none lost, none doubled
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


def test_two_workers_share_a_batch_without_sending_anything_twice(mail_server):
    readers = [confirmed(f"reader{n:02}@example.org").email for n in range(30)]
    mail_server.delay = 0.02
    publish_event("Forum for two workers")
    workers = [start_worker(), start_worker()]
    try:
        wait_until_all_sent(len(readers))
        time.sleep(1.5)
    finally:
        for worker in workers:
            stop_worker(worker)
    assert recipients(mail_server.messages) == readers
