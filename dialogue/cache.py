"""Whole-page cache for anonymous visitors that never shows a page older than the record.

`PageCacheMiddleware` keeps each anonymous GET/HEAD answer (status 200, no cookie set,
nothing private) under its full address (scheme, host, path and query), its language and
the **content version**. Saving or deleting any record of the `chairmanships`, `events` or
`statements` apps (any model of theirs, present or future, and their many-to-many links)
changes the version, so the very next request renders every page afresh: an edit in the
admin or through a service such as `hand_over` shows at once on the event page, the lists,
the home page, the feeds and the API. Entries of older versions are never read again and
expire on their own (`PAGE_CACHE_SECONDS`).

Where the version lives, so that every process serving the site sees a change at once:

- in the cache itself, for app servers on several machines sharing Redis (`CACHE_URL`);
- in a small file (`PAGE_CACHE_VERSION_FILE`, by default in /dev/shm), for the gunicorn
  workers of one machine, which each hold their own local-memory cache.

A change is recorded when the record is saved and again when its transaction commits, so a
page rendered from the old rows during the commit cannot outlive it. Writes that send no
signals (`QuerySet.update()`, `bulk_create()`, raw SQL) must call `content_changed()`.
If models get a `publish_at` time, a record scheduled for later appears on time: the
version also changes when the next scheduled time passes.

Who is never served from the cache, nor stored in it: signed-in users (checked only when the
visitor sends a session cookie, so anonymous visitors never touch the session store),
previews (`?preview`), requests with credentials, methods other than GET and HEAD, and the
paths in `PAGE_CACHE_SKIP_PATHS` (the admin and /healthz). Answers that set a cookie, use
the session or the CSRF token or the CSP nonce, vary on anything but the language, are
`private` or `no-store`, stream, or are larger than `PAGE_CACHE_MAX_BYTES`, are not stored.

Cached answers carry an `ETag` (the view's own, or a hash of the body), and a request with a
matching `If-None-Match` gets `304 Not Modified`. Pages that say nothing about caching get
`Cache-Control: no-cache`: browsers and proxies keep them but ask again each time, and the
ETag makes that cheap.

Settings (all optional): PAGE_CACHE_ENABLED (True), PAGE_CACHE_ALIAS ("default"),
PAGE_CACHE_SECONDS (600), PAGE_CACHE_MAX_BYTES (2 MB), PAGE_CACHE_SKIP_PATHS (the admin and
/healthz), PAGE_CACHE_VERSION_FILE. The middleware goes after LocaleMiddleware and
AuthenticationMiddleware (so near the end of MIDDLEWARE): the outer middleware still adds
its headers (security, CSP, Vary: Accept-Language) to every cached answer.
"""

import hashlib
import logging
import os
import secrets
import tempfile
import threading
import time
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag, split_header_value
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

CONTENT_APPS = ("chairmanships", "events", "statements")
SCHEDULE_FIELD = "publish_at"
VERSION_KEY = "page-cache:version"
NEVER = 2**62  # "no scheduled publication" in the version file

_local = threading.local()


# The content version ---------------------------------------------------------------------


def _setting(name, default):
    return getattr(settings, name, default)


def _cache():
    return caches[_setting("PAGE_CACHE_ALIAS", "default")]


def _version_file():
    path = _setting("PAGE_CACHE_VERSION_FILE", None)
    if path:
        return path
    # One file per site and database: two sites on one machine do not share a version.
    database = settings.DATABASES["default"]
    identity = f"{settings.BASE_DIR}|{database.get('NAME')}|{database.get('HOST')}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    return os.path.join(folder, f"dialogue-page-cache-{digest}")


def _write_version_file(token, due):
    """Write a new token (and the next scheduled publication time) in place.

    The file is world-writable (it holds nothing secret, and the worst a writer can do is
    empty the page cache), so a command run as another user still reaches the web workers.
    """
    path = _version_file()
    data = f"{token}:{due:019d}".encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    except OSError:
        logger.exception("Cannot write the page cache version file %s", path)
        return
    try:
        with suppress(OSError):  # created by another user, who set the mode already
            os.fchmod(fd, 0o666)
        os.pwrite(fd, data, 0)
    finally:
        os.close(fd)


def _read_version_file():
    """(token, due) from the version file; a new file if there is none or it is unreadable."""
    try:
        fd = os.open(_version_file(), os.O_RDONLY)
        try:
            data = os.pread(fd, 64, 0).decode()
        finally:
            os.close(fd)
        token, due = data.split(":")
        return token, int(due)
    except (OSError, ValueError):
        return _bump(), NEVER


def _next_scheduled_publication():
    """When the next record scheduled for later becomes public (epoch seconds), or NEVER."""
    from django.apps import apps
    from django.utils import timezone

    now, times = timezone.now(), []
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            field = next((f for f in model._meta.concrete_fields if f.name == SCHEDULE_FIELD), None)
            if isinstance(field, models.DateTimeField) and not _is_history(model):
                soonest = (
                    model._base_manager.filter(**{f"{SCHEDULE_FIELD}__gt": now})
                    .order_by(SCHEDULE_FIELD)
                    .values_list(SCHEDULE_FIELD, flat=True)
                    .first()
                )
                if soonest is not None:
                    times.append(int(soonest.timestamp()) + 1)
    return min(times, default=NEVER)


