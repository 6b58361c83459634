"""Values a page computes from a whole table (the counts of every year), kept like a page.

`remembered(name, models, compute)` keeps `compute()`'s result in the page cache's store
under the generations of `<model>-many` and `<model>-all` for each model, the keys every
write of one of their records and `purge_models()` purge. So the first page after a write
computes it again, and until then every page that needs it reads it from the cache. It
never outlives PAGE_CACHE_SECONDS, the next embargo's end or change of chair, and a value
computed while a purge ran is not kept (the same rules as the pages, `middleware.py`). The
page that uses it carries the same keys. If the cache does not answer, it is computed.
"""

import hashlib
import logging
import math
import time

from django.conf import settings

from . import cache, keys, refresh_embargo_end, store

logger = logging.getLogger(__name__)


def remembered(name, models, compute):
    names = sorted(key for model in models for key in (keys.many_key(model), keys.all_key(model)))
    keys.add(*names)
    found = None
    try:
        found = store()
        generations, epoch, sequence, due = found.read(names)
        signature = repr((epoch, sorted(generations.items()))).encode()
        address = f"pagecache:value:{name}:{hashlib.sha256(signature).hexdigest()}"
        value = cache().get(address)
    except Exception:
        _unreachable(found, "%s computed", name)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        _generations, epoch_after, sequence_after, _due = found.read([])
        now = time.time()
        if due <= now:
            due = refresh_embargo_end(found)
        life = min(getattr(settings, "PAGE_CACHE_SECONDS", 600), due - now)
        if (epoch_after, sequence_after) == (epoch, sequence) and life > 0:
            cache().set(address, value, math.ceil(life))
    except Exception:
        _unreachable(found, "%s not kept", name)
    return value


def _unreachable(found, message, name):
    """As for a page: distrust what the cache holds once it answers again (a purge may be
    lost meanwhile)."""
    if found is not None:
        found.failed()
    logger.warning("Page cache unreachable: " + message, name, exc_info=True)
