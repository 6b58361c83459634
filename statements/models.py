"""What the dialogue said: joint statements, speakers and their quotes."""

from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least, Now, NullIf
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from chairmanships.models import MemberState, Topic
from dialogue.records.citations import csl_date, organisation
from dialogue.records.concurrency import Versioned
from dialogue.records.history import RecordHistory
from dialogue.records.i18n import dialogue_name
from dialogue.records.memo import record_url
from dialogue.records.models import (
    ALWAYS,
    NEVER,
    Language,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SourcedRecord,
    embargo_index,
    format_date,
    public_since,
    publication_status_constraint,
    slug_field,
)
from events.models import Event, Organisation


class HeldAtEvent(Versioned, Publishable, SourcedRecord):
    """A record made at an event (a statement, a quote): public only once the event is too."""

    public_parent = "event"
    parent_not_public = _("published, but its event is not public yet")

    class Meta:
        abstract = True


class JointStatementQuerySet(PublishableQuerySet):
    def for_listing(self) -> Self:
        return self.select_related("event")

    def for_detail(self) -> Self:
        return self.for_listing().prefetch_related("signatories", "topics")

    def with_topics(self) -> Self:
        return self.prefetch_related("topics")

    def public_listing(self) -> Self:
        """Public statements, newest first, for any list (pages, feeds, API, exports)."""
        return self.published().for_listing().order_by("-adopted_on", "title", "pk")

    def public_detail(self) -> Self:
        """`public_listing` with the signatories and topics each shows."""
        return self.public_listing().prefetch_related("signatories", "topics")


