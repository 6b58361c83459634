"""Results the pages ask for hundreds of times, remembered per process.

A record's address (`reverse()`, about 40 µs) and a date written out for readers (about
20 µs) depend only on their inputs, the active language and the settings: the timeline
asks for some 240 addresses and 300 dates a view. Both are kept here under everything they
depend on, and forgotten whenever a setting changes (tests override settings).
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats
from django.utils.translation import get_language


@lru_cache(maxsize=16384)
def _reverse(viewname, kwargs, _language, _urlconf, _root, _prefix):
    return reverse(viewname, kwargs=dict(kwargs))


def record_url(viewname, **kwargs):
    """`reverse(viewname, kwargs=kwargs)`, remembered for the page's language."""
    return _reverse(
        viewname,
        tuple(sorted(kwargs.items())),
        get_language(),
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_script_prefix(),
    )


@lru_cache(maxsize=16384)
def _date_format(value, format_name, _language):
    return formats.date_format(value, format_name)


def date_format(value, format_name):
    """`django.utils.formats.date_format(value, format_name)` in the page's language."""
    return _date_format(value, format_name, get_language())


@receiver(setting_changed)
def _forget(**kwargs):
    _reverse.cache_clear()
    _date_format.cache_clear()
