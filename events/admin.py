"""The staff's admin for events, their documents, and partner organisations.

`EventAdmin` is the event's page without the records of the layer above: the statements
app builds the one registered event page from it, with the statements and quotes inlines
(statements/admin.py), so this layer never imports the one above it.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chairmanships.changes import ChangeNoteAdminMixin
from chairmanships.models import Chairmanship, Handover
from dialogue.records.concurrency import VersionedInlineMixin
from dialogue.records.editorial import (
    ParentAwareFormSet,
    PublicationAdminMixin,
    PublicationFilter,
    RecordAdmin,
    StableSlugMixin,
)
from dialogue.records.i18n import TranslatedAdmin, TranslatedStackedInline

from .models import EventDocument, EventPhoto, Organisation


@admin.register(Organisation)
class OrganisationAdmin(StableSlugMixin, RecordAdmin):
    list_display = ["name", "acronym", "url"]
    search_fields = ["name", "acronym"]
    fieldsets = [(None, {"fields": ["name", "slug", "acronym", "url"]})]


class EventDocumentInline(VersionedInlineMixin, admin.StackedInline):
    """Files attached on the event's page: checked by content, stored under a safe name."""

    model = EventDocument
    formset = ParentAwareFormSet
    fields = [
        ("title", "kind", "language", "position"),
        "file",
        "stored_file",
        ("caption", "alt_text"),
    ]
    readonly_fields = ["stored_file"]
    ordering = ["position", "pk"]
    extra = 0
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 40})}}

    @admin.display(description=_("stored as"))
    def stored_file(self, document):
        if not document.pk or not document.file:
            return _("Checked and stored when you save.")
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            document.url,
            document.filename,
            document.type_label,
            filesizeformat(document.size),
        )


class PhotoInput(forms.ClearableFileInput):
    """The file box without Django's "Currently: <link>", which would point at the storage's
    own address (not served); the preview beside it links to the photo through the site."""

    def is_initial(self, value):
        return False


class EventPhotoInline(VersionedInlineMixin, TranslatedStackedInline):
    """The event's gallery: each photo with a preview, its description, caption and credit."""

    model = EventPhoto
    formset = ParentAwareFormSet
    fields = [("preview", "image"), "alt_text", "caption", "credit", "position"]
    readonly_fields = ["preview"]
    ordering = ["position", "pk"]
    extra = 0
    verbose_name_plural = _("photos (the gallery on the event's page)")
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 60})},
        models.FileField: {
            "widget": PhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        },
    }

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return _("Shown here once you save.")
        thumbnail = photo.fallback()
        return format_html(
            '<a href="{}"><img src="{}" alt="" width="160" height="{}"></a><br>{} × {}',
            photo.url,
            thumbnail["url"],
            round(160 * photo.height / photo.width) if photo.width else 120,
            photo.width,
            photo.height,
        )


class EventAdmin(
    ChangeNoteAdminMixin, PublicationAdminMixin, StableSlugMixin, TranslatedAdmin, RecordAdmin
):
    slug_from = ("title",)
    list_display = [
        "title",
        "dates",
        "kind",
        "status",
        "publication",
        "city",
        "host_state",
        "chairmanship",
    ]
    list_filter = [PublicationFilter, "kind", "status", "host_state", "date_precision"]
    list_select_related = ["host_state", "chairmanship__state"]
    search_fields = ["title", "theme", "city", "venue", "summary"]
    date_hierarchy = "starts_on"  # cheap: the events' own indexed column
    show_full_result_count = False
    autocomplete_fields = [
        "host_state",
        "chairmanship",
        "announced_handover",
        "topics",
        "participating_states",
        "partner_organisations",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "theme"]}),
        (
            _("Publication"),
            {
                "fields": [("publication_status", "publish_at")],
                "description": _(
                    "A draft is seen by staff only. Statements and quotes of this event are "
                    "public only once the event is, and once they are published themselves."
                ),
            },
        ),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    "date_precision",
                    ("city", "venue"),
                    "host_state",
                ]
            },
        ),
        (_("The dialogue"), {"fields": ["chairmanship", "announced_handover"]}),
        (_("Who took part"), {"fields": ["participating_states", "partner_organisations"]}),
        (_("What it was about"), {"fields": ["summary", "topics"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]
    inlines = [EventPhotoInline, EventDocumentInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The chosen chairmanship and handover are shown by name, which includes their states.
        if db_field.name == "chairmanship":
            kwargs["queryset"] = Chairmanship.objects.select_related("state")
        elif db_field.name == "announced_handover":
            kwargs["queryset"] = Handover.objects.with_states()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, event):
        return event.dates
