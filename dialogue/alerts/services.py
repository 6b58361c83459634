"""Every write of the alerts: subscribing, confirming, changing, leaving, announcing, sending.

Exactly once per (subscriber, record): `announce_public_records` writes one `Delivery` row
per subscriber and record (a unique constraint, so two scans at once write one), before any
mail goes out. A worker sends a row only after claiming it with one conditional UPDATE that
succeeds for one worker only (`_claim`), holding it for `ALERTS_LEASE_SECONDS`; the row is
marked sent as soon as the mail server accepted the message. A worker that dies holding a
row leaves it to be claimed again once the lease has run out; a failure (server down or
refusing) puts it back with a growing delay, up to `ALERTS_MAX_ATTEMPTS` attempts. The one
moment left where a message can go twice is a worker dying between the server's "accepted"
and that UPDATE; the message then goes again with the same Message-ID.
"""

import logging
import random
import secrets
import smtplib
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from chairmanships.models import MemberState, Topic
from events.models import Event
from statements.models import JointStatement

from . import emails
from .models import (
    Announcement,
    Delivery,
    Follow,
    RecordType,
    SendingSwitch,
    Subscriber,
    new_key,
)

logger = logging.getLogger(__name__)

RECORD_MODELS = {RecordType.EVENT: Event, RecordType.STATEMENT: JointStatement}
FOLLOW_OF_TYPE = {
    RecordType.EVENT: Follow.Kind.EVENTS,
    RecordType.STATEMENT: Follow.Kind.STATEMENTS,
}

CONFIRM_SALT = "dialogue.alerts.confirm"
MANAGE_SALT = "dialogue.alerts.manage"
UNSUBSCRIBE_SALT = "dialogue.alerts.unsubscribe"


def setting(name: str, default):
    return getattr(settings, name, default)


# What to follow -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowChoice:
    """One thing to follow, as a form and a signed link carry it ("topic:climate")."""

    kind: str
    topic: Topic | None = None
    state: MemberState | None = None

    @property
    def value(self) -> str:
        if self.topic is not None:
            return f"topic:{self.topic.slug}"
        if self.state is not None:
            return f"state:{self.state.slug}"
        return self.kind

    @classmethod
    def parse(cls, value: str) -> "FollowChoice | None":
        kind, _sep, slug = (value or "").partition(":")
        if kind == Follow.Kind.TOPIC and slug:
            topic = Topic.objects.filter(slug=slug).first()
            return cls(kind, topic=topic) if topic else None
        if kind == Follow.Kind.STATE and slug:
            state = MemberState.objects.filter(slug=slug).first()
            return cls(kind, state=state) if state else None
        if kind in (Follow.Kind.EVERYTHING, Follow.Kind.EVENTS, Follow.Kind.STATEMENTS):
            return cls(kind)
        return None

    @classmethod
    def of(cls, follow: Follow) -> "FollowChoice":
        return cls(follow.kind, topic=follow.topic, state=follow.state)

    def add_to(self, subscriber: Subscriber) -> Follow:
        follow, _created = Follow.objects.get_or_create(
            subscriber=subscriber, kind=self.kind, topic=self.topic, state=self.state
        )
        return follow


def normalise_email(email: str) -> str:
    return email.strip().lower()


# Signed links ---------------------------------------------------------------------------------


def confirm_token(
    *, subscriber: Subscriber, follow: FollowChoice, language: str, frequency: str
) -> str:
    return signing.dumps(
        [subscriber.pk, subscriber.key, follow.value, language, frequency], salt=CONFIRM_SALT
    )


def manage_token(*, subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=MANAGE_SALT)


def unsubscribe_token(*, subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=UNSUBSCRIBE_SALT)


def _subscriber_of(payload) -> Subscriber | None:
    if not isinstance(payload, list) or len(payload) < 2:
        return None
    subscriber = Subscriber.objects.filter(pk=payload[0]).first()
    if subscriber is None or not secrets.compare_digest(subscriber.key, str(payload[1])):
        return None
    return subscriber


