"""The editorial workflow in the admin: history with revert and restore, and publishing.

Every ModelAdmin of a record derives from `RecordAdmin` (django-simple-history's
SimpleHistoryAdmin): each save in the admin is one history entry, with who, when and a
readable list of what changed; any earlier version can be restored from the record's
"History" page, and a deleted record from the list's "Deleted" page.

The admins of records with a publication status (events, statements, quotes) add
`PublicationAdminMixin`: only users with the model's "publish" permission (the
Publisher and Administrator roles, see dialogue/staff/roles.py) may change the status or the
embargo. For everyone else those fields are read-only, a forged POST that sets them is
refused with a message, and the "Publish" and "Unpublish" actions are not offered.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, ManyToManyField
from django.db.models.functions import Now
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from .concurrency import RecordChanged, VersionedAdminMixin
from .history import DELETED, hold_entry, write_held_entry
from .i18n import default_language_field
from .models import PublicationStatus, Publishable
from .publishing import PublicationRefused, can_publish, publish, unpublish

PUBLICATION_FIELDS = ("publication_status", "publish_at")
DELETED_LIST_LIMIT = 200


# Stable slugs -------------------------------------------------------------------------------


class StableSlugMixin:
    """Suggest the slug while adding; once saved it is read-only, so public URLs stay stable."""

    slug_from = ("name",)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None or not self.slug_from:
            return {}
        return {"slug": [default_language_field(self.model, name) for name in self.slug_from]}

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "slug") if obj is not None else readonly


class StableSlugInlineForm(forms.ModelForm):
    """In an inline each row is its own record: lock the slug of the rows already saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "slug" in self.fields:
            self.fields["slug"].disabled = True


# History ----------------------------------------------------------------------------------


