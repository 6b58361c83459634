"""Events of the dialogue: conferences, meetings, forums, who took part, and their files."""

from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from chairmanships.models import Chairmanship, Handover, MemberState, Topic
from dialogue.records.citations import csl_date, organisation
from dialogue.records.concurrency import Versioned
from dialogue.records.history import RecordHistory
from dialogue.records.i18n import dialogue_name
from dialogue.records.memo import record_url
from dialogue.records.models import (
    DatePrecision,
    Language,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SourcedRecord,
    embargo_index,
    format_period,
    publication_status_constraint,
    slug_field,
)

from .documents import DOCUMENT_TYPES, detect_type, document_upload_to, validate_document_file
from .photos import MIME_TYPES, RENDITION_FORMATS, prepare_photo, validate_photo_file


class OrganisationQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Organisations the public may see: partners of a public event or represented at
        one, and any not yet linked to an event. One linked only to drafts or embargoed
        events stays hidden, so its page does not announce an event before the event's own
        page does."""
        events = Event.objects.filter(partner_organisations=OuterRef("pk"))
        # The people who represented it at events are the statements layer's records
        # (`Participation`), reached through the relation, never imported.
        participations = self.model._meta.get_field("participations").related_model
        represented = participations.objects.filter(organisation=OuterRef("pk"))
        return self.filter(
            Exists(events.published())
            | Exists(represented.filter(event__in=Event.objects.published()))
            | (~Exists(events) & ~Exists(represented))
        )

    def public_listing(self) -> Self:
        """Public organisations by name, for any list (pages, API, exports)."""
        return self.published().order_by("name", "pk")


class Organisation(Versioned):
    """A partner organisation taking part in events (a UN agency, an NGO, a parliament)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = slug_field(max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, help_text=_("e.g. UNDP."))
    url = models.URLField(_("web address"), blank=True, max_length=500)

    objects = OrganisationQuerySet.as_manager()
    history = RecordHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return record_url("organisations:organisation_detail", slug=self.slug)

    def is_public(self):
        return Organisation.objects.published().filter(pk=self.pk).exists()

    def save(self, *args, **kwargs):
        # Records made outside the admin (imports, the shell) get a web address name too.
        if not self.slug:
            self.slug = unique_slug(Organisation, self.acronym or self.name, exclude=self.pk)
        super().save(*args, **kwargs)


def unique_slug(model, text, *, exclude=None):
    """A slug made from `text`, numbered (-2, -3...) if another `model` record has it."""
    base = slugify(text)[:190] or "organisation"
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exclude(pk=exclude).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class EventQuerySet(PublishableQuerySet):
    def for_listing(self) -> Self:
        return self.select_related("host_state", "chairmanship__state")

    def for_detail(self) -> Self:
        return (
            self.for_listing()
            .select_related(
                "announced_handover__outgoing__state", "announced_handover__incoming__state"
            )
            .prefetch_related("topics", "participating_states", "partner_organisations")
        )

    def for_page(self) -> Self:
        """`for_detail`, and whether each event has documents, for the event's own page.

        Only an event with documents costs the query that lists them.
        """
        return self.for_detail().annotate(
            has_documents=Exists(EventDocument.objects.filter(event=OuterRef("pk"))),
            has_photos=Exists(EventPhoto.objects.filter(event=OuterRef("pk"))),
        )

    def with_topics(self) -> Self:
        return self.prefetch_related("topics")

    def taking_part(self, state) -> Self:
        """Events `state` hosted or took part in. The participants are a subquery, not a
        join that would repeat events and need a DISTINCT over the whole list."""
        attended = Event.participating_states.through.objects.filter(memberstate=state)
        return self.filter(Q(host_state=state) | Q(pk__in=attended.values("event_id")))

    def public_listing(self) -> Self:
        """Public events, newest first, for any list (pages, feeds, calendars, API, exports)."""
        return self.published().for_listing().order_by("-starts_on", "title", "pk")

    def public_detail(self) -> Self:
        """`public_listing` with the topics, participants and handover each event shows."""
        return self.published().for_detail().order_by("-starts_on", "title", "pk")