def subscriber_for_manage(*, token: str) -> Subscriber | None:
    """The subscriber a manage link names, if the link is genuine and still valid."""
    try:
        return _subscriber_of(signing.loads(token, salt=MANAGE_SALT))
    except signing.BadSignature:
        return None


def subscriber_for_unsubscribe(*, token: str) -> Subscriber | None:
    try:
        return _subscriber_of(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except signing.BadSignature:
        return None


# Subscribing, confirming, changing, leaving ---------------------------------------------------


@transaction.atomic
def request_subscription(
    *, email: str, follow: FollowChoice, language: str, frequency: str
) -> None:
    """Ask `email` to confirm following `follow`: nothing else is sent before it does.

    The caller answers the same whatever happens here, so no one learns whether an address
    is subscribed; an address already confirmed is told so, with the link that adds
    `follow` to what it receives and a link to manage its alerts.
    """
    email = normalise_email(email)
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        email=email, defaults={"language": language, "frequency": frequency}
    )
    already = subscriber.is_confirmed
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.unsubscribed_at = None
        subscriber.key = new_key()
        subscriber.created_at = timezone.now()
    if not already:  # a stranger cannot change a confirmed subscriber's choices
        subscriber.language = language
        subscriber.frequency = frequency
    subscriber.save()
    token = confirm_token(
        subscriber=subscriber, follow=follow, language=language, frequency=frequency
    )
    from . import tasks

    transaction.on_commit(
        lambda: tasks.enqueue(tasks.send_confirmation, subscriber.pk, token, already)
    )


@transaction.atomic
def confirm(*, token: str) -> Subscriber | None:
    """Follow a confirmation link: the subscriber is confirmed and follows what it chose.

    None if the link is forged, expired or from before the address left.
    """
    try:
        payload = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=timedelta(days=setting("ALERTS_CONFIRM_DAYS", 3)),
        )
    except signing.BadSignature:
        return None
    subscriber = _subscriber_of(payload)
    if subscriber is None or len(payload) != 5:
        return None
    follow = FollowChoice.parse(payload[2])
    if follow is None:
        return None
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if not subscriber.is_confirmed:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.language, subscriber.frequency = payload[3], payload[4]
        subscriber.save()
    follow.add_to(subscriber)
    return subscriber


@transaction.atomic
def update_preferences(
    *,
    subscriber: Subscriber,
    language: str,
    frequency: str,
    keep: list[Follow],
    add: FollowChoice | None = None,
) -> Subscriber:
    """Change a confirmed subscriber's language, frequency and what it follows.

    Following nothing any more is leaving.
    """
    subscriber.follows.exclude(pk__in=[follow.pk for follow in keep]).delete()
    if add is not None:
        add.add_to(subscriber)
    if not subscriber.follows.exists():
        return unsubscribe(subscriber=subscriber)
    subscriber.language = language
    subscriber.frequency = frequency
    subscriber.save(update_fields=["language", "frequency"])
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop every alert to this address: nothing more is sent unless it subscribes again.

    What it followed and the messages still owed are forgotten; the address itself is
    deleted after the retention period (`purge_departed`). Old links stop working.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.key = new_key()
        subscriber.save()
    subscriber.follows.all().delete()
    subscriber.deliveries.filter(
        state__in=[Delivery.State.PENDING, Delivery.State.RETRY, Delivery.State.SENDING]
    ).update(state=Delivery.State.CANCELLED, lease_until=None)
    return subscriber