def _is_history(model):
    """A django-simple-history table: its rows are past versions, never on a page."""
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def _bump(due=None):
    """Give the record a new version, in the file and in the cache; returns the file token.

    `due` is when the next scheduled record becomes public; by default it is looked up.
    """
    token = secrets.token_hex(16)
    if due is None:
        try:
            due = _next_scheduled_publication()
        except Exception:  # the database is away, or mid-migration: invalidate all the same
            logger.exception("Cannot find the next scheduled publication")
            due = NEVER
    _write_version_file(token, due)
    _cache().set(VERSION_KEY, secrets.token_hex(8), None)
    return token


def current_version():
    """The version the next page is rendered for; it changes whenever the record does."""
    token, due = _read_version_file()
    if time.time() >= due:  # a scheduled record has just become public
        token = _bump()
    cache = _cache()
    shared = cache.get(VERSION_KEY)
    if shared is None:  # evicted or never set: a fresh value only ever invalidates
        shared = secrets.token_hex(8)
        cache.add(VERSION_KEY, shared, None)
        shared = cache.get(VERSION_KEY, shared)
    return f"{token}.{shared}"


def content_changed(using=None):
    """Invalidate every cached page now, and again when the current transaction commits."""
    if getattr(_local, "deferred", False):
        _local.pending = True
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump()
        return
    # In a transaction: a new version at once (cheap: the next scheduled publication is looked
    # up only once, at commit), and another after the commit, so that a page rendered from the
    # old rows meanwhile is not kept under the new version.
    _bump(due=_read_version_file()[1])
    if not any(callback is _bump for _sids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_bump, using=using, robust=True)


@contextmanager
def one_change_for_many():
    """Record many changes (a bulk delete, an import) as one, when the block ends."""
    _local.deferred, _local.pending = True, False
    try:
        yield
    finally:
        _local.deferred = False
        if _local.pending:
            content_changed()


def _on_save_or_delete(sender, using=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        content_changed(using)


def _on_m2m_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in CONTENT_APPS:
        content_changed(using)


def connect_signals():
    """Listen to every model, keeping only the content apps: new models are covered too."""
    post_save.connect(_on_save_or_delete, dispatch_uid="dialogue.cache.save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="dialogue.cache.delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="dialogue.cache.m2m")



# The middleware --------------------------------------------------------------------------

UNCACHEABLE_CONTROL = {"private", "no-store"}


class PageCacheMiddleware:
    """Serve anonymous visitors from the page cache; see the module docstring."""

    def __init__(self, get_response):
        if not _setting("PAGE_CACHE_ENABLED", True):
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.timeout = _setting("PAGE_CACHE_SECONDS", 600)
        self.max_bytes = _setting("PAGE_CACHE_MAX_BYTES", 2_000_000)
        admin = "/" + _setting("ADMIN_URL", "admin/").lstrip("/")
        self.skip_paths = tuple(_setting("PAGE_CACHE_SKIP_PATHS", (admin, "/healthz")))

    def __call__(self, request):
        if not self.may_serve_from_cache(request):
            return self.get_response(request)
        cache = _cache()
        key = self.key(request)  # the version is read before the page is rendered
        entry = cache.get(key)
        if entry is not None:
            return self.answer(request, *entry, hit=True)
        response = self.get_response(request)
        if not self.may_store(request, response):
            return response
        etag = response.get("ETag") or quote_etag(hashlib.sha256(response.content).hexdigest())
        response["ETag"] = etag
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-cache"
        cache.set(key, (etag, list(response.items()), response.content), self.timeout)
        response["X-Page-Cache"] = "miss"
        return not_modified_or(request, etag, response)

    def may_serve_from_cache(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip_paths):
            return False
        if "preview" in request.GET or "HTTP_AUTHORIZATION" in request.META:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Only a visitor with a session can be signed in: look (a query) only then.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                return False
            request._page_cache_had_session = True
        return True

    def may_store(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "_page_cache_had_session", False):
            return False  # the page might show something from that visitor's session
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds this visitor's CSRF token
        if getattr(request, "_csp_nonce", None):
            return False  # the page holds this response's CSP nonce
        control = {
            part.split("=")[0].strip().lower()
            for part in split_header_value(response.get("Cache-Control", ""))
        }
        if control & UNCACHEABLE_CONTROL:
            return False
        vary = {header.lower() for header in split_header_value(response.get("Vary", ""))}
        if vary - {"accept-language"}:  # the language is part of the key already
            return False
        return len(response.content) <= self.max_bytes

    @staticmethod
    def key(request):
        language = getattr(request, "LANGUAGE_CODE", None) or get_language() or ""
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
        return f"page-cache:{current_version()}:{language}:{address}"

    @staticmethod
    def answer(request, etag, headers, content, hit):
        response = HttpResponse(content)
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return not_modified_or(request, etag, response)


BODY_HEADERS = {"content-type", "content-length", "content-encoding"}


def not_modified_or(request, etag, response):
    """304 Not Modified if the visitor has this version already, else the response.

    The 304 keeps the page's other headers (CORS ones among them: a browser script that
    revalidates an API answer needs them), only not those describing a body.
    """
    conditional = get_conditional_response(request, etag=etag, response=response)
    if conditional is not response:
        for header, value in response.items():
            if header.lower() not in BODY_HEADERS:
                conditional[header] = value
    return conditional
