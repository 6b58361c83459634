"""The staff's admin for joint statements, speakers and quotes.

Staff usually enter a conference from one press release: the event, its
statement, two or three quotes and the programme. So the event's page is registered
here, built from the events app's EventAdmin with these inlines (the events layer never
imports this one). Saving that page is one transaction: a refused row leaves nothing
half-saved.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from chairmanships.changes import ChangeNoteAdminMixin
from dialogue.records.concurrency import VersionedInlineMixin
from dialogue.records.editorial import (
    ParentAwareFormSet,
    PublicationAdminMixin,
    PublicationFilter,
    PublicationForm,
    PublicationInlineMixin,
    RecordAdmin,
    StableSlugInlineForm,
    StableSlugMixin,
)
from dialogue.records.i18n import TranslatedAdmin, TranslatedStackedInline
from dialogue.records.models import PublicationStatus
from dialogue.records.publishing import can_publish, publish_with_dependents
from events import admin as events_admin
from events.models import Event

from .models import JointStatement, Participation, Quote, Signatory, Speaker


class StatementFormSet(ParentAwareFormSet):
    """Check each statement against the event on the same page, even before it is saved.

    Django validates inline rows before the new event has a key, so the row does
    not know its event yet: hand it over, then let JointStatement.clean() decide.
    """

    def clean(self):
        super().clean()
        if self.instance.pk is not None or self.instance.starts_on is None:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            form.instance.event = self.instance
            try:
                form.instance.clean()
            except ValidationError as error:
                form.add_error(None, error)


class SignatoryInline(admin.TabularInline):
    """The people who signed, as the signed document lists them."""

    model = Signatory
    fields = ["order", "name", "position", "state", "person"]
    autocomplete_fields = ["state", "person"]
    extra = 0


class ParticipationInline(TranslatedStackedInline):
    """Who took part in the event: the person, their role, and the member state or the
    partner organisation they represented (one of the two, or neither)."""

    model = Participation
    fields = [("person", "role", "order"), "position_at_time", ("state", "organisation")]
    autocomplete_fields = ["person", "state", "organisation"]
    ordering = ["order", "pk"]
    extra = 0
    verbose_name = _("participant")
    verbose_name_plural = _("participants (people who took part)")


class StatementInlineForm(PublicationForm, StableSlugInlineForm):
    pass


class JointStatementInline(VersionedInlineMixin, PublicationInlineMixin, TranslatedStackedInline):
    model = JointStatement
    form = StatementInlineForm
    formset = StatementFormSet
    fields = [
        "title",
        "slug",
        "adopted_on",
        ("publication_status", "publish_at"),
        "summary",
        "text",
        "signatories",
        "topics",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["signatories", "topics"]
    extra = 0
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}


class QuoteForm(PublicationForm):
    class Meta:
        help_texts = {
            f"position_at_time_{code}": _(
                "The speaker's position on that day. Leave empty to use their current position."
            )
            for code in settings.MODELTRANSLATION_LANGUAGES
        }


class QuoteInline(VersionedInlineMixin, PublicationInlineMixin, TranslatedStackedInline):
    """Quotes on the event's page; choose the speaker, or add one with the “+” beside it."""

    model = Quote
    form = QuoteForm
    formset = ParentAwareFormSet
    fields = [
        ("speaker", "position_at_time"),
        ("text", "language"),
        "translation",
        "position",
        ("publication_status", "publish_at"),
    ]
    autocomplete_fields = ["speaker"]
    ordering = ["position", "pk"]
    extra = 0
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}


class DependentPublicationMixin(PublicationAdminMixin):
    """A statement or quote is public only once its event is: say so in the list."""

    def publication_note(self, obj):
        return obj.publication_summary if obj.is_public() else obj.why_not_public()


