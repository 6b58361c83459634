"""The background work of the alerts, run by `manage.py db_worker` (django.tasks).

The tasks are small and idempotent: each one re-reads the database and does only what is
still owed, so running one twice, or after a worker died, sends nothing twice
(services.py). `sweep` is the safety net: it announces what became public (an embargo
that passed with no one saving anything), hands out what is due or was abandoned, deletes
departed addresses, and with a backend that can defer tasks (the database one) schedules
itself again every ALERTS_SWEEP_SECONDS.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
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


def _sweeps_waiting(*, due_by: datetime | None = None) -> bool:
    """Whether a sweep is already queued (and not started); only the database backend can say."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        return False
    if not isinstance(_backend(sweep), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=sweep.module_path, status=TaskResultStatus.READY
    )
    if due_by is not None:
        waiting = waiting.filter(run_after__lte=due_by)
    return waiting.exists()


def schedule_sweep(*, at: datetime | None = None) -> None:
    """Make sure a sweep runs at `at` (now by default), unless one already will by then."""
    now = timezone.now()
    if at is not None and at > now:
        if _backend(sweep).supports_defer and not _sweeps_waiting_at(at):
            enqueue(sweep, run_after=at)
        return
    if not _sweeps_waiting(due_by=now):
        enqueue(sweep)


def _sweeps_waiting_at(at: datetime) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=sweep.module_path, status=TaskResultStatus.READY, run_after=at
    ).exists()


def enqueue_deliveries(*, record_type: str, record_id: int) -> None:
    """Hand the new rows for one record to the workers: each at once, digests when due."""
    rows = Delivery.objects.filter(
        record_type=record_type, record_id=record_id, state=Delivery.State.PENDING
    ).select_related("subscriber")
    for row in rows:
        if row.subscriber.frequency == Subscriber.Frequency.IMMEDIATE:
            enqueue(deliver, row.pk)
        else:
            enqueue(deliver_digest, row.subscriber_id, run_after=row.due_at)


@task
def send_confirmation(subscriber_id: int, token: str, already: bool) -> str:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return "gone"
    emails.confirmation_message(subscriber=subscriber, token=token, already=already).send()
    return "sent"


@task
def deliver(delivery_id: int) -> str:
    outcome = services.deliver(delivery_id=delivery_id)
    if outcome == "retry":
        row = Delivery.objects.get(pk=delivery_id)
        enqueue(deliver, delivery_id, run_after=row.due_at)
    return outcome


@task
def deliver_digest(subscriber_id: int) -> str:
    outcome = services.deliver_digest(subscriber_id=subscriber_id)
    if outcome == "retry":
        row = Delivery.objects.filter(
            subscriber_id=subscriber_id, state=Delivery.State.RETRY
        ).first()
        if row is not None:
            enqueue(deliver_digest, subscriber_id, run_after=row.due_at)
    return outcome


@task
def sweep() -> dict:
    """Announce, hand out what is due or abandoned, purge; then come back later."""
    announced = services.announce_public_records()
    work = services.due_work()
    for delivery_id in work.deliveries:
        enqueue(deliver, delivery_id)
    for subscriber_id in work.digests:
        enqueue(deliver_digest, subscriber_id)
    purged = services.purge_departed()
    if _backend(sweep).supports_defer and not _sweeps_waiting():
        seconds = getattr(settings, "ALERTS_SWEEP_SECONDS", 60)
        enqueue(sweep, run_after=timezone.now() + timedelta(seconds=seconds))
    return {
        "announced": announced,
        "deliveries": len(work.deliveries),
        "digests": len(work.digests),
        "purged": purged,
    }
