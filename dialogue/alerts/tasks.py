"""The background work of the alerts, run by `manage.py db_worker` (django.tasks).

The tasks are small and idempotent: each one re-reads the database and does only what is
still owed, so running one twice, or after a worker died, sends nothing twice
(services.py). `sweep` is the safety net: it announces what became public (an embargo
that passed with no one saving anything), hands out what is due or was abandoned, deletes
departed addresses, and with a backend that can defer tasks (the database one) schedules
itself again every ALERTS_SWEEP_SECONDS.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from . import emails, services
from .models import Delivery, Subscriber

logger = logging.getLogger(__name__)


def _backend(task_):
    return task_.get_backend()


def enqueue(task_, *args, run_after: datetime | None = None):
    """Queue `task_`; a task for later is dropped by backends that cannot defer (the
    immediate one): the next save or `manage.py alerts_sweep` does its work then."""
    if run_after is not None and run_after > timezone.now():
        if not _backend(task_).supports_defer:
            return None
        return task_.using(run_after=run_after).enqueue(*args)
    return task_.enqueue(*args)


def _queued(task_):
    """The database queue's tasks of `task_` waiting to start, or None for a backend that
    keeps no queue one can read (the immediate one)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(_backend(task_), DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(task_path=task_.module_path, status=TaskResultStatus.READY)


def _waiting_count(task_, *, due_by: datetime | None = None) -> int:
    queued = _queued(task_)
    if queued is None:
        return 0
    if due_by is not None:
        # Tasks queued for "now" carry the far future as their run_after in django-tasks-db.
        from django_tasks_db.models import get_date_max

        queued = queued.filter(Q(run_after__lte=due_by) | Q(run_after=get_date_max()))
    return queued.count()


def _waiting(task_, *, run_after: datetime) -> bool:
    queued = _queued(task_)
    return queued is not None and queued.filter(run_after=run_after).exists()


def schedule_sweep(*, at: datetime | None = None) -> None:
    """Make sure a sweep runs at `at` (now by default), unless one already will by then."""
    if at is not None and at > timezone.now():
        if _backend(sweep).supports_defer and not _waiting(sweep, run_after=at):
            enqueue(sweep, run_after=at)
        return
    if not _waiting_count(sweep, due_by=timezone.now()):
        enqueue(sweep)


def schedule_senders(*, at: datetime | None = None) -> None:
    """Make sure ALERTS_SENDERS `send_due` tasks are waiting (so as many workers send side
    by side), or one at `at` (a digest's hour): never more, however often this is called."""
    if at is not None and at > timezone.now():
        if _backend(send_due).supports_defer and not _waiting(send_due, run_after=at):
            enqueue(send_due, run_after=at)
        return
    wanted = getattr(settings, "ALERTS_SENDERS", 2)
    for _ in range(max(wanted - _waiting_count(send_due, due_by=timezone.now()), 0)):
        enqueue(send_due)


def enqueue_deliveries(*, record_type: str, record_id: int) -> None:
    """Hand the new rows for one record to the workers: at once, or at the digest's hour."""
    rows = Delivery.objects.filter(
        record_type=record_type, record_id=record_id, state=Delivery.State.PENDING
    )
    if rows.filter(subscriber__frequency=Subscriber.Frequency.IMMEDIATE).exists():
        schedule_senders()
    for due_at in (
        rows.filter(subscriber__frequency=Subscriber.Frequency.DAILY)
        .values_list("due_at", flat=True)
        .distinct()
    ):
        schedule_senders(at=due_at)


CONFIRMATION_ATTEMPTS = 6


@task
def send_confirmation(subscriber_id: int, token: str, already: bool, attempt: int = 1) -> str:
    """The confirmation message; tried again later, a few times, if the mail server fails."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return "gone"
    message = emails.confirmation_message(subscriber=subscriber, token=token, already=already)
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        if attempt >= CONFIRMATION_ATTEMPTS or not _backend(send_confirmation).supports_defer:
            raise
        later = timezone.now() + services.retry_delay(attempt)
        enqueue(send_confirmation, subscriber_id, token, already, attempt + 1, run_after=later)
        return "retry"
    return "sent"


@task
def send_due() -> dict:
    """Send what is due for a while; another of these follows if more is left."""
    outcomes = services.send_due()
    if outcomes["more"]:
        schedule_senders()
    if outcomes["retry"]:  # come back when the first of them is due again
        retry_at = services.next_retry_time()
        queued = _queued(send_due)
        if retry_at is not None and not (
            queued is not None
            and queued.filter(
                run_after__gte=retry_at, run_after__lte=retry_at + timedelta(seconds=1)
            ).exists()
        ):
            enqueue(send_due, run_after=retry_at)
    return dict(outcomes)


@task
def sweep() -> dict:
    """Announce, hand out what is due or abandoned, purge; then come back later."""
    announced = services.announce_public_records()
    due = services.anything_due()
    if due:
        schedule_senders()
    purged = services.purge_departed()
    if _backend(sweep).supports_defer and not _waiting_count(sweep):
        seconds = getattr(settings, "ALERTS_SWEEP_SECONDS", 60)
        enqueue(sweep, run_after=timezone.now() + timedelta(seconds=seconds))
    return {"announced": announced, "due": due, "purged": purged}