class ReadableChanges(HistoricalRecordContextHelper):
    """Show a change in words staff read: choice labels, and "(empty)" for nothing."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(field, ManyToManyField):
            value = dict(field.flatchoices).get(value, value)
        else:
            value = super().prepare_delta_change_value(change, value)
        if value is None or value == "" or value == []:
            return _("(empty)")
        if hasattr(value, "isoformat"):  # a date or a date and time
            return formats.localize(timezone.localtime(value) if hasattr(value, "hour") else value)
        return value


class RecordAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """The admin of every record: one history entry per save, revert, and restore; a save
    based on an outdated version is refused (dialogue/records/concurrency.py)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # As SimpleHistoryAdmin does, but naming the related records to fetch: a bare
        # select_related() (a record with no foreign keys) is deprecated in Django 6.1.
        related = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *related
        )

    # One entry per save: the record, then its links, written once both are saved.

    def save_model(self, request, obj, form, change):
        hold_entry(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Save inline rows one by one, each with one history entry (links included)."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        for obj in instances:
            self.check_inline_publication(request, obj)
            hold_entry(obj)
            obj._history_user = request.user
            obj.save()
        formset.save_m2m()
        for obj in instances:
            write_held_entry(obj, user=request.user)

    def check_inline_publication(self, request, obj):
        """Keep an inline row's publication as stored unless the user may publish it."""
        if isinstance(obj, Publishable) and not can_publish(request.user, type(obj)):
            keep_publication(request, obj)

    def log_addition(self, request, obj, message):
        write_held_entry(obj, user=request.user, reason=self._history_reason(request))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        write_held_entry(obj, user=request.user, reason=self._history_reason(request))
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        obj._history_user = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one by one, so each deletion is kept in the history
            self.delete_model(request, obj)

    # Revert: restore an earlier version, its links (topics, signatories) included.

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._history_version_id = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _history_reason(self, request):
        version = self._version(request)
        if version is None:
            return None
        when = formats.date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
        return _("Restored the version of %(when)s") % {"when": when}

    def _version(self, request):
        version_id = getattr(request, "_history_version_id", None)
        if version_id is None or not has_history_model(self.model):
            return None
        return self.model.history.model.objects.filter(history_id=version_id).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version = self._version(request)
        if version is None:
            return form
        links = links_of_version(version)

        class VersionForm(form):
            """The form of an earlier version: its links are shown as they were then."""

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**links, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        VersionForm.__name__ = form.__name__
        return VersionForm

    # Deleted records, each with its history, from which it can be restored.

    def record_url_name(self, view):
        """The full name of one of this admin's URLs, e.g. "admin:events_event_history"."""
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "deleted_url": reverse(self.record_url_name("deleted")),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        history = self.model.history.model
        pk_name = self.opts.pk.attname
        still_there = self.model._default_manager.values(pk_name)
        deletions = (
            history.objects.filter(history_type=DELETED)
            .exclude(**{f"{pk_name}__in": still_there})
            .select_related("history_user")
            .order_by("-history_date")[:DELETED_LIST_LIMIT]
        )
        records, seen = [], set()
        for deletion in deletions:
            pk = getattr(deletion, pk_name)
            if pk in seen:
                continue
            seen.add(pk)
            deletion.history_url = reverse(self.record_url_name("history"), args=[pk])
            records.append(deletion)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "subtitle": None,
            "opts": self.opts,
            "records": records,
            "limit": DELETED_LIST_LIMIT,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/deleted_records.html", context)


def has_history_model(model):
    return hasattr(model, "_record_history")


def links_of_version(version):
    """The many-to-many links a historical version recorded, as form initial values."""
    links = {}
    for field in getattr(version, "_history_m2m_fields", ()):
        target = get_m2m_reverse_field_name(field)
        links[field.name] = [
            row[target] for row in getattr(version, field.name).values(target).order_by(target)
        ]
    return links


# Publication ------------------------------------------------------------------------------


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Drafts")),
            ("embargoed", _("Under embargo")),
            ("public", _("Public now")),
            ("hidden", _("Not public now")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(publication_status=PublicationStatus.DRAFT)
        if self.value() == "embargoed":
            return queryset.filter(
                publication_status=PublicationStatus.PUBLISHED, publish_at__gt=Now()
            )
        if self.value() == "public":
            return queryset.published()
        if self.value() == "hidden":
            return queryset.exclude(pk__in=queryset.published().values("pk"))
        return queryset


def publication_keys(form):
    """The POST keys through which `form` would set the publication fields."""
    keys = set()
    for name in PUBLICATION_FIELDS:
        keys.add(form.add_prefix(name))
    keys.update(f"{form.add_prefix('publish_at')}_{n}" for n in (0, 1))
    return keys


class PublicationForm(forms.ModelForm):
    """A form of a publishable record.

    Leaving the publication fields out of a POST leaves the publication as it is (or a
    draft, for a new record). A user who may not publish (`can_publish`, set by the
    admin for each request) never gets these fields, so a POST that sends them anyway
    is forged: it is refused and nothing is saved.
    """

    can_publish = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publication_status" in self.fields:
            self.fields["publication_status"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not self.can_publish and publication_keys(self) & set(self.data):
            raise ValidationError(
                _(
                    "Only a publisher can publish, unpublish or set an embargo, so nothing "
                    "was saved. Leave the publication as it is, or ask a publisher."
                ),
                code="publish_permission",
            )
        for name in PUBLICATION_FIELDS:
            field = self.fields.get(name)
            if field is not None and field.widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            ):
                cleaned_data[name] = getattr(self.instance, name)
        return cleaned_data


def keep_publication(request, obj):
    """Put back the stored publication of `obj` (a draft if new) and say so if it differed.

    The last guard for users who may not publish: whatever path set the fields (a
    restored version, a form that let them through), what is saved keeps the stored ones.
    """
    stored = None
    if obj.pk is not None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(*PUBLICATION_FIELDS).first()
    stored = stored or {"publication_status": PublicationStatus.DRAFT, "publish_at": None}
    if all(getattr(obj, name) == stored[name] for name in PUBLICATION_FIELDS):
        return
    for name in PUBLICATION_FIELDS:
        setattr(obj, name, stored[name])
    messages.warning(
        request,
        _(
            "Only a publisher can publish or unpublish: “%(record)s” was saved as %(state)s, "
            "as it was."
        )
        % {"record": obj, "state": obj.publication_summary},
    )


class PublicationInlineMixin:
    """An inline of publishable rows: their publication is read-only without the right."""

    form = PublicationForm

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public() else None

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if can_publish(request.user, self.model):
            return readonly
        return (*readonly, *PUBLICATION_FIELDS)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.can_publish = can_publish(request.user, self.model)
        return formset


class PublicationAdminMixin:
    """The admin of a publishable record: publication fields, actions, preview and guards."""

    form = PublicationForm
    radio_fields = {"publication_status": admin.HORIZONTAL}
    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.has_publish_permission(request):
            return readonly
        return (*readonly, *PUBLICATION_FIELDS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            keep_publication(request, obj)
        super().save_model(request, obj, form, change)

    # Seeing it as the public will: "View on site" once public, "Preview" before.

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public() else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and not obj.is_public():
            context["preview_url"] = f"{obj.get_absolute_url()}?preview=1"
            context["publication_note"] = self.publication_note(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("publication"), ordering="publication_status")
    def publication(self, obj):
        return self.publication_note(obj)

    def publication_note(self, obj):
        """The record's publication in words, including why a published one is not public."""
        return obj.publication_summary

    # Publishing and unpublishing, from the list or from the record's own page: thin callers
    # of the publishing service (dialogue/records/publishing.py).

    @admin.action(
        description=_("Publish this %(verbose_name)s"),
        description_plural=_("Publish the selected %(verbose_name_plural)s"),
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish(self, request, queryset):
        self.set_publication(request, queryset, PublicationStatus.PUBLISHED)

    @admin.action(
        description=_("Unpublish this %(verbose_name)s (back to draft)"),
        description_plural=_("Unpublish the selected %(verbose_name_plural)s (back to draft)"),
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def unpublish(self, request, queryset):
        self.set_publication(request, queryset, PublicationStatus.DRAFT)

    def set_publication(self, request, queryset, status, service=None):
        """Publish or unpublish each record through the service, each by a save of its own
        (so each keeps its history); returns the records that changed."""
        if service is None:
            service = publish if status == PublicationStatus.PUBLISHED else unpublish
        changed, refused = [], []
        for obj in queryset:
            try:
                if not service(obj, by=request.user):
                    continue
            except PublicationRefused as refusal:
                refused.append(obj)
                self.message_user(
                    request,
                    _("“%(record)s” was not published: %(problems)s")
                    % {"record": obj, "problems": refusal},
                    messages.ERROR,
                )
                continue
            except RecordChanged:  # saved by someone else between this page's read and write
                refused.append(obj)
                self.message_user(
                    request,
                    _(
                        "“%(record)s” was changed by someone else just now and was left as "
                        "they saved it: look at it, then try again."
                    )
                    % {"record": obj},
                    messages.ERROR,
                )
                continue
            self.log_change(request, obj, str(obj.publication_summary))
            changed.append(obj)
        if changed:
            self.message_user(request, self.publication_message(changed, status), messages.SUCCESS)
        elif not refused:
            self.message_user(request, _("Nothing needed to change."), messages.INFO)
        return changed

    def publication_message(self, changed, status):
        names = ", ".join(f"“{obj}”" for obj in changed)
        if status == PublicationStatus.DRAFT:
            return ngettext(
                "Unpublished (back to draft): %(names)s.",
                "Unpublished (back to draft): %(names)s.",
                len(changed),
            ) % {"names": names}
        embargoed = [obj for obj in changed if obj.is_embargoed]
        message = ngettext("Published: %(names)s.", "Published: %(names)s.", len(changed)) % {
            "names": names
        }
        for obj in embargoed:
            message += " " + str(
                _("“%(record)s” stays hidden until %(when)s (embargo).")
                % {
                    "record": obj,
                    "when": formats.date_format(
                        timezone.localtime(obj.publish_at), "DATETIME_FORMAT"
                    ),
                }
            )
        return message


# Inline rows that need their parent as entered on the same page.


class ParentAwareFormSet(BaseInlineFormSet):
    """Give each row its parent record as entered on this page (e.g. its new status).

    A POST without this inline's management form (a page or script that does not show
    this section) changes none of its rows, rather than being refused as tampered with.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        setattr(form.instance, self.fk.name, self.instance)
        return form

    @cached_property
    def management_form(self):
        if self.is_bound and self.add_prefix(TOTAL_FORM_COUNT) not in self.data:
            form = ManagementForm(
                {self.add_prefix(TOTAL_FORM_COUNT): 0, self.add_prefix(INITIAL_FORM_COUNT): 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,
            )
            form.full_clean()
            return form
        return super().management_form
