"""The base layer: member states, their chairmanships and handovers, and topics.

Nothing here imports from `events` or `statements`; those layers point down at
these records, never the other way round.
"""

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dialogue.records.concurrency import Versioned
from dialogue.records.history import RecordHistory
from dialogue.records.memo import record_url
from dialogue.records.models import (
    DatePrecision,
    SourcedRecord,
    format_date,
    format_period,
    slug_field,
)


class MemberState(Versioned, SourcedRecord):
    """A state taking part in the dialogue; states that leave are kept, with their dates."""

    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("Short name, e.g. Kazakhstan.")
    )
    official_name = models.CharField(
        _("official name"),
        max_length=200,
        blank=True,
        help_text=_("Full official name, e.g. Republic of Kazakhstan."),
    )
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, e.g. KZ for Kazakhstan."),
    )
    slug = slug_field(max_length=100)
    joined_on = models.DateField(
        _("joined on"), null=True, blank=True, help_text=_("Leave empty for a founding member.")
    )
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Only if the state has left the dialogue.")
    )

    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="memberstate_iso_code_two_capitals",
                violation_error_message=_("The ISO code is two capital letters, e.g. KZ."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="memberstate_left_after_joined",
                violation_error_message=_("A state cannot leave before it joined."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("chairmanships:state_detail", slug=self.slug)

    def is_member_on(self, day):
        """Whether the state belonged to the dialogue on `day`."""
        joined = self.joined_on is None or self.joined_on <= day
        not_left = self.left_on is None or day < self.left_on
        return joined and not_left


class Topic(Versioned):
    """A subject from the shared vocabulary that priorities, events and statements share."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = slug_field(max_length=100)
    description = models.TextField(_("description"), blank=True)

    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("chairmanships:topic_detail", slug=self.slug)


class ChairmanshipQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> Self:
        """The chairmanship holding the chair on `on` (today by default; at most one):
        started on or before that day and not yet ended. An announced chairmanship,
        recorded by a handover dated later, is not current until its first day."""
        day = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day), starts_on__lte=day)

    def announced(self, on: date | None = None) -> Self:
        """Chairmanships that start after `on` (today by default): the next chair announced."""
        return self.filter(starts_on__gt=on or timezone.localdate())

    def current_and_announced(self, on: date | None = None) -> Self:
        """The current chairmanship and the announced one, if any, in one query (not ended
        by `on`, today by default), oldest first."""
        day = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day)).order_by("starts_on")

    def open(self) -> Self:
        """The latest chairmanship, with no end date (at most one): the current one, or
        the announced one once a future handover is recorded. A handover starts from it."""
        return self.filter(ends_on__isnull=True)

    def overlapping(self, starts_on: date, ends_on: date | None) -> Self:
        """Chairmanships sharing at least one day with [starts_on, ends_on); None is open."""
        overlaps = Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
        if ends_on is not None:
            overlaps &= Q(starts_on__lt=ends_on)
        return self.filter(overlaps)

    def with_handovers(self) -> Self:
        return self.select_related(
            "state",
            "handover_in__outgoing__state",
            "handover_out__incoming__state",
        )


class Chairmanship(Versioned, SourcedRecord):
    """A member state chairing the dialogue from one date until the chair passes on."""

    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="chairmanships",
        verbose_name=_("chairing state"),
    )
    slug = slug_field(
        max_length=120,
        blank=True,
        help_text=_(
            "Filled in from the state and year, e.g. kazakhstan-2023; do not change it later."
        ),
    )
    starts_on = models.DateField(_("starts on"), help_text=_("The day the state took the chair."))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the chair passed to the next state. Leave empty while this is the "
            "current chairmanship; use “Record handover” to end it."
        ),
    )
    date_precision = models.CharField(
        _("dates known to"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_(
            "If the source gives only the month or year, say so: the site then shows no more."
        ),
    )
    outcomes = models.TextField(
        _("summary of outcomes"), blank=True, help_text=_("What the chairmanship achieved.")
    )

    history = RecordHistory()
    objects = ChairmanshipQuerySet.as_manager()
    constraint_fields = {"chairmanship_ends_after_start": "ends_on"}

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        get_latest_by = "starts_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="chairmanship_ends_after_start",
                violation_error_message=_("A chairmanship cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["starts_on"],
                name="chairmanship_unique_start",
                violation_error_message=_("Another chairmanship starts on that day."),
            ),
            models.UniqueConstraint(
                models.Value(True),
                condition=Q(ends_on__isnull=True),
                name="chairmanship_one_current",
                violation_error_message=_("Only one chairmanship can be current."),
            ),
        ]

    def __str__(self):
        return _("%(state)s, %(period)s") % {"state": self.state, "period": self.period}

    def get_absolute_url(self):
        return record_url("chairmanships:chairmanship_detail", slug=self.slug)

    @property
    def period(self):
        if self.is_announced:
            start = format_date(self.starts_on, self.date_precision)
            return _("from %(start)s") % {"start": start}
        if self.ends_on is None:
            start = format_date(self.starts_on, self.date_precision)
            return _("since %(start)s") % {"start": start}
        return format_period(self.starts_on, self.ends_on, self.date_precision)

    def is_current_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)

    @property
    def is_current(self):
        """Holding the chair today (an announced chairmanship is not yet)."""
        return self.is_current_on(timezone.localdate())

    @property
    def is_announced(self):
        """Recorded ahead of its first day by a handover dated in the future."""
        return self.starts_on > timezone.localdate()

    def clean(self):
        if self.starts_on is None or (self.ends_on and self.ends_on < self.starts_on):
            return  # the field and check-constraint errors say what to fix
        if not self.slug and self.state_id:
            self.slug = slugify(f"{self.state.slug}-{self.starts_on.year}")
            if Chairmanship.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                self.slug = slugify(f"{self.state.slug}-{self.starts_on.isoformat()}")
        clash = (
            Chairmanship.objects.overlapping(self.starts_on, self.ends_on)
            .exclude(pk=self.pk)
            .select_related("state")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("These dates overlap %(other)s. Chairmanships cannot overlap.") % {"other": clash}
            )
        if self.state_id and self.starts_on and not self.state.is_member_on(self.starts_on):
            raise ValidationError(
                {
                    "state": _("%(state)s was not a member state on that day.")
                    % {"state": self.state}
                }
            )


class Priority(Versioned):
    """One of a chairmanship's priorities, in the order the chair set them."""

    chairmanship = models.ForeignKey(
        Chairmanship, on_delete=models.CASCADE, related_name="priorities"
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    title = models.CharField(_("priority"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="priorities")

    history = RecordHistory(m2m_fields=["topics"])

    class Meta:
        ordering = ["chairmanship", "position", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.chairmanship.get_absolute_url()


class Initiative(Versioned):
    """A programme or initiative run under a chairmanship (e.g. Technovation Girls)."""

    chairmanship = models.ForeignKey(
        Chairmanship, on_delete=models.CASCADE, related_name="initiatives"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), blank=True, max_length=500)

    history = RecordHistory()

    class Meta:
        ordering = ["chairmanship", "position", "pk"]
        verbose_name = _("initiative or programme")
        verbose_name_plural = _("initiatives and programmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.chairmanship.get_absolute_url()


class HandoverQuerySet(models.QuerySet):
    def with_states(self) -> Self:
        return self.select_related("outgoing__state", "incoming__state")


class Handover(Versioned, SourcedRecord):
    """The chair passing from one chairmanship to the next; record it with `services.hand_over`."""

    outgoing = models.OneToOneField(
        Chairmanship,
        on_delete=models.PROTECT,
        related_name="handover_out",
        verbose_name=_("outgoing chairmanship"),
    )
    incoming = models.OneToOneField(
        Chairmanship,
        on_delete=models.PROTECT,
        related_name="handover_in",
        verbose_name=_("incoming chairmanship"),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = RecordHistory()
    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-incoming__starts_on"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outgoing=F("incoming")),
                name="handover_between_two_chairmanships",
                violation_error_message=_("A handover passes the chair to another chairmanship."),
            ),
        ]

    def __str__(self):
        return _("%(from)s to %(to)s, %(date)s") % {
            "from": self.outgoing.state,
            "to": self.incoming.state,
            "date": format_date(self.handed_over_on, self.incoming.date_precision),
        }

    def get_absolute_url(self):
        return reverse("chairmanships:timeline") + f"#handover-{self.pk}"

    @property
    def handed_over_on(self):
        return self.incoming.starts_on

    @property
    def is_announced(self):
        """Recorded ahead of its date: until then the outgoing chair is still current."""
        return self.handed_over_on > timezone.localdate()

    def clean(self):
        if not (self.outgoing_id and self.incoming_id):
            return
        if self.outgoing.state_id == self.incoming.state_id:
            raise ValidationError(_("A handover passes the chair to another state."))
        if self.outgoing.ends_on != self.incoming.starts_on:
            raise ValidationError(
                _("The outgoing chairmanship must end on the day the incoming one starts.")
            )


class ChangeNote(models.Model):
    """A public note on a significant change to a published record, as GOV.UK gives them
    ("Corrected the date of the handover"), kept with the history entry of that change.

    Written by `chairmanships.changes.note_change` (the admin, a revert); the record's
    page lists them under "Updates to this page".
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record number"))
    record = GenericForeignKey("content_type", "object_id")
    note = models.TextField(
        _("public note"),
        help_text=_("What changed, in a sentence the public reads, e.g. “Corrected the date.”"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    history_id = models.PositiveBigIntegerField(
        _("history entry"),
        null=True,
        blank=True,
        help_text=_("The entry in the record's history that this note describes."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        indexes = [models.Index(fields=["content_type", "object_id", "changed_at"])]

    def __str__(self):
        return self.note

    def get_absolute_url(self):
        return self.record.get_absolute_url() + "#updates"
