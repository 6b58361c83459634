"""The production settings, plus what the benchmark needs if the project lacks it yet.

`bench/run` serves the site with these: `dialogue.settings` as production reads it (the
environment says DJANGO_DEBUG=false and the rest), and, only where the project does not
have them already, a cache from CACHE_URL, the page cache middleware (PAGE_CACHE=off leaves
it out) and the /healthz address.
"""

import dialogue.settings as site
from dialogue.settings import *  # noqa: F403

if not hasattr(site, "CACHES"):
    CACHES = {"default": site.env.cache_url("CACHE_URL", default="locmemcache://")}

PAGE_CACHE_ENABLED = site.env.bool("PAGE_CACHE", default=True)
PAGE_CACHE = "dialogue.cache.PageCacheMiddleware"
MIDDLEWARE = list(site.MIDDLEWARE)
if PAGE_CACHE not in MIDDLEWARE:
    # As late as possible (after the locale and the signed-in user are known), but before
    # django-axes, which asks to be last.
    axes = "axes.middleware.AxesMiddleware"
    MIDDLEWARE.insert(MIDDLEWARE.index(axes) if axes in MIDDLEWARE else len(MIDDLEWARE), PAGE_CACHE)

ROOT_URLCONF = "bench.urls"
