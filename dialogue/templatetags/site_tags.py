"""Template tags every public page uses: JSON-LD, the canonical address, navigation, languages."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from dialogue.records.i18n import is_translated
from dialogue.records.links import web_address
from dialogue.records.models import format_date
from dialogue.records.views import schema_date

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
    if url != reverse("home") and request.path.startswith(url):
        return mark_safe(' class="in-section"')
    return ""


@register.simple_tag
def lang_attr(language):
    """A lang attribute when words are in another language than the page's."""
    page = (get_language() or "").split("-")[0]
    if not language or language.split("-")[0] == page:
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag(takes_context=True)
def page_languages(context):
    """This page in each of the site's languages, for the language switcher and the
    `hreflang` alternates: code, name (in that language), absolute address, current.

    `translate_url` keeps the visitor on the same record, with the same query string.
    """
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": request.build_absolute_uri(translate_url(here, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def language_neutral_url(context):
    """This page's address without its language (/events/...), which redirects each visitor
    to their own language: the `x-default` alternate, as the sitemap gives it too."""
    request = context.get("request")
    if request is None:
        return ""
    default = settings.LANGUAGE_CODE
    url = translate_url(request.get_full_path(), default)
    return request.build_absolute_uri(url.replace(f"/{default}/", "/", 1))


@register.filter
def iso_date(value, precision="day"):
    """A date for a datetime attribute, no more precise than the source: 2023, 2023-12, …"""
    return schema_date(value, precision) or ""


@register.filter
def full_stop(value):
    """`value` ending a sentence: a full stop added unless it ends with one already
    ("6 марта 2025 г." stays as it is)."""
    text = str(value).rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


@register.filter
def web_link(value):
    """A stored address to link to: itself if http or https, else empty (shown as text)."""
    return web_address(value)


@register.filter
def precise_date(value, precision="day"):
    """A date for people to read, no more precise than the source."""
    return format_date(value, precision)


# Content in the page's language, or the default language's text marked as such ----------


def _in_page_language(record, field):
    """(text, language of the text if it is not the page's) for a translated field.

    A record with no text in the page's language shows the default language's (the
    modeltranslation fallback); that text is then in another language than the page.
    """
    value = getattr(record, field, "")
    if not value:
        return "", None
    if not is_translated(type(record), field):
        return value, None
    page = get_language()
    own = getattr(record, build_localized_fieldname(field, page), None)
    if own or page == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return value, None
    return value, settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _untranslated_note(language):
    name = get_language_info(language)["name_translated"]
    return _("not yet translated; in %(language)s") % {"language": name}


@register.filter
def tr(record, field):
    """A record's field as inline text: in the page's language, or else in the default
    language inside `<span lang="en">` with a short note. Used for every translated field
    shown in a page's body (attributes and titles take the plain field)."""
    value, language = _in_page_language(record, field)
    if language is None:
        return conditional_escape(value)
    return format_html(
        '<span lang="{}" class="untranslated">{}</span>'
        ' <small class="untranslated-note">({})</small>',
        language,
        value,
        _untranslated_note(language),
    )


@register.filter
def fallback_lang(record, field):
    """` lang="en"` on an element showing `field` (as a search headline does) when the record
    has no text in the page's language and shows the default language's instead."""
    _, language = _in_page_language(record, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def tr_text(record, field):
    """`tr` for running text (paragraphs, as `linebreaks` makes them)."""
    value, language = _in_page_language(record, field)
    paragraphs = mark_safe(linebreaks(value, autoescape=True))  # escaped by linebreaks
    if language is None:
        return paragraphs
    return format_html(
        '<p class="untranslated-note">{}</p><div lang="{}" class="untranslated">{}</div>',
        capfirst(_untranslated_note(language)) + ".",
        language,
        paragraphs,
    )
