"""Where a key's generation lives, so that a purge in one process reaches them all.

A cached page records the generation of each of its keys when it is stored; it is served
only while every one is unchanged. Purging a key gives it a new generation, so no index of
"which pages carry this key" is needed, and purging costs the same whatever the cache holds.

- `CacheGenerations` keeps them in the cache itself (Redis shared by several app servers).
  An **epoch** stored there too is part of every entry: if Redis lost its data, or this
  process could not reach it (a purge may have been missed meanwhile), the epoch changes and
  no entry written before is trusted.
- `SharedFileGenerations` keeps them in a small memory-mapped file (in /dev/shm), for the
  gunicorn workers of one machine that each hold a local-memory cache: keys are hashed into
  65,536 slots (two keys sharing a slot only cost an extra miss).

Both also hold the **purge sequence** (changes at every purge: a page rendered while a purge
happened is not stored, it may show the rows from before) and the time the next embargo ends.
"""

import hashlib
import logging
import mmap
import os
import secrets
import struct
import tempfile
import threading
import zlib

from django.conf import settings

logger = logging.getLogger(__name__)

NEVER = 2**62


class CacheGenerations:
    """Generations as cache entries without expiry (`pagecache:gen:<key>`)."""

    prefix = "pagecache:gen:"
    epoch_key = "pagecache:epoch"
    sequence_key = "pagecache:sequence"
    due_key = "pagecache:due"

    def __init__(self, cache):
        self.cache = cache
        self.lost_contact = False
        self.lock = threading.Lock()

    def _recover(self):
        """After this process could not reach the cache, distrust everything stored before."""
        if self.lost_contact:
            self.cache.set(self.epoch_key, secrets.token_hex(8), None)
            self.lost_contact = False
            logger.warning("Page cache reachable again: entries stored before are not trusted")

    def failed(self):
        self.lost_contact = True

    def read(self, keys):
        """({key: generation}, epoch, sequence, due); missing generations are created."""
        self._recover()
        names = [self.prefix + key for key in keys]
        wanted = [*names, self.epoch_key, self.sequence_key, self.due_key]
        found = self.cache.get_many(wanted)
        missing = [n for n in (*names, self.epoch_key, self.sequence_key) if n not in found]
        if missing:
            for n in missing:
                self.cache.add(n, secrets.token_hex(8), None)
            found.update(self.cache.get_many(missing))
        generations = {key: found.get(n) for key, n in zip(keys, names, strict=True)}
        due = found.get(self.due_key, NEVER)
        return generations, found.get(self.epoch_key), found.get(self.sequence_key), due

    def bump(self, keys):
        self._recover()
        values = {self.prefix + key: secrets.token_hex(8) for key in keys}
        values[self.sequence_key] = secrets.token_hex(8)
        self.cache.set_many(values, None)

    def reset(self):
        self.cache.set_many(
            {self.epoch_key: secrets.token_hex(8), self.sequence_key: secrets.token_hex(8)}, None
        )

    def set_due(self, due):
        self.cache.set(self.due_key, due, None)


class SharedFileGenerations:
    """Generations in a memory-mapped file shared by the processes of one machine."""

    slots = 65536
    header = 3  # epoch, sequence, due
    size = (slots + header) * 8

    def __init__(self, path):
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            with _suppress_oserror():  # created by another user, who set the mode already
                os.fchmod(fd, 0o666)
            if os.fstat(fd).st_size < self.size:
                os.ftruncate(fd, self.size)
            self.map = mmap.mmap(fd, self.size)
        finally:
            os.close(fd)

    def _slot(self, key):
        return self.header + zlib.crc32(key.encode()) % self.slots

    def _get(self, slot):
        return self.map[slot * 8 : slot * 8 + 8]

    def _put(self, slot, value: bytes):
        self.map[slot * 8 : slot * 8 + 8] = value

    def failed(self):
        pass

    def read(self, keys):
        generations = {key: self._get(self._slot(key)).hex() for key in keys}
        due = struct.unpack("<d", self._get(2))[0] or NEVER
        return generations, self._get(0).hex(), self._get(1).hex(), due

    def bump(self, keys):
        for key in keys:
            self._put(self._slot(key), os.urandom(8))
        self._put(1, os.urandom(8))

    def reset(self):
        self._put(0, os.urandom(8))
        self._put(1, os.urandom(8))

    def set_due(self, due):
        self._put(2, struct.pack("<d", min(due, NEVER)))


class _suppress_oserror:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        return kind is not None and issubclass(kind, OSError)


def default_file():
    """One file per site and database: two sites on one machine do not share generations."""
    database = settings.DATABASES["default"]
    identity = f"{settings.BASE_DIR}|{database.get('NAME')}|{database.get('HOST')}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    return os.path.join(folder, f"dialogue-page-cache-{digest}")


_stores: dict = {}
_lock = threading.Lock()


def store(cache):
    """The generation store for `cache`: in it when shared (Redis...), else the shared file."""
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(cache, LocMemCache):
        path = getattr(settings, "PAGE_CACHE_GENERATIONS_FILE", None) or default_file()
        identity = ("file", path)
    else:
        identity = ("cache", id(cache))
    with _lock:
        found = _stores.get(identity)
        if found is None or (identity[0] == "cache" and found.cache is not cache):
            if identity[0] == "file":
                found = SharedFileGenerations(path)
            else:
                found = CacheGenerations(cache)
            _stores[identity] = found
        return found