@admin.register(Event)
class EventAdmin(events_admin.EventAdmin):
    """The event page, with the statements adopted and the quotes said there, then its files."""

    inlines = [
        ParticipationInline,
        JointStatementInline,
        QuoteInline,
        *events_admin.EventAdmin.inlines,
    ]
    actions = [*events_admin.EventAdmin.actions, "publish_with_statements_and_quotes"]

    def has_publish_with_statements_and_quotes_permission(self, request):
        return all(can_publish(request.user, model) for model in (Event, JointStatement, Quote))

    @admin.action(
        description=_("Publish this event with its statements and quotes"),
        description_plural=_("Publish the selected events with their statements and quotes"),
        permissions=["publish_with_statements_and_quotes"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish_with_statements_and_quotes(self, request, queryset):
        """Publish each event and its draft statements and quotes (one transaction each);
        an embargo on the event holds them all back until it passes."""
        published = []

        def publish_event(event, *, by):
            changed, dependents = publish_with_dependents(event, by=by)
            published.extend(dependents)
            return changed

        self.set_publication(request, queryset, PublicationStatus.PUBLISHED, publish_event)
        for record in published:
            self.log_change(request, record, str(_("Published with its event")))
        if published:
            self.message_user(
                request,
                _("Published with them: %(records)s.")
                % {"records": ", ".join(f"“{record}”" for record in published)},
                messages.SUCCESS,
            )


@admin.register(JointStatement)
class JointStatementAdmin(
    ChangeNoteAdminMixin, DependentPublicationMixin, StableSlugMixin, TranslatedAdmin, RecordAdmin
):
    slug_from = ("title",)
    list_display = ["title", "event", "adopted", "publication"]
    list_filter = [PublicationFilter, "signatories", "topics", "event__kind"]
    list_select_related = ["event"]
    search_fields = ["title", "summary", "text", "event__title"]
    date_hierarchy = "adopted_on"
    autocomplete_fields = ["event", "signatories", "topics"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "slug", "event", "adopted_on"]}),
        (_("Publication"), {"fields": [("publication_status", "publish_at")]}),
        (_("Text"), {"fields": ["summary", "text"]}),
        (_("Signatories and topics"), {"fields": ["signatories", "topics"]}),
        (_("Signature"), {"fields": [("signed_at", "signed_on")]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]

    inlines = [SignatoryInline]

    @admin.display(description=_("adopted on"), ordering="adopted_on")
    def adopted(self, statement):
        return statement.adopted


@admin.register(Speaker)
class SpeakerAdmin(StableSlugMixin, TranslatedAdmin, RecordAdmin):
    list_display = ["name", "position", "organisation", "state", "quote_count"]
    list_filter = ["state"]
    list_select_related = ["state"]
    search_fields = ["name", "position", "organisation"]
    autocomplete_fields = ["state"]
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (_("Position"), {"fields": ["position", "organisation", "state", "profile_url"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]

    show_full_result_count = False

    def get_queryset(self, request):
        # A subquery, not Count("quotes") with GROUP BY, so that only the speakers on the page
        # are counted (on the archive: 0.5 s to a few ms). Ordered by pk too: stable pages.
        quotes = (
            Quote.objects.filter(speaker=OuterRef("pk"))
            .order_by()
            .values("speaker")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(quote_count=Coalesce(Subquery(quotes), 0))
            .order_by(*Speaker._meta.ordering, "pk")
        )

    @admin.display(description=_("quotes"), ordering="quote_count")
    def quote_count(self, speaker):
        return speaker.quote_count


@admin.register(Quote)
class QuoteAdmin(ChangeNoteAdminMixin, DependentPublicationMixin, TranslatedAdmin, RecordAdmin):
    form = QuoteForm
    list_display = ["speaker", "short_text", "event", "language", "publication"]
    list_display_links = ["short_text"]
    list_filter = [PublicationFilter, "language", "speaker__state"]
    list_select_related = ["speaker", "event"]
    search_fields = ["text", "speaker__name"]
    # No date_hierarchy: over the event's date it joins every quote to its event twice per
    # page (0.3 s on the archive, seconds with a search).
    autocomplete_fields = ["speaker", "event"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["speaker", "position_at_time", "event", "position"]}),
        (_("Publication"), {"fields": [("publication_status", "publish_at")]}),
        (_("Words"), {"fields": ["text", "language", "translation"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]

    def get_queryset(self, request):
        # A quote's name starts with its speaker's (change page, history, delete page). The
        # changelist skips list_select_related once the queryset selects any, so list both.
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("words"), ordering="text")
    def short_text(self, quote):
        return Truncator(quote.text).chars(80)
