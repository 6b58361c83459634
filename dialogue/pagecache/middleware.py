"""The middleware serving anonymous visitors from the page cache.

`PageCacheMiddleware` keeps each anonymous GET/HEAD answer (status 200, no cookie set,
nothing private) under its full address (scheme, host, path and query) and its language,
with the surrogate keys it was built from (`keys.py`) and their generations at that moment
(`generations.py`). It is served again while none of those keys was purged, the cache's epoch
is the same and the next embargo has not ended; otherwise the page is rendered afresh.
Every anonymous answer says `X-Cache: HIT` or `MISS`, its `Age`, and its keys in
`PAGE_CACHE_KEY_HEADER` (`Surrogate-Key`), with `Surrogate-Control: max-age=N` for an HTTP
cache in front (N never reaching past the next embargo's end; `no-store` when a purge
happened while the page rendered, as it may show rows from before).

Who is never served from the cache, nor stored in it: signed-in users (checked only when the
visitor sends a session cookie, so anonymous visitors never touch the session store),
previews (`?preview`), requests with credentials, methods other than GET and HEAD, and the
paths in `PAGE_CACHE_SKIP_PATHS` (the admin and /healthz). Answers that set a cookie, use
the session or the CSRF token or the CSP nonce, vary on anything but the language, are
`private` or `no-store`, are files (photos, documents: served from storage as they are), or
are larger than `PAGE_CACHE_MAX_BYTES`, are not stored. A streamed
answer (a download) names its keys before its first byte (`keys.add_models`) and is kept once
read to the end if it stayed within that size; HTTP caches in front are told not to keep it.

Cached answers carry an `ETag` (the view's own, or a hash of the body), and a request with a
matching `If-None-Match` gets `304 Not Modified`. Pages that say nothing about caching get
`Cache-Control: no-cache`: browsers keep them but ask again each time, and the ETag makes that
cheap. If the cache (Redis) cannot be reached, pages are served uncached, never an error.

Settings (all optional): PAGE_CACHE_ENABLED (True), PAGE_CACHE_ALIAS ("default"),
PAGE_CACHE_SECONDS (600), PAGE_CACHE_MAX_BYTES (2 MB), PAGE_CACHE_SKIP_PATHS (the admin and
/healthz), PAGE_CACHE_KEY_HEADER ("Surrogate-Key"), PAGE_CACHE_GENERATIONS_FILE. The
middleware goes after LocaleMiddleware and AuthenticationMiddleware (so near the end of
MIDDLEWARE): the outer middleware still adds its headers (security, CSP, Vary) to every
cached answer.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag, split_header_value
from django.utils.translation import get_language

from . import cache as page_cache
from . import keys, refresh_embargo_end, store

logger = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, name, default)


class _Unavailable(Exception):
    pass


_last_warning = [0.0]


def _cache_failed(found=None):
    """The cache (Redis) did not answer: serve uncached, and distrust it when it is back."""
    if found is not None:
        found.failed()
    now = time.monotonic()
    if now - _last_warning[0] > 10:
        _last_warning[0] = now
        logger.warning("Page cache unreachable: serving pages uncached", exc_info=True)


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
            response = self.get_response(request)
            if getattr(request, "_page_cache_signed_in", False):
                # Shown to one signed-in user: no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        cache, found, before, address = page_cache(), None, None, self.key(request)
        try:
            found = store()
            entry = cache.get(address)
            if entry is not None and self.still_fresh(found, entry):
                return self.answer(request, entry)
            _generations, epoch, sequence, _due = found.read([])
            before = (epoch, sequence)
        except Exception:
            _cache_failed(found)
        with keys.collecting() as collected:
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name:
            collected.add("view-" + match.view_name.replace(":", "-"))
        collected = keys.compact(collected, _setting("PAGE_CACHE_MAX_KEY_BYTES", 6000))
        response[_setting("PAGE_CACHE_KEY_HEADER", "Surrogate-Key")] = " ".join(sorted(collected))
        response["X-Cache"] = "MISS"
        response["Age"] = "0"
        if not self.may_store(request, response):
            response["Surrogate-Control"] = "no-store"
            return response
        if response.streaming:
            # Kept once the last byte is out, if it was small enough; an HTTP cache in
            # front is told not to keep it (a purge may race the long read).
            response["Surrogate-Control"] = "no-store"
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-cache"
            response.streaming_content = self.stored_when_read(
                response.streaming_content,
                cache,
                found,
                before,
                address,
                sorted(collected),
                response,
            )
            return response
        etag = response.get("ETag") or quote_etag(hashlib.sha256(response.content).hexdigest())
        response["ETag"] = etag
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-cache"
        ttl = self.store(cache, found, before, address, sorted(collected), etag, response)
        response["Surrogate-Control"] = f"max-age={ttl}" if ttl > 0 else "no-store"
        return not_modified_or(request, etag, response)

    def stored_when_read(self, chunks, cache, found, before, address, page_keys, response):
        """Hand a streamed answer on, and keep it in the cache once read to the end if it
        stayed within PAGE_CACHE_MAX_BYTES (a larger one is passed on and forgotten)."""
        kept, size = [], 0
        for chunk in chunks:
            if kept is not None:
                size += len(chunk)
                if size <= self.max_bytes:
                    kept.append(chunk)
                else:
                    kept = None
            yield chunk
        if kept is None:
            return
        body = b"".join(kept)
        etag = response.get("ETag") or quote_etag(hashlib.sha256(body).hexdigest())
        self.store(cache, found, before, address, page_keys, etag, response, body)

    def store(self, cache, found, before, address, page_keys, etag, response, body=None):
        """Keep the page; its time to live (0: not kept, a purge may have raced the page)."""
        if before is None:
            return 0
        try:
            generations, epoch, sequence, due = found.read(page_keys)
            now = time.time()
            if due <= now:  # an embargo ended since the last look: find the next one
                due = refresh_embargo_end(found)
            if (epoch, sequence) != before:
                return 0
            life = min(self.timeout, due - now)
            if life <= 0:
                return 0
            headers = [(h, v) for h, v in response.items() if h != "Surrogate-Control"]
            if body is None:
                content = response.content
            else:  # streamed: its ETag is known only now
                content = body
                headers.append(("ETag", etag))
            entry = (epoch, generations, now + life, now, etag, headers, content)
            cache.set(address, entry, math.ceil(life))
            return int(life)  # for the HTTP caches: never past the embargo's end
        except Exception:
            _cache_failed(found)
            return 0

    @staticmethod
    def still_fresh(found, entry):
        epoch, generations, expires, *_rest = entry
        if time.time() >= expires:
            return False
        current, current_epoch, _sequence, _due = found.read(list(generations))
        return current_epoch == epoch and current == generations

    def may_serve_from_cache(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip_paths):
            return False
        if "preview" in request.GET or "HTTP_AUTHORIZATION" in request.META:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Only a visitor with a session can be signed in: look (a query) only then.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                request._page_cache_signed_in = True
                return False
            request._page_cache_had_session = True
        return True

    def may_store(self, request, response):
        if response.status_code != 200 or response.cookies or isinstance(response, FileResponse):
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
        return response.streaming or len(response.content) <= self.max_bytes

    @staticmethod
    def key(request):
        language = getattr(request, "LANGUAGE_CODE", None) or get_language() or ""
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
        return f"page-cache:{language}:{address}"

    @staticmethod
    def answer(request, entry):
        _epoch, _generations, expires, stored, etag, headers, content = entry
        response = HttpResponse(content)
        for header, value in headers:
            response[header] = value
        now = time.time()
        response["X-Cache"] = "HIT"
        response["Age"] = str(max(0, int(now - stored)))
        # The whole life: an HTTP cache counts this answer's Age against it.
        response["Surrogate-Control"] = f"max-age={max(0, int(expires - stored))}"
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
