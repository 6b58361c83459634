"""Lost-update protection: two staff editing one record cannot overwrite each other unseen.

Every content model derives from `Versioned`: a `version` number that each save of a
stored record checks and raises in the same UPDATE statement
(`UPDATE ... SET ..., version = n + 1 WHERE id = ... AND version = n`). If another save got
there first, nothing is written and `RecordChanged` is raised. The database decides, so
this holds between threads, processes and app servers alike: of two saves made from the
same version, exactly one wins.

In the admin, `VersionedAdminMixin` (the record's page) and `VersionedInlineMixin` (rows
edited on another record's page) put the version the editor loaded in a hidden field. A
form sent from an older version is refused with a message naming who saved in between and
linking to the record's history; the form comes back with everything the editor typed,
now based on the current version, so saving again is a deliberate choice to replace it.
A POST without the field (a script, a page from before this change) is not checked.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dialogue.records.constraints import ConstraintErrorsBesideFields
from dialogue.records.text import PlainTextFields

VERSION_FIELD = "loaded_version"


class RecordChanged(Exception):
    """The record was saved by someone else since this copy of it was loaded."""

    def __init__(self, record):
        super().__init__(f"{type(record).__name__} {record.pk} changed since it was loaded")
        self.record = record


class Versioned(PlainTextFields, ConstraintErrorsBesideFields, models.Model):
    """A record whose saves are refused if it changed since it was loaded (see module doc).
    Its text fields refuse control characters (`dialogue.records.text`), and a constraint
    named in `constraint_fields` reports beside its field (`dialogue.records.constraints`)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args):
        # A record being added (including one loaded by `loaddata`) is written as it is.
        if self._state.adding:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, *args
            )
        expected = self.version
        field = self._meta.get_field("version")
        values = [value for value in values if value[0] is not field]
        values.append((field, None, expected + 1))
        updated = super()._do_update(
            base_qs.filter(version=expected),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
            *args,
        )
        if updated:
            self.version = expected + 1
        elif base_qs.filter(pk=pk_val).exists():
            raise RecordChanged(self)
        return updated


def history_url(record):
    """The admin page listing `record`'s saves, or None if it has none."""
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    except NoReverseMatch:
        return None


def conflict_message(record, shown_in=None):
    """Who saved `record` in between and where to see it, as an error message (HTML).

    A row with no admin page of its own (a priority) links to the history of the record
    it is shown in (its chairmanship).
    """
    latest = record.history.select_related("history_user").first()
    if latest is None:
        saved_by = _("Someone else saved “%(record)s” while you were editing it.") % {
            "record": record
        }
    else:
        saved_by = _("%(user)s saved “%(record)s” at %(when)s, while you were editing it.") % {
            "user": latest.history_user or _("Someone else"),
            "record": record,
            "when": formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT"),
        }
    advice = _(
        "Nothing was saved. What you entered is still below: compare it with their version, "
        "then save again to replace it with yours, or reload the page to start from theirs."
    )
    url = history_url(record) or (shown_in and history_url(shown_in))
    if url is None:
        return format_html("{} {}", saved_by, advice)
    return format_html(
        '{} {} <a href="{}">{}</a>', saved_by, advice, url, _("See what they changed.")
    )


class VersionCheckedForm(forms.ModelForm):
    """A form of a stored record that refuses to save over a version it was not based on."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.current_version()

    def current_version(self):
        """The stored version: the admin has just loaded the record (or row) from the
        database. A revert page's record is an old version, but django-simple-history
        gives it the fields left out of the history, the version among them, as stored now."""
        return self.instance.version

    def shown_in(self):
        """The record whose page shows this form as an inline row, if any."""
        return getattr(self.instance, self.parent_field, None) if self.parent_field else None

    parent_field = None

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get(VERSION_FIELD)
        if self.instance.pk is None or loaded is None:
            return cleaned_data
        current = self.current_version()
        if current is not None and loaded != current:
            # Saving again from the returned form replaces the current version on purpose.
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = current
            raise ValidationError(
                conflict_message(self.instance, self.shown_in()), code="record_changed"
            )
        self.instance.version = loaded
        return cleaned_data


def version_checked(form_class, **attrs):
    """`form_class` with the hidden version field and its check (composes with any form)."""
    bases = (
        (form_class,)
        if issubclass(form_class, VersionCheckedForm)
        else (
            VersionCheckedForm,
            form_class,
        )
    )
    return type(form_class.__name__, bases, attrs)


def with_version_field(fieldsets):
    """`fieldsets` with the hidden field added to the first (hidden fields show as nothing)."""
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]


def fields_without_version(model_admin, request, obj, kwargs):
    """The model fields a ModelAdmin's form is built with: its fieldsets' less the version,
    which is the form's own field, not the model's."""
    fields = (
        kwargs["fields"]
        if "fields" in kwargs
        else flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    )
    return None if fields is None else [name for name in fields if name != VERSION_FIELD]


class VersionedAdminMixin:
    """The ModelAdmin part: a record's change page carries and checks its version."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        return with_version_field(fieldsets)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = fields_without_version(self, request, obj, kwargs)
        return version_checked(super().get_form(request, obj, change, **kwargs))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordChanged:
            # Someone saved between this form's check and its save, and everything this
            # request wrote was rolled back: the second pass finds the new version and
            # returns the form with the message.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except RecordChanged:
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedInlineMixin:
    """The InlineModelAdmin part: each stored row carries and checks its own version."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):
            return fieldsets
        return with_version_field(fieldsets)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["fields"] = fields_without_version(self, request, obj, kwargs)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = version_checked(formset.form, parent_field=formset.fk.name)
        return formset
