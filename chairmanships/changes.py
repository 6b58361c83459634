"""Change notes, the way GOV.UK does them: a published record says when it was published
and last updated, and lists the significant changes with a public note each.

- Every save of a published record moves its "last updated" date (`Publishable.save`);
  a minor edit does nothing more.
- Staff saving a published record in the admin may tick "Significant change" and write a
  note; `note_change` keeps it with the history entry of that save.
- Reverting to an earlier version writes its own note.
- The record's page shows both dates and "Updates to this page" (`notes_of`).
"""

from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from dialogue.records.history import has_history
from dialogue.records.models import PublicationStatus

from .models import ChangeNote


def notes_of(record):
    """The public change notes of `record`, newest first."""
    return ChangeNote.objects.filter(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
    ).order_by("-changed_at", "-pk")


@transaction.atomic
def note_change(*, record, note: str, user=None, changed_at: datetime | None = None) -> ChangeNote:
    """Write a public change note for `record`'s latest save, kept with its history entry."""
    entry = record.history.order_by("-history_id").first() if has_history(record) else None
    change = ChangeNote(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
        note=note.strip(),
        changed_at=changed_at or record.last_updated_at or timezone.now(),
        history_id=entry.history_id if entry else None,
        written_by=user if getattr(user, "is_authenticated", False) else None,
    )
    change.full_clean()
    change.save()
    return change


def revert_note(version):
    """The note a revert writes, in the default language (the notes' language)."""
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(timezone.localtime(version.history_date), "DATE_FORMAT")
        return str(_("Reverted to the version of %(date)s.") % {"date": when})


class ChangeNoteFormMixin:
    """The two fields staff see when they save a published record."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("significant_change") and not (cleaned.get("change_note") or "").strip():
            raise ValidationError(
                {"change_note": _("Say in a sentence what changed: the public reads this note.")}
            )
        return cleaned


CHANGE_NOTE_FIELDS = ["significant_change", "change_note"]


class ChangeNoteAdminMixin:
    """The admin of a publishable record: "Significant change" and its public note when
    the record is published, written with the save; a revert writes its own note.

    Goes before `PublicationAdminMixin` and `RecordAdmin` in the admin's bases.
    """

    def takes_change_note(self, obj):
        return obj is not None and obj.publication_status == PublicationStatus.PUBLISHED

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.takes_change_note(obj):
            fieldsets.append(
                (
                    _("Change note"),
                    {
                        "fields": CHANGE_NOTE_FIELDS,
                        "description": _(
                            "This record is published. A minor edit (a typo) changes only its "
                            "“last updated” date; for a significant one, tick the box and "
                            "write what changed: the page lists it under “Updates to this page”."
                        ),
                    },
                )
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.takes_change_note(obj):
            attrs = {
                "significant_change": forms.BooleanField(
                    label=_("Significant change"),
                    required=False,
                    help_text=_("Tick it when the public should be told what changed."),
                ),
                "change_note": forms.CharField(
                    label=_("Public note"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("e.g. “Corrected the date of the handover.”"),
                ),
            }
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (ChangeNoteFormMixin, base), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("significant_change"):
            request._change_note = form.cleaned_data["change_note"]

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        note = getattr(request, "_change_note", None)
        if note is None and obj.publication_status == PublicationStatus.PUBLISHED:
            version = self._version(request)  # a revert (RecordAdmin)
            if version is not None:
                note = revert_note(version)
        if note:
            note_change(record=obj, note=note, user=request.user)
        return entry