class JointStatement(HeldAtEvent):
    """A statement adopted jointly at an event, with the member states that signed it."""

    title = models.CharField(_("title"), max_length=300)
    slug = slug_field(max_length=200)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("adopted at"),
    )
    adopted_on = models.DateField(
        _("adopted on"), help_text=_("Must fall within the event's dates.")
    )
    text = models.TextField(
        _("full text"),
        blank=True,
        help_text=_("The statement word for word. Leave empty if only a summary is known."),
    )
    summary = models.TextField(_("summary"), blank=True)
    signatories = models.ManyToManyField(
        MemberState,
        blank=True,
        related_name="statements_signed",
        verbose_name=_("signatory states"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="statements", verbose_name=_("topics")
    )
    signed_at = models.CharField(
        _("place of signature"),
        max_length=200,
        blank=True,
        help_text=_("As the signed document gives it, e.g. Astana."),
    )
    signed_on = models.DateField(
        _("date of signature"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it is the adoption date or unknown."),
    )

    objects = JointStatementQuerySet.as_manager()
    history = RecordHistory(m2m_fields=["signatories", "topics"])

    class Meta:
        ordering = ["-adopted_on", "title"]
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")
        get_latest_by = "adopted_on"
        permissions = [("publish_jointstatement", _("Can publish and unpublish joint statements"))]
        constraints = [
            publication_status_constraint(
                "jointstatement", _("A statement is either a draft or published.")
            ),
        ]
        indexes = [
            # Lists and the admin, newest first.
            models.Index(F("adopted_on").desc(), "title", name="statement_date_idx"),
            # Counts and the year counts of the public lists: an index-only scan of this small
            # index, not a read of every (long) statement.
            models.Index(
                "publish_at",
                "event",
                "adopted_on",
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="statement_public_count_idx",
            ),
            embargo_index("statement"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("statements:statement_detail", slug=self.slug)

    def csl_item(self):
        """The statement as a CSL-JSON item, for citations (`dialogue.records.citations`):
        by the states that signed it (or the dialogue, if none is recorded)."""
        authors = [state.official_name or state.name for state in self.signatories.all()]
        return {
            "type": "document",
            "genre": str(_("Joint statement")),
            "title": self.title,
            "author": [organisation(name) for name in authors or [dialogue_name()]],
            "issued": csl_date(self.adopted_on, self.event.date_precision),
            "event-title": self.event.title,
            "event-place": self.event.place,
            "publisher": dialogue_name(),
            "abstract": self.summary,
        }

    @property
    def adopted(self):
        """The adoption date, no more precise than the event's."""
        return format_date(self.adopted_on, self.event.date_precision)

    def clean(self):
        # The event may be unsaved yet (entered on the same admin page): use it all the same.
        event = self._state.fields_cache.get("event") or (self.event if self.event_id else None)
        if self.adopted_on is None or event is None or event.starts_on is None:
            return
        if not event.starts_on <= self.adopted_on <= event.last_day:
            raise ValidationError(
                {
                    "adopted_on": _(
                        "A statement is adopted during its event: %(event)s runs %(dates)s."
                    )
                    % {"event": event, "dates": event.dates}
                }
            )


class Signatory(models.Model):
    """A person who signed a joint statement, for a member state, as the signed document
    names them (the states themselves are the statement's `signatories`)."""

    statement = models.ForeignKey(
        JointStatement,
        on_delete=models.CASCADE,
        related_name="signing_people",
        verbose_name=_("joint statement"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("As on the signed document; lower numbers first.")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"),
        max_length=300,
        blank=True,
        help_text=_("The position held when signing, e.g. Chairperson of the Senate."),
    )
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for"),
        help_text=_("The member state the person signed for."),
    )
    person = models.ForeignKey(
        "Speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("person"),
        help_text=_(
            "The person's record, if they have one: the statement is then listed on their page."
        ),
    )

    history = RecordHistory()

    class Meta:
        ordering = ["statement", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.statement.get_absolute_url() + "#signatures"


class SpeakerQuerySet(models.QuerySet):
    def published(self) -> Self:
        """People the public may see (see `public_since_by_rule`), read from the column
        `statements.visibility.refresh_speaker_visibility` keeps: one indexed comparison
        instead of a search through every person's quotes, participations and signatures."""
        return self.filter(public_since__lte=Now())

    @staticmethod
    def public_since_by_rule():
        """The rule of which people are public, as the moment each turns public (NULL: not
        yet): everyone with a public quote, a participation in a public event or a signature
        of a public statement (from the earliest of these), and anyone not linked to any
        record yet. Someone linked only to drafts (quoted, taking part or signing) stays
        hidden until one of those is public, so an embargoed conference does not show who
        spoke at or attended it; an embargo's end makes them public with no write. The one
        place that decides; `published()` reads the column this fills
        (`statements.visibility`), which a new rule only needs to refill.
        """
        quotes = Quote.objects.filter(speaker=OuterRef("pk")).order_by()
        participations = Participation.objects.filter(person=OuterRef("pk")).order_by()
        signatures = Signatory.objects.filter(person=OuterRef("pk")).order_by()

        def earliest(links, moment):
            # The earliest moment one of these links turns public, or NEVER (not yet).
            found = (
                links.annotate(moment=moment)
                .filter(moment__isnull=False)
                .order_by("moment")
                .values("moment")[:1]
            )
            return Coalesce(Subquery(found), Value(NEVER))

        # Least() is NULL on SQLite if any argument is: hence NEVER for "none", then NULL.
        first = Least(
            earliest(quotes, public_since(Quote)),
            earliest(participations, public_since(Event, "event__")),
            earliest(signatures, public_since(JointStatement, "statement__")),
        )
        unlinked = ~Exists(quotes) & ~Exists(participations) & ~Exists(signatures)
        return Case(
            When(unlinked, then=Value(ALWAYS)),
            default=NullIf(first, Value(NEVER)),
            output_field=models.DateTimeField(),
        )

    def public_listing(self) -> Self:
        """Public people by name, with their state, for any list (pages, API, exports)."""
        return self.published().select_related("state").order_by("name", "pk")


class Speaker(Versioned, SourcedRecord):
    """A person in the record: quoted, taking part in events or signing statements, with
    the position they hold now. (The model keeps its first name: speakers came first.)"""

    name = models.CharField(_("name"), max_length=200)
    slug = slug_field(max_length=200)
    position = models.CharField(
        _("current position"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Member of the Mazhilis, the Lower House of the Kazakh Parliament."),
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("state"),
    )
    profile_url = models.URLField(
        _("official profile"),
        blank=True,
        max_length=500,
        help_text=_(
            "Web address of the person's official page (a parliament's, a ministry's), if any."
        ),
    )
    public_since = models.DateTimeField(
        _("public since"),
        null=True,
        blank=True,
        default=ALWAYS,
        editable=False,
        help_text=_(
            "When the public can first see this person: at once if linked to no record "
            "yet, else with their first public quote, participation or signature. Kept up "
            "to date by every change of those and of their events and statements; empty "
            "while they are linked only to drafts."
        ),
    )

    objects = SpeakerQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="speaker_name_idx")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("statements:speaker_detail", slug=self.slug)

    def is_public(self):
        return Speaker.objects.published().filter(pk=self.pk).exists()

    def why_not_public(self):
        return _("linked only to records that are not public yet")


REPRESENTS_ONE = _(
    "A participant represents a member state or a partner organisation, not both: "
    "clear one of the two."
)


class ParticipationQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Participations in public events: the only ones the public sees."""
        return self.filter(event__in=Event.objects.published())

    def public_listing(self) -> Self:
        """Public participations, newest event first, with whom each represented."""
        return (
            self.published()
            .select_related("person", "event", "state", "organisation")
            .order_by("-event__starts_on", "event", "order", "pk")
        )


class Participation(models.Model):
    """A person taking part in an event: their role there, and the member state or the
    partner organisation they represented (at most one; neither if they came on their own)."""

    class Role(models.TextChoices):
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        OBSERVER = "observer", _("Observer")
        PARTICIPANT = "participant", _("Participant")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("event"),
    )
    person = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("person"),
        help_text=_("Choose the person, or add them with the “+” beside the field."),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role, default=Role.PARTICIPANT)
    position_at_time = models.CharField(
        _("position at the event"),
        max_length=300,
        blank=True,
        help_text=_("As the source gives it, e.g. Chairperson of the Senate. May be left empty."),
    )
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("represented state"),
        help_text=_("The member state the person represented, if any."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("represented organisation"),
        help_text=_("The partner organisation the person represented, if any (not with a state)."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    objects = ParticipationQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__isnull=True) | Q(organisation__isnull=True),
                name="participation_represents_one",
                violation_error_message=REPRESENTS_ONE,
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                name="participation_once_per_event",
                violation_error_message=_("This person is already listed at this event."),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "event"], name="participation_person_idx"),
            models.Index(fields=["organisation"], name="participation_org_idx"),
            models.Index(fields=["state"], name="participation_state_idx"),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}"

    def get_absolute_url(self):
        return self.person.get_absolute_url()

    @property
    def represented(self):
        """The member state or organisation represented, or None."""
        return self.state or self.organisation

    def clean(self):
        if self.state_id and self.organisation_id:
            raise ValidationError({"organisation": REPRESENTS_ONE})


class QuoteQuerySet(PublishableQuerySet):
    def for_listing(self) -> Self:
        return self.select_related("speaker", "event")

    def public_listing(self) -> Self:
        """Public quotes (said at a public event), newest event first, for any list."""
        return self.published().for_listing().order_by(*Quote._meta.ordering)


class Quote(HeldAtEvent):
    """What a speaker said at an event, word for word, in the language it was said in."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("speaker")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("said at")
    )
    text = models.TextField(_("words"), help_text=_("Exactly as said (or as the source gives it)."))
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language,
        default=Language.ENGLISH,
        help_text=_("The language of the words as the source gives them."),
    )
    translation = models.TextField(
        _("translation"),
        blank=True,
        help_text=_(
            "The words translated into this language, shown beside the original. "
            "Leave empty if the source gives no translation."
        ),
    )
    position_at_time = models.CharField(
        _("position when speaking"),
        max_length=300,
        blank=True,
        help_text=_("The speaker's position on that day; kept even when their position changes."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = QuoteQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        ordering = ["-event__starts_on", "event", "position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        permissions = [("publish_quote", _("Can publish and unpublish quotes"))]
        constraints = [
            publication_status_constraint("quote", _("A quote is either a draft or published.")),
        ]
        indexes = [
            # An event's quotes in their order (the event page, the home page's latest quote).
            models.Index(fields=["event", "position", "id"], name="quote_event_order_idx"),
            # Counting the public quotes (a page ahead of the list, see CappedPaginator): an
            # index-only scan joined to the public events, not a look-up per quote.
            models.Index(
                "publish_at",
                "event",
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="quote_public_count_idx",
            ),
            embargo_index("quote"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{self.speaker}: “{words}”"

    def get_absolute_url(self):
        return record_url("statements:quote_detail", pk=self.pk)

    def csl_item(self):
        """The quote as a CSL-JSON item (a speech), for citations: the speaker, the first
        words as the title, and the position held that day as a note."""
        event = self.event
        return {
            "type": "speech",
            "title": Truncator(self.text).words(12),
            "author": [organisation(self.speaker.name)],
            "issued": csl_date(event.starts_on, event.date_precision),
            "event-title": event.title,
            "event-place": event.place,
            "publisher": dialogue_name(),
            "note": self.position_at_time,
            "language": self.language,
        }

    @staticmethod
    def missing_translation(language):
        """Quotes lacking `language` (see dialogue.records.i18n): said in another language
        and not translated into it. The words themselves are never translated."""
        field = f"translation_{language}"
        return ~Q(language=language) & (Q(**{f"{field}__isnull": True}) | Q(**{field: ""}))

    def position_columns(self):
        """The position at the time's column in each language: {"en": "position_at_time_en"…}."""
        return {
            code: build_localized_fieldname("position_at_time", code)
            for code in settings.MODELTRANSLATION_LANGUAGES
        }

    def speaker_position_changed(self):
        """Whether the speaker holds another position now than when speaking (compared in
        the default language, the one every position is written in)."""
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        then = getattr(self, build_localized_fieldname("position_at_time", default))
        now = getattr(self.speaker, build_localized_fieldname("position", default))
        return bool(then and now and then != now)

    def clean(self):
        columns = self.position_columns()
        if self.speaker_id and not any(getattr(self, column) for column in columns.values()):
            # Left empty: the speaker's position as it stands, in every language it has.
            for code, column in columns.items():
                position = getattr(self.speaker, build_localized_fieldname("position", code))
                setattr(self, column, position or "")
