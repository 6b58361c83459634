"""Which speakers the public sees, kept as a column (`Speaker.public_since`) by the writes.

The rule is `SpeakerQuerySet.public_since_by_rule()`; `Speaker.objects.published()` only
compares the stored moment with the clock, so the speakers list and every page that names
speakers costs one indexed comparison instead of a search through 200,000 quotes. The column
stores *when* a speaker turns public, not whether, so a quote whose embargo ends makes its
speaker public on time with no write at all.

`refresh_speaker_visibility()` is the one function that refills it. The receivers below call
it for every save and delete of a quote, a participation, a signature, a statement or an
event (the admin, its bulk actions, the
publishing service, `load_demo_data`); writes that send no signals (`bulk_create`,
`QuerySet.update()`, imports such as `generate_archive`) call it themselves, and
`manage.py refresh_derived` refills every speaker. Widening the rule (e.g. people who took
part in a public event) means changing `public_since_by_rule()` and calling this function
from the new write paths; nothing else.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

from events.models import Event

from .models import JointStatement, Participation, Quote, Signatory, Speaker

# Sent with `speaker_ids` (a set) when the column changed for those speakers, so caches of
# the pages listing speakers (the site's page cache) can forget them.
speaker_visibility_changed = Signal()


def refresh_speaker_visibility(
    *, speaker_ids: Iterable[int] | QuerySet | None = None, using: str = "default"
) -> set[int]:
    """Recompute `public_since` for these speakers (every speaker if None) by the rule and
    store it where it changed. Returns the ids whose value changed. Two queries at most."""
    speakers = Speaker.objects.using(using).all()
    if speaker_ids is not None:
        if not isinstance(speaker_ids, QuerySet):
            speaker_ids = {pk for pk in speaker_ids if pk is not None}
            if not speaker_ids:
                return set()
        speakers = speakers.filter(pk__in=speaker_ids)
    with transaction.atomic(using=using):
        rows = speakers.annotate(rule=Speaker.objects.public_since_by_rule()).values_list(
            "pk", "public_since", "rule"
        )
        changed = {pk for pk, stored, rule in rows if stored != rule}
        if changed:
            rule = (
                Speaker.objects.filter(pk=OuterRef("pk"))
                .annotate(rule=Speaker.objects.public_since_by_rule())
                .values("rule")
            )
            Speaker.objects.using(using).filter(pk__in=changed).update(public_since=Subquery(rule))
            speaker_visibility_changed.send(Speaker, speaker_ids=changed, using=using)
    return changed


# The write paths that send signals: every save and delete of a quote, a participation, a
# signature, a statement or an event.

# The records that link a person, and the field that names them.
PERSON_LINKS = {Quote: "speaker", Participation: "person", Signatory: "person"}


def _link_before_save(sender, instance, raw=False, using=None, **kwargs):
    # A link moved to another person leaves the first one too: remember who it was.
    instance._person_before_save = None
    if not raw and instance.pk is not None:
        instance._person_before_save = (
            sender.objects.using(using)
            .filter(pk=instance.pk)
            .values_list(f"{PERSON_LINKS[sender]}_id", flat=True)
            .first()
        )


def _link_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:  # loaddata: the backup holds the column's value
        return
    person = getattr(instance, f"{PERSON_LINKS[sender]}_id")
    ids = {person, getattr(instance, "_person_before_save", None)}
    refresh_speaker_visibility(speaker_ids=ids, using=using)


def _link_deleted(sender, instance, using=None, **kwargs):
    person = getattr(instance, f"{PERSON_LINKS[sender]}_id")
    refresh_speaker_visibility(speaker_ids={person}, using=using)


def _statement_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    signers = Speaker.objects.using(using).filter(signatures__statement=instance.pk)
    refresh_speaker_visibility(speaker_ids=signers.values("pk"), using=using)


def _event_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    linked = (
        Q(quotes__event=instance.pk)
        | Q(participations__event=instance.pk)
        | Q(signatures__statement__event=instance.pk)
    )
    people = Speaker.objects.using(using).filter(linked).values("pk")
    refresh_speaker_visibility(speaker_ids=people, using=using)


def connect_signals():
    uid = "statements.visibility"
    for model in PERSON_LINKS:
        name = f"{uid}.{model._meta.model_name}"
        pre_save.connect(_link_before_save, sender=model, dispatch_uid=f"{name}-pre")
        post_save.connect(_link_saved, sender=model, dispatch_uid=name)
        post_delete.connect(_link_deleted, sender=model, dispatch_uid=f"{name}-delete")
    post_save.connect(_statement_saved, sender=JointStatement, dispatch_uid=f"{uid}.statement")
    post_delete.connect(
        _statement_saved, sender=JointStatement, dispatch_uid=f"{uid}.statement-delete"
    )
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}.event")
    post_delete.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}.event-delete")
