"""The page cache: whole pages for anonymous visitors, evicted by what they show.

Every anonymous page is tagged with surrogate keys (`keys.py`): the records it was built from
(`event-12`, `quote-9`) and the lists it reads (`quote-list`, `quote-event-12`, `view-home`).
A write purges exactly the keys it affects, when its transaction commits:

- the save of an existing record whose visibility (status, embargo) and parents did not
  change: its own key, so only the pages showing it are evicted;
- creating, deleting, publishing, unpublishing, changing the embargo or moving a record to
  another parent: also the lists it belongs to; a many-to-many change: both records and the
  link's lists. A handover is the saves it makes (two chairmanships and the handover).

The same keys are purged in the app's own cache (`middleware.py`, with `generations.py`) and
at every HTTP cache in `PAGE_CACHE_PURGE_URLS` (`edge.py`, Varnish's xkey), so one server
alone or a fleet behind Varnish or a CDN behave the same.

Writes that send no signals (`QuerySet.update()`, `bulk_create()`, raw SQL) call
`purge(keys)`, `purge_models(Model, ...)` (every list and record of those models) or
`content_changed()` (everything, as `generate_archive` does). A record under embargo appears on
time with no write at all: no entry outlives the moment the next embargo ends. So does an
announced chair (a handover recorded ahead of its date): no entry outlives the midnight, in the
site's time zone, that starts the day the chair passes (`next_chair_change`), so every page
naming the current chair, here and at the HTTP caches (`Surrogate-Control: max-age`), shows
the new one from that day.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import datetime, time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from . import edge, generations
from .keys import (
    CONTENT_APPS,
    all_key,
    install,
    is_content,
    keys_for_write,
    list_key,
    many_key,
    record_key,
    scoped_list_key,
)

__all__ = ["content_changed", "one_change_for_many", "purge", "purge_models"]

logger = logging.getLogger(__name__)

SCHEDULE_FIELD = "publish_at"
NEVER = generations.NEVER

_local = threading.local()


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def store():
    return generations.store(cache())


# Purging ----------------------------------------------------------------------------------


def purge(keys, *, using=None) -> None:
    """Evict every page carrying any of `keys`, here and at the HTTP caches, after commit."""
    keys = set(keys)
    if not keys:
        return
    if getattr(_local, "deferred", None) is not None:
        _local.deferred.update(keys)
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _purge_now(keys, everything=False)
        return
    pending = getattr(connection, "_page_cache_pending", None)
    registered = pending is not None and any(
        callback is pending[0] for _sids, callback, _robust in connection.run_on_commit
    )
    if not registered:  # first purge of this transaction (or the last one rolled back)
        keys_to_purge: set[str] = set()

        def committed():
            _purge_now(keys_to_purge, everything=False)

        transaction.on_commit(committed, using=using, robust=True)
        pending = connection._page_cache_pending = (committed, keys_to_purge)
    pending[1].update(keys)
    # Also at once: a page this process renders before the commit (from the rows as they
    # were) is not served after the save; the purge at commit covers the other processes.
    _bump_here(keys)


def _bump_here(keys):
    try:
        store().bump(keys)
    except Exception:
        with _suppress():
            store().failed()


def purge_models(*models, using=None) -> None:
    """Evict every page showing or listing any record of `models` (after a bulk write):
    each such page carries `<model>-all`."""
    purge({all_key(model) for model in models}, using=using)


def content_changed(using=None) -> None:
    """Evict every cached page (after the current transaction commits)."""
    if getattr(_local, "deferred", None) is not None:
        _local.deferred.add("*")
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        with _suppress():
            store().reset()
        transaction.on_commit(lambda: _purge_now(set(), everything=True), using=using)
    else:
        _purge_now(set(), everything=True)


def _purge_now(keys, *, everything):
    try:
        found = store()
        if everything or "*" in keys:
            found.reset()
        else:
            found.bump(keys)
        found.set_due(next_scheduled_change())
    except Exception:
        logger.exception("Page cache purge failed; entries stored before are not trusted")
        with _suppress():
            store().failed()
    edge.send({"*"} if everything else keys)


@contextmanager
def one_change_for_many():
    """Collect the purges of many writes (an import, a bulk delete) into one at the end."""
    outer = getattr(_local, "deferred", None)
    if outer is not None:
        yield
        return
    _local.deferred = set()
    try:
        yield
    finally:
        keys, _local.deferred = _local.deferred, None
        if "*" in keys:
            content_changed()
        elif keys:
            purge(keys)


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


# Embargoes --------------------------------------------------------------------------------


def next_embargo_end() -> float:
    """When the next record under embargo becomes public (epoch seconds), or NEVER."""
    now, times = timezone.now(), []
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            field = next((f for f in model._meta.concrete_fields if f.name == SCHEDULE_FIELD), None)
            if field is not None and is_content(model):
                soonest = (
                    model._base_manager.filter(**{f"{SCHEDULE_FIELD}__gt": now})
                    .order_by(SCHEDULE_FIELD)
                    .values_list(SCHEDULE_FIELD, flat=True)
                    .first()
                )
                if soonest is not None:
                    times.append(soonest.timestamp())
    return min(times, default=NEVER)


def next_chair_change() -> float:
    """When the chair next passes (the midnight starting the day an announced chairmanship
    begins or the current one ends, in the site's time zone; epoch seconds), or NEVER."""
    from chairmanships.models import Chairmanship

    today = timezone.localdate()
    days = [
        Chairmanship.objects.filter(**{f"{name}__gt": today})
        .order_by(name)
        .values_list(name, flat=True)
        .first()
        for name in ("starts_on", "ends_on")
    ]
    days = [day for day in days if day is not None]
    if not days:
        return NEVER
    midnight = datetime.combine(min(days), time.min)
    return timezone.make_aware(midnight, timezone.get_current_timezone()).timestamp()


def next_scheduled_change() -> float:
    """When a page may change with no write: an embargo ends or the chair passes."""
    return min(next_embargo_end(), next_chair_change())


def refresh_embargo_end(found) -> float:
    due = next_scheduled_change()
    found.set_due(due)
    return due


# Receivers --------------------------------------------------------------------------------


def _on_save(sender, instance, created=False, using=None, raw=False, **kwargs):
    if is_content(sender):
        purge(keys_for_write(instance, created=created), using=using)


def _on_delete(sender, instance, using=None, **kwargs):
    if is_content(sender):
        purge(keys_for_write(instance, deleted=True), using=using)


def _on_m2m_changed(sender, instance, action, model, pk_set, using=None, **kwargs):
    if not action.startswith("post_") or not (is_content(sender) or is_content(type(instance))):
        return
    keys = {record_key(instance, instance.pk), many_key(type(instance)), list_key(sender)}
    if pk_set:
        keys.add(many_key(model))
    for field in sender._meta.concrete_fields:
        target = getattr(field, "related_model", None)
        if target is None:
            continue
        if isinstance(instance, target):
            keys.add(scoped_list_key(sender, field.name, instance.pk))
        if pk_set and issubclass(model, target):
            keys.update(scoped_list_key(sender, field.name, pk) for pk in pk_set)
    keys.update(record_key(model, pk) for pk in pk_set or ())
    purge(keys, using=using)


def _on_speaker_visibility_changed(sender, speaker_ids, using=None, **kwargs):
    # A derived column changed by `update()` (statements.visibility): who the public sees
    # changed, so every page showing or listing speakers (rare: a speaker's first quote
    # published, or their last unpublished).
    purge({all_key(sender), list_key(sender), many_key(sender)}, using=using)


def connect_signals():
    """Listen to every model, keeping only the content apps: new models are covered too."""
    from statements.visibility import speaker_visibility_changed

    install()
    speaker_visibility_changed.connect(
        _on_speaker_visibility_changed, dispatch_uid="dialogue.pagecache.speakers"
    )
    post_save.connect(_on_save, dispatch_uid="dialogue.pagecache.save")
    post_delete.connect(_on_delete, dispatch_uid="dialogue.pagecache.delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="dialogue.pagecache.m2m")
