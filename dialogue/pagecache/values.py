"""Values a page computes from a whole table (the counts of every year), kept like a page.

`remembered(name, models, compute)` keeps `compute()`'s result in the page cache's store
under the generations of `<model>-many` for each model, the key every write of one of
their records purges; so the first page after a write computes it again, and until then
every page, and every page type, that needs it reads it from the cache. It never outlives
the next embargo's end or change of chair, and a value computed while a purge ran is
not kept (the same rules as the pages, `middleware.py`). The page that uses it carries the
same keys. If the cache does not answer, the value is computed.
"""

import hashlib
import logging
import math
import time

from . import cache, keys, refresh_embargo_end, store

logger = logging.getLogger(__name__)

TIMEOUT = 24 * 60 * 60


def remembered(name, models, compute):
    names = sorted(keys.many_key(model) for model in models)
    keys.add(*names)
    try:
        found = store()
        generations, epoch, sequence, due = found.read(names)
        signature = repr((epoch, sorted(generations.items()))).encode()
        address = f"pagecache:value:{name}:{hashlib.sha256(signature).hexdigest()}"
        value = cache().get(address)
    except Exception:
        logger.warning("Page cache unreachable: %s computed", name, exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        _generations, epoch_after, sequence_after, _due = found.read([])
        now = time.time()
        if due <= now:
            due = refresh_embargo_end(found)
        life = min(TIMEOUT, due - now)
        if (epoch_after, sequence_after) == (epoch, sequence) and life > 0:
            cache().set(address, value, math.ceil(life))
    except Exception:
        logger.warning("Page cache unreachable: %s not kept", name, exc_info=True)
    return value
