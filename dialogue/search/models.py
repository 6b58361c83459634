"""The search index: one row per public (or embargoed, not yet public) record, so that the
results, the facets and their counts all come from one table (see index.py)."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        """Rows the public may see now: an embargo ends by the database's clock, with no
        write needed (the same rule as `published()`, whose result each row records)."""
        return self.filter(Q(visible_from__isnull=True) | Q(visible_from__lte=Now()))


class SearchEntry(models.Model):
    """One record as the search reads it: what kind it is, when it happened, where, about
    what, in which languages, and from when the public may see it.

    Written only by `dialogue.search.index` (every save and delete of a searched record, and
    `manage.py rebuild_search_index`); drafts have no row. On PostgreSQL the table also has a
    `search_vector` column copied from the record's own stored vector (not a model field).
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("Events")
        STATEMENT = "statement", _("Joint statements")
        QUOTE = "quote", _("Quotes")
        SPEAKER = "speaker", _("Speakers")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    record_id = models.PositiveIntegerField(_("record number"))
    visible_from = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        help_text=_("Empty: public now. Otherwise the end of the embargo that still holds it."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    state = models.ForeignKey(
        "chairmanships.MemberState",
        verbose_name=_("member state"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The host state of the event; a speaker's own state."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        help_text=_("The languages the record can be read in, between spaces: “ en ru ”."),
    )
    topics = models.CharField(
        _("topics"),
        max_length=1000,
        blank=True,
        help_text=_("The numbers of its topics (an event's, for a quote), between spaces."),
    )
    weight = models.FloatField(_("rank weight"), default=1.0)
    text = models.TextField(
        _("searched text"),
        blank=True,
        help_text=_("Every searched field, lower case (SQLite only; PostgreSQL has a vector)."),
    )

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "kind", "record_id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["year", "state"], name="search_entry_year_state"),
            models.Index(fields=["state", "year"], name="search_entry_state_year"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.record_id}"