class Event(Versioned, Publishable, SourcedRecord):
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
    slug = slug_field(max_length=200)
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
    history = RecordHistory(m2m_fields=["topics", "participating_states", "partner_organisations"])
    # The end date is what staff correct when the dates are the wrong way round.
    constraint_fields = {"event_ends_after_start": "ends_on"}

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        get_latest_by = "starts_on"
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        constraints = [
            publication_status_constraint("event", _("An event is either a draft or published.")),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on"]),
            # The public lists (newest first, by their ordering) read only published events.
            models.Index(
                F("starts_on").desc(),
                "title",
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="event_published_idx",
            ),
            # Counts and the year list of the public lists, and the published events that
            # statements and quotes are counted through: an index-only scan of this small
            # index instead of reading every row of the (wide) table.
            models.Index(
                "publish_at",
                "starts_on",
                "id",
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="event_public_count_idx",
            ),
            # A chairmanship's and a host state's page list their newest published events:
            # read in order from here, not by walking every event newest first.
            models.Index(
                "chairmanship",
                F("starts_on").desc(),
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="event_chair_published_idx",
            ),
            models.Index(
                "host_state",
                F("starts_on").desc(),
                condition=Q(publication_status=PublicationStatus.PUBLISHED),
                name="event_state_published_idx",
            ),
            embargo_index("event"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("events:event_detail", slug=self.slug)

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def place(self):
        """The city and host state, as a citation names the place."""
        return ", ".join(str(part) for part in (self.city, self.host_state) if part)

    def csl_item(self):
        """The event's record as a CSL-JSON item, for citations (`dialogue.records.citations`)."""
        return {
            "type": "event",
            "title": self.title,
            "author": [organisation(dialogue_name())],
            "issued": csl_date(self.starts_on, self.date_precision),
            "event-place": self.place,
            "publisher": dialogue_name(),
            "abstract": self.theme or self.summary,
        }

    def publication_problems(self):
        """What must be fixed before the event can be published: messages, or none."""
        undescribed = [
            document.title
            for document in self.documents.all()
            if document.is_image and not document.alt_text.strip()
        ]
        if undescribed:
            return [
                _(
                    "describe each image for people who cannot see it first (in its "
                    "document: %(titles)s)."
                )
                % {"titles": ", ".join(undescribed)}
            ]
        return []

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


class EventDocument(Versioned):
    """A file attached to an event: its programme, agenda, list of participants, a photo..."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        AGENDA = "agenda", _("Agenda")
        PARTICIPANTS = "participants", _("List of participants")
        PHOTO = "photo", _("Photo")
        STATEMENT = "statement", _("Statement (PDF)")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="documents", verbose_name=_("event")
    )
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=255,
        validators=[validate_document_file],
        help_text=_(
            "PDF, Word (DOCX), PNG, JPEG or WebP. The file is checked by its content and "
            "stored under a safe name of its own."
        ),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("As the public should see it, e.g. “Programme”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language,
        blank=True,
        help_text=_("The language of the document's text. Leave empty for a photo."),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown with a photo, e.g. who is in it and where."),
    )
    alt_text = models.CharField(
        _("description for people who cannot see the image"),
        max_length=300,
        blank=True,
        help_text=_(
            "Required for images before the event is published: say what the photo shows, "
            "e.g. “Delegates of the five states at the conference table”."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )
    content_type = models.CharField(
        _("file type"), max_length=100, editable=False, help_text=_("Found from the content.")
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)

    history = RecordHistory()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.inspect_file()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @property
    def filename(self):
        """The stored file's own name, without its folder."""
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def url(self):
        """The file's address: served by `events.files`, which keeps a draft's files private."""
        return reverse("event_document", args=[self.pk, self.filename])

    @property
    def document_type(self):
        return DOCUMENT_TYPES.get(self.content_type)

    @property
    def type_label(self):
        kind = self.document_type
        return kind.label if kind else self.content_type

    @property
    def is_image(self):
        kind = self.document_type
        return bool(kind and kind.is_image)

    def inspect_file(self):
        """Fill in the type and size from a newly uploaded file."""
        if self.file and not getattr(self.file, "_committed", True):
            kind = detect_type(self.file.file)
            self.content_type = kind.mime if kind else ""
            self.size = self.file.file.size

    def clean(self):
        self.inspect_file()
        if not self.content_type:
            return  # the file's own error says what to fix
        if self.kind == self.Kind.PHOTO and not self.is_image:
            raise ValidationError(
                {"kind": _("A photo must be a PNG, JPEG or WebP image; choose another kind.")}
            )
        # The event may be unsaved yet, or being published on the same page: use it as it is.
        event = self._state.fields_cache.get("event") or (self.event if self.event_id else None)
        if (
            self.is_image
            and not self.alt_text.strip()
            and event is not None
            and event.publication_status == PublicationStatus.PUBLISHED
        ):
            raise ValidationError(
                {
                    "alt_text": _(
                        "Describe the image for people who cannot see it: the event is "
                        "published, so every image needs this description."
                    )
                }
            )


class EventPhoto(Versioned):
    """A photo of an event, shown in the gallery on its page, with its caption and credit.

    The stored image is a clean copy of the upload (no location or other metadata); the
    renditions (several widths, WebP and JPEG) are made when it is saved (`events.photos`).
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = models.FileField(
        _("photo"),
        upload_to="events/photos/",
        max_length=255,
        validators=[validate_photo_file],
        help_text=_(
            "JPEG, PNG or WebP, checked by its content. Location and camera data are "
            "removed, and smaller versions are made for phones."
        ),
    )
    alt_text = models.CharField(
        _("description for people who cannot see the photo"),
        max_length=300,
        help_text=_(
            "Required. Say what the photo shows, e.g. “Delegates of the five states at "
            "the conference table”."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the photo, e.g. who is in it and where."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Who took the photo or owns it, e.g. “Press service of the Senate”."),
    )
    position = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Lower numbers come first; the first is the page's image when shared."),
    )
    width = models.PositiveIntegerField(_("width in pixels"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height in pixels"), default=0, editable=False)
    renditions = models.JSONField(
        _("renditions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The smaller versions made of the photo."),
    )

    history = RecordHistory()

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self):
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        prepare_photo(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    def file_url(self, name):
        """The address of one of the photo's files, served through `events.files`."""
        return reverse("event_photo", args=[self.pk, name.rsplit("/", 1)[-1]])

    @property
    def url(self):
        return self.file_url(self.image.name)

    def stored_name(self, filename):
        """The stored name of this photo's file called `filename` (original or rendition)."""
        for name in [self.image.name, *(r["name"] for r in self.renditions)]:
            if name and name.rsplit("/", 1)[-1] == filename:
                return name
        return None

    def content_type_of(self, filename):
        return MIME_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")

    def sources(self):
        """The renditions by format, best first: [(mime, srcset)], for a <picture>."""
        found = []
        for kind in RENDITION_FORMATS:
            srcset = ", ".join(
                f"{self.file_url(r['name'])} {r['width']}w"
                for r in self.renditions
                if r["format"] == kind
            )
            if srcset:
                found.append((MIME_TYPES[kind], srcset))
        return found

    def _jpeg(self, pick):
        jpegs = [r for r in self.renditions if r["format"] == "jpg"]
        if not jpegs:
            return {"url": self.url, "width": self.width, "height": self.height}
        best = pick(jpegs)
        return {
            "url": self.file_url(best["name"]),
            "width": best["width"],
            "height": best["height"],
        }

    def fallback(self):
        """The JPEG rendition nearest 960 pixels wide (the original if there is none)."""
        return self._jpeg(lambda jpegs: min(jpegs, key=lambda r: abs(r["width"] - 960)))

    def largest_jpeg(self):
        """The widest JPEG rendition, for a social card (the original if there is none)."""
        return self._jpeg(lambda jpegs: max(jpegs, key=lambda r: r["width"]))
