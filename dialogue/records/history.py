"""Every record keeps its history: who changed what, and when (django-simple-history).

`RecordHistory` is the `history` field of every content model. Beyond what
django-simple-history does on each save and delete, it lets a caller write one
entry for a change made in several steps: the admin saves a record, then its
many-to-many links (topics, signatories), and staff should see that as one change
with one diff, not as three entries of which the first shows the old links.

The historical models are built late, by `build_histories` once django-modeltranslation
has added the translation columns (`name_en`, `name_ru`...): django-simple-history copies
a model's fields when it builds its historical model, and built at the usual moment (as
the model class is created) the history would keep only the current language's text,
and a revert would lose the other languages.
"""

from contextlib import contextmanager

from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords, transform_field

ADDED, CHANGED, DELETED = "+", "~", "-"


_unbuilt = []


class RecordHistory(HistoricalRecords):
    """HistoricalRecords that can also be asked to write an entry now (see `one_entry`),
    and whose historical model is built by `build_histories`, not as the class is created.

    The edit-conflict `version` (dialogue/records/concurrency.py) is not part of a record's story:
    it is left out of the history, and a restored version takes the current one.
    """

    def __init__(self, *args, excluded_fields=None, **kwargs):
        excluded_fields = [*(excluded_fields or ()), "version"]
        super().__init__(*args, excluded_fields=excluded_fields, **kwargs)

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            # `loaddata` restoring a backup: the history is in the backup too, so neither
            # this save nor the links set right after it (m2m_changed) may add an entry.
            instance.skip_history_when_saving = True
            return
        super().post_save(instance, created, using, **kwargs)

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._record_history = self

    def finalize(self, sender, **kwargs):
        if sender is self.cls:
            _unbuilt.append(self)

    def copy_fields(self, model):
        """As django-simple-history does, with each translation column as a plain field:
        a TranslationField describes itself (in migrations) with its original's options,
        so `name_en` would stay unique in the history, where every version repeats it."""
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, TranslationField):
                plain = field.clone()
                plain.set_attributes_from_name(name)
                transform_field(plain)
                fields[name] = plain
        return fields


def build_histories():
    """Build the historical model of every record, with its translation columns.

    Called once from `DialogueConfig.ready`, which runs after django-modeltranslation's
    (listed first in INSTALLED_APPS) has registered the translated fields.
    """
    while _unbuilt:
        records = _unbuilt.pop(0)
        HistoricalRecords.finalize(records, sender=records.cls)


def has_history(obj):
    return hasattr(type(obj), "_record_history")


def hold_entry(obj):
    """Until `write_held_entry`, saving `obj` or changing its links writes no history entry."""
    if not has_history(obj) or hasattr(obj, "_held_history_type"):
        return
    obj._held_history_type = ADDED if obj._state.adding else CHANGED
    obj.skip_history_when_saving = True


def write_held_entry(obj, *, user=None, reason=None):
    """Write the one entry held back by `hold_entry`, with the record as it is now."""
    history_type = obj.__dict__.pop("_held_history_type", None)
    if history_type is None:
        return
    obj.__dict__.pop("skip_history_when_saving", None)
    write_entry(obj, history_type, user=user, reason=reason)


@contextmanager
def one_entry(obj, *, user=None, reason=None):
    """Write a single history entry for everything saved to `obj` inside the block."""
    hold_entry(obj)
    try:
        yield
    except BaseException:
        obj.__dict__.pop("_held_history_type", None)
        obj.__dict__.pop("skip_history_when_saving", None)
        raise
    write_held_entry(obj, user=user, reason=reason)


def write_entry(obj, history_type, *, user=None, reason=None):
    """Write one history entry for `obj` as it is now (ADDED or CHANGED)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    if reason:
        obj._change_reason = str(reason)
    try:
        obj._record_history.create_historical_record(obj, history_type)
    finally:
        obj.__dict__.pop("_change_reason", None)
