"""Who wants to hear about new records, what they follow, and each message owed to them.

A `Subscriber` is one email address; its `Follow` rows say what it follows. When a record
becomes public it is announced once (`Announcement`), and each confirmed subscriber
following it gets one `Delivery` row, unique per (subscriber, record): the row is written
before any mail is sent, and a worker sends it only after claiming it with one conditional
UPDATE (services.py), so no two workers send the same one and a sent one is never sent again.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chairmanships.models import MemberState, Topic


def new_key():
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """An email address that asked for alerts, in one language, immediately or daily."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("One message per new record")
        DAILY = "daily", _("One daily digest")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the messages."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE
    )
    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.PENDING)
    # The secret every link to this subscriber is signed with; replaced when the address
    # leaves, so the links in old messages stop working. Never shown to anyone.
    key = models.CharField(max_length=64, default=new_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="alerts_subscriber_email_lowercase",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED


class Follow(models.Model):
    """One thing a subscriber follows: everything, a kind of record, a topic or a state."""

    class Kind(models.TextChoices):
        EVERYTHING = "everything", _("Everything new")
        EVENTS = "events", _("New events")
        STATEMENTS = "statements", _("New joint statements")
        TOPIC = "topic", _("A topic")
        STATE = "state", _("A member state")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="follows", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("follows"), max_length=12, choices=Kind)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    state = models.ForeignKey(
        MemberState,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member state"),
    )

    class Meta:
        ordering = ["subscriber", "kind", "pk"]
        verbose_name = _("followed subject")
        verbose_name_plural = _("followed subjects")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind"],
                condition=Q(topic__isnull=True, state__isnull=True),
                name="alerts_follow_kind_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=Q(topic__isnull=False),
                name="alerts_follow_topic_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "state"],
                condition=Q(state__isnull=False),
                name="alerts_follow_state_once",
            ),
            models.CheckConstraint(
                condition=(Q(kind="topic") & Q(topic__isnull=False) & Q(state__isnull=True))
                | (Q(kind="state") & Q(state__isnull=False) & Q(topic__isnull=True))
                | (~Q(kind__in=["topic", "state"]) & Q(topic__isnull=True, state__isnull=True)),
                name="alerts_follow_subject_matches_kind",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.TOPIC:
            return _("Topic: %(name)s") % {"name": self.topic}
        if self.kind == self.Kind.STATE:
            return _("Member state: %(name)s") % {"name": self.state}
        return str(self.get_kind_display())


class RecordType(models.TextChoices):
    EVENT = "event", _("event")
    STATEMENT = "statement", _("joint statement")


class Announcement(models.Model):
    """A record that became public and was matched with the subscribers once, at this time."""

    record_type = models.CharField(_("kind of record"), max_length=10, choices=RecordType)
    record_id = models.PositiveBigIntegerField(_("record number"))
    title = models.CharField(_("title"), max_length=300)
    announced_at = models.DateTimeField(_("announced"), default=timezone.now)

    class Meta:
        ordering = ["-announced_at"]
        verbose_name = _("announced record")
        verbose_name_plural = _("announced records")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id"], name="alerts_announce_record_once"
            )
        ]

    def __str__(self):
        return f"{self.get_record_type_display()}: {self.title}"


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now):
        """Rows a worker may take now: due and not held, or held by a worker whose lease
        ran out (it died or hung mid-send)."""
        return self.filter(
            Q(state__in=[Delivery.State.PENDING, Delivery.State.RETRY], due_at__lte=now)
            | Q(state=Delivery.State.SENDING, lease_until__lt=now)
        )


class Delivery(models.Model):
    """One record owed to one subscriber: sent once, alone or in a daily digest."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Failed, will be tried again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")
        CANCELLED = "cancelled", _("Not sent (withdrawn or unsubscribed)")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )
    record_type = models.CharField(_("kind of record"), max_length=10, choices=RecordType)
    record_id = models.PositiveBigIntegerField(_("record number"))
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "record_type", "record_id"],
                name="alerts_delivery_once_per_subscriber_and_record",
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="alerts_delivery_due_idx")]

    def __str__(self):
        return f"{self.get_record_type_display()} “{self.title}” → {self.subscriber}"


class SendingSwitch(models.Model):
    """The one row that says whether alert messages go out (staff pause them here)."""

    paused = models.BooleanField(
        _("pause sending"),
        default=False,
        help_text=_(
            "While ticked, no alert is sent; nothing is lost: the messages wait and go out "
            "once it is unticked. Confirmation messages still go out."
        ),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sending switch")
        verbose_name_plural = _("sending switch")

    def __str__(self):
        return str(_("Sending paused") if self.paused else _("Sending"))

    @classmethod
    def is_paused(cls) -> bool:
        return cls.objects.filter(pk=1, paused=True).exists()
