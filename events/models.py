"""Events of the dialogue: conferences, meetings, forums, and who took part."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chairmanships.models import (
    Chairmanship,
    DatePrecision,
    Handover,
    MemberState,
    SourcedRecord,
    Topic,
    format_period,
)


class Organisation(models.Model):
    """A partner organisation taking part in events (a UN agency, an NGO, a parliament)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("e.g. UNDP."))
    url = models.URLField(_("web address"), blank=True, max_length=500)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events the public may see. The one place that decides; every public view uses it."""
        return self.all()

    def for_listing(self):
        return self.select_related("host_state", "chairmanship__state")

    def for_detail(self):
        return (
            self.for_listing()
            .select_related(
                "announced_handover__outgoing__state", "announced_handover__incoming__state"
            )
            .prefetch_related("topics", "participating_states", "partner_organisations")
        )


class Event(SourcedRecord):
    """A conference, meeting or forum held by the dialogue."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        MEETING = "meeting", _("Meeting")
        FORUM = "forum", _("Forum")
        SUMMIT = "summit", _("Summit")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("web address name"),
        max_length=200,
        unique=True,
        help_text=_("Used in the page address; do not change it once the page is public."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CONFERENCE)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONFIRMED)
    theme = models.CharField(
        _("theme"),
        max_length=400,
        blank=True,
        help_text=_("The theme as announced, word for word."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave empty for a one-day event.")
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
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host state"),
    )
    chairmanship = models.ForeignKey(
        Chairmanship,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("held under chairmanship"),
    )
    announced_handover = models.OneToOneField(
        Handover,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announced_at",
        verbose_name=_("handover announced here"),
        help_text=_("If the passing of the chair was announced at this event."),
    )
    summary = models.TextField(_("summary"), blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="events", verbose_name=_("topics")
    )
    participating_states = models.ManyToManyField(
        MemberState,
        blank=True,
        related_name="events_attended",
        verbose_name=_("participating states"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("partner organisations")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        get_latest_by = "starts_on"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def dates(self):
        return format_period(self.starts_on, self.ends_on, self.date_precision)

    def clean(self):
        if self.starts_on is None:
            return
        chair = self.chairmanship if self.chairmanship_id else None
        # An event on a handover day may belong to either term (the outgoing chair's
        # closing conference is often where the handover is announced), so the end
        # date counts as inside the term here.
        if chair and (
            self.starts_on < chair.starts_on or (chair.ends_on and self.starts_on > chair.ends_on)
        ):
            raise ValidationError(
                {"chairmanship": _("The event starts outside %(chair)s.") % {"chair": chair}}
            )
