"""The mail server stops for 30 s in the middle of an alerts batch: count what arrives.

Run on a scratch database (it empties the subscribers and the task queue first):

    DATABASE_URL=postgres://dialogue@127.0.0.1:5433/scratch \\
        .venv/bin/python -m bench.alerts_outage --subscribers 100 --events 3 --outage 30

It starts a real SMTP server (aiosmtpd) on a loopback port and two `manage.py db_worker`
processes, publishes the events (each subscriber follows everything: subscribers x events
messages), stops the SMTP server once a third of them has arrived, starts it again after
`--outage` seconds, waits until every message is sent, and prints the counts: received,
distinct, doubled, lost, and how many needed more than one attempt.
"""

import argparse
import email
import email.policy
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((message["To"], message["Subject"], message["Message-ID"]))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--events", type=int, default=3)
    parser.add_argument("--outage", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=10260)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.alerts_settings"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{options.port}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: every SMTP line
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from dialogue.alerts.models import Delivery, Follow, Subscriber
    from dialogue.alerts.services import announce_public_records
    from dialogue.records.models import PublicationStatus
    from events.models import Event

    call_command("migrate", verbosity=0)
    DBTaskResult.objects.all().delete()
    Subscriber.objects.all().delete()
    Event.objects.filter(slug__startswith="outage-bench-").delete()
    announce_public_records()  # what is public already is no news to the readers below

    for n in range(options.subscribers):
        subscriber = Subscriber.objects.create(
            email=f"reader{n:04}@example.org",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        Follow.objects.create(subscriber=subscriber, kind=Follow.Kind.EVERYTHING)
    expected = options.subscribers * options.events

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=options.port)
    controller.start()
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval=0.2",
             "--verbosity=0", "--no-startup-delay"],
            cwd=REPO,
            env=os.environ.copy(),
            stderr=subprocess.DEVNULL,
        )
        for _ in range(options.workers)
    ]  # fmt: skip
    started = time.monotonic()
    try:
        for n in range(options.events):
            event = Event.objects.create(
                title=f"Outage bench forum {n}",
                slug=f"outage-bench-{n}",
                starts_on=timezone.localdate(),
                publication_status=PublicationStatus.DRAFT,
            )
            event.publication_status = PublicationStatus.PUBLISHED
            event.save()
        while len(inbox.messages) < expected // 3:
            time.sleep(0.01)
        controller.stop()
        stopped_at = time.monotonic() - started
        received_before = len(inbox.messages)
        print(f"{stopped_at:6.1f} s  SMTP server stopped after {received_before} messages")
        time.sleep(options.outage)
        retrying = Delivery.objects.filter(state=Delivery.State.RETRY).count()
        controller = Controller(inbox, hostname="127.0.0.1", port=options.port)
        controller.start()
        print(
            f"{time.monotonic() - started:6.1f} s  SMTP server started again "
            f"({retrying} messages waiting to be retried)"
        )
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            done = Delivery.objects.filter(state__in=["sent", "failed", "cancelled"]).count()
            if done >= expected:
                break
            time.sleep(0.2)
        finished = time.monotonic() - started
        time.sleep(3)  # any duplicate would arrive by now
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(20)
        controller.stop()

    pairs = Counter((to, subject) for to, subject, _id in inbox.messages)
    states = Counter(Delivery.objects.values_list("state", flat=True))
    retried = Delivery.objects.filter(attempts__gt=1).count()
    print(f"{finished:6.1f} s  every message sent")
    print(f"expected   {expected}")
    print(f"received   {len(inbox.messages)}")
    print(f"distinct   {len(pairs)}")
    print(f"doubled    {sum(count - 1 for count in pairs.values() if count > 1)}")
    print(f"lost       {expected - len(pairs)}")
    print(f"retried    {retried} (sent after more than one attempt)")
    print(f"deliveries {dict(states)}")
    Subscriber.objects.all().delete()
    Event.objects.filter(slug__startswith="outage-bench-").delete()
    return 0 if len(inbox.messages) == len(pairs) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