def purge_departed(*, now: datetime | None = None) -> int:
    """Delete addresses that left, or never confirmed, more than ALERTS_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=setting("ALERTS_RETENTION_DAYS", 30))
    deleted, _by_model = Subscriber.objects.filter(
        Q(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at__lt=cutoff)
        | Q(status=Subscriber.Status.PENDING, created_at__lt=cutoff)
    ).delete()
    return deleted


# Announcing new public records ----------------------------------------------------------------


def record_subjects(record) -> tuple[set[int], set[int]]:
    """The topics and member states a record is about, as follows match them."""
    topics = set(record.topics.values_list("pk", flat=True))
    if isinstance(record, Event):
        states = set(record.participating_states.values_list("pk", flat=True))
        states |= {record.host_state_id} - {None}
    else:
        states = set(record.signatories.values_list("pk", flat=True))
        states |= {record.event.host_state_id} - {None}
    return topics, states


def subscribers_following(*, record_type: str, record) -> list[Subscriber]:
    topics, states = record_subjects(record)
    wanted = (
        Q(follows__kind=Follow.Kind.EVERYTHING)
        | Q(follows__kind=FOLLOW_OF_TYPE[record_type])
        | Q(follows__kind=Follow.Kind.TOPIC, follows__topic__in=topics)
        | Q(follows__kind=Follow.Kind.STATE, follows__state__in=states)
    )
    return list(Subscriber.objects.confirmed().filter(wanted).distinct().order_by("pk"))


def next_digest_time(now: datetime) -> datetime:
    """The next daily digest: ALERTS_DIGEST_HOUR o'clock in the site's time zone."""
    local = timezone.localtime(now)
    at = local.replace(hour=setting("ALERTS_DIGEST_HOUR", 8), minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def announce_public_records(*, now: datetime | None = None) -> int:
    """Match every public record not announced yet with its subscribers; return how many.

    Idempotent and safe to run from several processes at once: a record is announced once
    (unique `Announcement`), whoever gets there first. Only what `published()` lets the
    public see counts, so nothing from a draft or under embargo. Any process may call it
    (the publishing code, the worker's periodic sweep, `manage.py alerts_sweep`).
    """
    now = now or timezone.now()
    count = 0
    for record_type, model in RECORD_MODELS.items():
        done = Announcement.objects.filter(record_type=record_type).values("record_id")
        for record in model.objects.published().exclude(pk__in=done).order_by("pk"):
            if _announce(record_type=record_type, record=record, now=now):
                count += 1
    return count


@transaction.atomic
def _announce(*, record_type: str, record, now: datetime) -> bool:
    try:
        with transaction.atomic():
            Announcement.objects.create(
                record_type=record_type,
                record_id=record.pk,
                title=record.title[:300],
                announced_at=now,
            )
    except IntegrityError:
        return False  # another process announced it meanwhile
    digest_at = next_digest_time(now)
    Delivery.objects.bulk_create(
        [
            Delivery(
                subscriber=subscriber,
                record_type=record_type,
                record_id=record.pk,
                title=record.title[:300],
                due_at=now if subscriber.frequency == Subscriber.Frequency.IMMEDIATE else digest_at,
                created_at=now,
            )
            for subscriber in subscribers_following(record_type=record_type, record=record)
        ],
        ignore_conflicts=True,
    )
    from . import tasks

    transaction.on_commit(
        lambda: tasks.enqueue_deliveries(record_type=record_type, record_id=record.pk)
    )
    return True


# Sending --------------------------------------------------------------------------------------


def _claim(deliveries, *, now: datetime) -> tuple[str, list[Delivery]]:
    """Take the claimable rows among `deliveries` for this worker alone, for one lease."""
    claim = secrets.token_hex(16)
    lease = timedelta(seconds=setting("ALERTS_LEASE_SECONDS", 300))
    ids = list(deliveries.claimable(now).values_list("pk", flat=True))
    if ids:
        # The same condition again in the UPDATE: of two workers, one changes the rows.
        Delivery.objects.filter(pk__in=ids).claimable(now).update(
            state=Delivery.State.SENDING, claim=claim, lease_until=now + lease
        )
    return claim, list(Delivery.objects.filter(claim=claim).select_related("subscriber"))


def _public_records(deliveries: list[Delivery]) -> dict[tuple[str, int], object]:
    found = {}
    for record_type, model in RECORD_MODELS.items():
        ids = [d.record_id for d in deliveries if d.record_type == record_type]
        queryset = model.objects.published().filter(pk__in=ids)
        if model is JointStatement:
            queryset = queryset.select_related("event")
        found |= {(record_type, record.pk): record for record in queryset}
    return found


def _send(message) -> None:
    mailer = mailers.default
    if getattr(mailer, "timeout", 0) is None:  # never hold a row longer than its lease
        mailer.timeout = max(5, setting("ALERTS_LEASE_SECONDS", 300) // 3)
    message.send(using="default")


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after the `attempt`th failure: doubling, at most an hour."""
    base = setting("ALERTS_RETRY_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** (attempt - 1), 3600))


PERMANENT_SMTP_ERRORS = (smtplib.SMTPRecipientsRefused,)


def _send_claimed(claim: str, deliveries: list[Delivery], *, now: datetime, digest: bool) -> str:
    subscriber = deliveries[0].subscriber
    claimed = Delivery.objects.filter(claim=claim)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        claimed.update(state=Delivery.State.CANCELLED, lease_until=None)
        return "cancelled"
    records = _public_records(deliveries)
    gone = [d.pk for d in deliveries if (d.record_type, d.record_id) not in records]
    if gone:  # withdrawn meanwhile (unpublished): never sent
        Delivery.objects.filter(pk__in=gone, claim=claim).update(
            state=Delivery.State.CANCELLED, lease_until=None
        )
    items = [(d, records[(d.record_type, d.record_id)]) for d in deliveries if d.pk not in gone]
    if not items:
        return "cancelled"
    message = emails.alert_message(subscriber=subscriber, items=items, digest=digest)
    attempt = max(d.attempts for d in deliveries) + 1
    sending = claimed.exclude(pk__in=gone)
    try:
        _send(message)
    except (smtplib.SMTPException, OSError) as error:
        permanent = isinstance(error, PERMANENT_SMTP_ERRORS) or attempt >= setting(
            "ALERTS_MAX_ATTEMPTS", 8
        )
        sending.update(
            state=Delivery.State.FAILED if permanent else Delivery.State.RETRY,
            attempts=attempt,
            due_at=now + retry_delay(attempt),
            lease_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        logger.warning(
            "Alert to subscriber %s not sent (attempt %s): %s", subscriber.pk, attempt, error
        )
        return "failed" if permanent else "retry"
    marked = sending.update(
        state=Delivery.State.SENT,
        attempts=attempt,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
    )
    if marked != len(items):
        logger.error(
            "Alert to subscriber %s sent, but its lease had been taken over", subscriber.pk
        )
    return "sent"


def send_next(*, now: datetime | None = None) -> str | None:
    """Claim and send the next message due: one record to an immediate subscriber, or all
    the records due to a daily one. None when nothing is due (or sending is paused)."""
    now = now or timezone.now()
    if SendingSwitch.is_paused():
        return None
    # One of the first few due, so that workers running side by side rarely reach for the
    # same row (if they do, the claim lets one have it and the other takes another).
    due = list(
        Delivery.objects.claimable(now)
        .order_by("due_at", "pk")
        .values_list("pk", "subscriber_id", "subscriber__frequency")[:20]
    )
    if not due:
        return None
    pk, subscriber_id, frequency = random.choice(due)
    digest = frequency == Subscriber.Frequency.DAILY
    rows = (
        Delivery.objects.filter(subscriber_id=subscriber_id)
        if digest
        else Delivery.objects.filter(pk=pk)
    )
    claim, claimed = _claim(rows, now=now)
    if not claimed:
        return "taken"
    return _send_claimed(claim, claimed, now=now, digest=digest)


def send_due(*, now: datetime | None = None, seconds: float | None = None) -> Counter:
    """Send what is due, message by message, for at most `seconds` (ALERTS_BATCH_SECONDS);
    the outcome of each ("sent", "retry", ...), and "more" if time ran out first."""
    seconds = setting("ALERTS_BATCH_SECONDS", 30) if seconds is None else seconds
    started = time.monotonic()
    outcomes = Counter()
    while True:
        if time.monotonic() - started > seconds:
            outcomes["more"] += 1
            return outcomes
        outcome = send_next(now=now)
        if outcome is None:
            return outcomes
        outcomes[outcome] += 1


def anything_due(*, now: datetime | None = None) -> bool:
    """Whether a message is due (or abandoned by a dead worker) and sending is not paused."""
    now = now or timezone.now()
    return not SendingSwitch.is_paused() and Delivery.objects.claimable(now).exists()


def next_retry_time() -> datetime | None:
    """When the first message that failed is due to be tried again."""
    return (
        Delivery.objects.filter(state=Delivery.State.RETRY)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
