"""Template tags every public page uses: JSON-LD, the canonical address, navigation, languages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from chairmanships.models import format_date
from chairmanships.views import schema_date

register = template.Library()

# The same escapes as django.utils.html.json_script: no "<", ">" or "&" survives, so text
# such as "</script>" inside a record cannot close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org description, built in Python as a dict, as an ld+json script element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without its query string."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(request.path)


@register.simple_tag(takes_context=True)
def nav_state(context, url):
    """Mark a navigation link as the current page, or as the section the page belongs to."""
    request = context.get("request")
    if request is None:
        return ""
    if request.path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and request.path.startswith(url):
        return mark_safe(' class="in-section"')
    return ""


@register.simple_tag
def lang_attr(language):
    """A lang attribute when words are in another language than the page's."""
    page = (get_language() or "").split("-")[0]
    if not language or language.split("-")[0] == page:
        return ""
    return format_html(' lang="{}"', language)


@register.filter
def iso_date(value, precision="day"):
    """A date for a datetime attribute, no more precise than the source: 2023, 2023-12, …"""
    return schema_date(value, precision) or ""


@register.filter
def precise_date(value, precision="day"):
    """A date for people to read, no more precise than the source."""
    return format_date(value, precision)
