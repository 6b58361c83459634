"""Purges sent to the HTTP caches in front (Varnish with xkey), off the request's path.

`PAGE_CACHE_PURGE_URLS` lists them (comma-separated in the environment), e.g.
`http://127.0.0.1:6081/`. Each purge is a `PURGE` request carrying the keys in an `xkey`
header (`PAGE_CACHE_PURGE_HEADER`), sent after the transaction committed: first at once with
a very short timeout (`PAGE_CACHE_PURGE_FIRST_TIMEOUT`, 0.3 s), so that the editor's next
page through the cache is already fresh; if that fails, by one background thread with a
longer timeout (`PAGE_CACHE_PURGE_TIMEOUT`, 2 s), tried again `PAGE_CACHE_PURGE_RETRIES`
times (1), then given up with a log line. A dead cache server never breaks an edit and
slows it by the first timeout at most.
"""

import http.client
import logging
import queue
import threading
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_HEADER = 6000  # bytes of keys per request: a large purge is split

_queue: queue.Queue = queue.Queue()
_worker: threading.Thread | None = None
_lock = threading.Lock()


def urls():
    configured = getattr(settings, "PAGE_CACHE_PURGE_URLS", ())
    if isinstance(configured, str):
        configured = [u.strip() for u in configured.split(",")]
    return [u for u in configured if u]


def send(keys):
    """Queue a purge of `keys` at every cache server configured (returns at once)."""
    targets = urls()
    if not keys or not targets:
        return
    first = getattr(settings, "PAGE_CACHE_PURGE_FIRST_TIMEOUT", 0.3)
    for chunk in _chunks(sorted(keys)):
        for url in targets:
            if first and purge_one(url, chunk, timeout=first, retries=0, log=False):
                continue
            _start_worker()
            _queue.put((url, chunk))


def _start_worker():
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="page-cache-purger", daemon=True)
            _worker.start()


def flush(timeout=10.0):
    """Wait until every queued purge was sent or given up (for tests and commands)."""
    done = threading.Event()
    if _worker is None or not _worker.is_alive():
        return True
    _queue.put(done)
    return done.wait(timeout)


def _chunks(keys):
    chunk, size = [], 0
    for key in keys:
        if chunk and size + len(key) + 1 > MAX_HEADER:
            yield " ".join(chunk)
            chunk, size = [], 0
        chunk.append(key)
        size += len(key) + 1
    if chunk:
        yield " ".join(chunk)


def _run():
    while True:
        item = _queue.get()
        if isinstance(item, threading.Event):
            item.set()
            continue
        url, keys = item
        try:
            purge_one(url, keys)
        except Exception:  # the purger must outlive anything a cache server answers
            logger.exception("Page cache purge at %s failed", url)


def purge_one(url, keys, *, timeout=None, retries=None, log=True):
    """Send one PURGE to one server; False (and a log line) if it failed after the retries."""
    header = getattr(settings, "PAGE_CACHE_PURGE_HEADER", "xkey")
    if timeout is None:
        timeout = getattr(settings, "PAGE_CACHE_PURGE_TIMEOUT", 2.0)
    if retries is None:
        retries = getattr(settings, "PAGE_CACHE_PURGE_RETRIES", 1)
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    error = None
    for _attempt in range(1 + retries):
        connection = connection_class(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request("PURGE", parts.path or "/", headers={header: keys})
            response = connection.getresponse()
            response.read()
            if response.status < 300:
                return True
            error = f"HTTP {response.status}"
        except OSError as exc:
            error = repr(exc)
        finally:
            connection.close()
    if log:
        logger.warning("Page cache purge at %s failed (%s): keys %s", url, error, keys[:200])
    return False
