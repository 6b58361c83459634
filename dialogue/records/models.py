"""What every record shares: dates as precise as the source, sources, languages, and
publication (draft, published, embargo).

The abstract bases and helpers here are used by the models of all three apps
(`chairmanships`, `events`, `statements`); this module imports none of them.
"""

from datetime import UTC, datetime
from typing import Self

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Now
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import memo


class DatePrecision(models.TextChoices):
    """How much of a recorded date the source actually gives."""

    DAY = "day", _("Exact day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


def format_period(starts_on, ends_on, precision=DatePrecision.DAY):
    """Show a span of dates, once when both ends read the same (e.g. "2023")."""
    start, end = format_date(starts_on, precision), format_date(ends_on, precision)
    return start if not end or end == start else f"{start} – {end}"


def format_date(value, precision=DatePrecision.DAY):
    """Show a date no more precisely than the source gave it."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return memo.date_format(value, "YEAR_MONTH_FORMAT")
    return memo.date_format(value, "DATE_FORMAT")


class SourcedRecord(models.Model):
    """A record that can cite where its facts come from (a press release, an article)."""

    source_url = models.URLField(
        _("source link"),
        blank=True,
        max_length=500,
        help_text=_("Web address of the press release or article this record is taken from."),
    )
    source_title = models.CharField(
        _("source title"),
        blank=True,
        max_length=300,
        help_text=_("Title of the source as it should appear in a citation."),
    )
    source_accessed_on = models.DateField(
        _("source consulted on"),
        null=True,
        blank=True,
        help_text=_("The day the source was read at its link, as citations give it."),
    )

    class Meta:
        abstract = True

    @property
    def has_source(self):
        return bool(self.source_url or self.source_title)


class Language(models.TextChoices):
    """Languages the dialogue's speakers and documents use."""

    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")
    KYRGYZ = "ky", _("Kyrgyz")
    TAJIK = "tg", _("Tajik")
    TURKMEN = "tk", _("Turkmen")
    UZBEK = "uz", _("Uzbek")


# Publication: events, statements and quotes are drafts until a publisher publishes them.


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (staff only)")
    PUBLISHED = "published", _("Published")


def published_condition(prefix=""):
    """The condition for a record the public may see: published, and any embargo passed.

    The embargo is compared with the database's clock (`Now()`), so a query built once
    (a view's class-level queryset) still lets an embargoed record out on time.
    """
    return Q(**{f"{prefix}publication_status": PublicationStatus.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": Now()})
    )


# The moment before every record: "public since the beginning" for a record that needs no
# publication (a speaker not quoted yet), where a derived column stores when one turns public.
ALWAYS = datetime(1970, 1, 1, tzinfo=UTC)
# Later than any real date: "not yet" where a NULL would not compare.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


def public_since(model, prefix=""):
    """When a record of `model` (reached through `prefix`, e.g. "quotes__") turns public by the
    rule of `published()`: its embargo's end (or `ALWAYS`), the later of its own and its
    parent's (`public_parent`), or NULL while it or its parent is a draft.

    `published()` is "public since no later than now"; a column storing this moment for a
    derived fact (a speaker's visibility) therefore stays right when an embargo ends."""
    condition = Q()
    moments = []
    while model is not None:
        condition &= Q(**{f"{prefix}publication_status": PublicationStatus.PUBLISHED})
        moments.append(Coalesce(F(f"{prefix}publish_at"), Value(ALWAYS)))
        parent = model.public_parent
        if not parent:
            break
        prefix = f"{prefix}{parent}__"
        model = model._meta.get_field(parent).related_model
    moment = Greatest(*moments) if len(moments) > 1 else moments[0]
    return Case(When(condition, then=moment), default=None, output_field=models.DateTimeField())


class PublishableQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Records the public may see. The one place that decides; every public read uses it.

        A record that belongs to another (`Publishable.public_parent`: a statement or a quote
        and its event) is public only once that one is public too.
        """
        published = self.filter(published_condition())
        parent = self.model.public_parent
        if parent:
            parents = self.model._meta.get_field(parent).related_model._default_manager
            published = published.filter(**{f"{parent}__in": parents.published()})
        return published

    def unpublished(self) -> Self:
        """Drafts and records still under embargo."""
        return self.exclude(published_condition())


class Publishable(models.Model):
    """A record the public sees only once a publisher has published it.

    Chairmanships, handovers and member states are public once recorded; events,
    statements and quotes are drafts until published, optionally under an embargo.
    """

    publication_status = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        help_text=_(
            "Drafts are seen by staff only (use “Preview”). Only a publisher can publish "
            "or unpublish."
        ),
    )
    publish_at = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. A published record stays hidden from the public until this moment. "
            "Leave empty to show it as soon as it is published."
        ),
    )

    first_published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the public could first see the record; set on publication."),
    )
    last_updated_at = models.DateTimeField(
        _("last updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last time the published record was saved, minor edits included."),
    )

    # The foreign key to the record this one belongs to and is public only with (statements
    # and quotes: "event"), or None for a record public on its own.
    public_parent = None
    parent_not_public = _("published, but the record it belongs to is not public yet")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Keep the publication dates the public reads ("Published ..., last updated ...").

        Every save of a published record is an update; the first one that publishes it
        (or its embargo's end, if later) is its publication.
        """
        if self.publication_status == PublicationStatus.PUBLISHED:
            now = timezone.now()
            dated = ["last_updated_at"]
            if self.first_published_at is None:
                self.first_published_at = max(now, self.publish_at or now)
                dated.append("first_published_at")
            self.last_updated_at = max(now, self.first_published_at)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], *dated}
        super().save(*args, **kwargs)

    @property
    def was_updated(self):
        """Whether the record changed after its publication (on a later day)."""
        return bool(
            self.first_published_at
            and self.last_updated_at
            and timezone.localdate(self.last_updated_at)
            > timezone.localdate(self.first_published_at)
        )

    @property
    def is_embargoed(self):
        return self.publish_at is not None and self.publish_at > timezone.now()

    def is_published_itself(self):
        """Published and past any embargo, whatever the records it depends on say."""
        return self.publication_status == PublicationStatus.PUBLISHED and not self.is_embargoed

    def is_public(self):
        """Whether the public sees this record now (the same rule as `published()`)."""
        if not self.is_published_itself():
            return False
        return self.public_parent is None or getattr(self, self.public_parent).is_public()

    def why_not_public(self):
        """Why the public cannot see this record (when `is_public()` is false), in words."""
        if self.public_parent is not None and self.is_published_itself():
            return self.parent_not_public
        return self.publication_summary

    def publication_problems(self):
        """What must be fixed before this record can be published: messages, or none."""
        return []

    @property
    def publication_summary(self):
        """The record's own publication in words, for staff: draft, embargoed or published."""
        if self.publication_status != PublicationStatus.PUBLISHED:
            return _("Draft")
        if self.is_embargoed:
            when = formats.date_format(timezone.localtime(self.publish_at), "DATETIME_FORMAT")
            return _("Embargoed until %(when)s") % {"when": when}
        return _("Published")


def publication_status_constraint(prefix, message):
    """The database's guard that a record is a draft or published
    (`<prefix>_publication_status_valid`)."""
    return models.CheckConstraint(
        condition=Q(publication_status__in=PublicationStatus.values),
        name=f"{prefix}_publication_status_valid",
        violation_error_message=message,
    )


def embargo_index(prefix):
    """The index of records under an embargo (few rows): the page cache looks up the next one
    that ends (`<prefix>_embargo_idx`)."""
    return models.Index(
        fields=["publish_at"], condition=Q(publish_at__isnull=False), name=f"{prefix}_embargo_idx"
    )


def slug_field(*, max_length, help_text=None, **options):
    """A record's web address name: unique, and kept once the page is public."""
    return models.SlugField(
        _("web address name"),
        max_length=max_length,
        unique=True,
        help_text=help_text
        or _("Used in the page address; do not change it once the page is public."),
        **options,
    )
