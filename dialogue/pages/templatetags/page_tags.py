from django import template
from django.utils.html import format_html
from django.utils.text import capfirst

from dialogue.templatetags.site_tags import _in_page_language, _untranslated_note

from ..markdown import render

register = template.Library()


@register.filter
def tr_markdown(record, field):
    """A translated Markdown field as HTML in the page's language, or else the default
    language's inside `lang="en"` with a short note (as `tr_text` does for plain text)."""
    value, language = _in_page_language(record, field)
    html = render(value)
    if language is None:
        return html
    return format_html(
        '<p class="untranslated-note">{}</p><div lang="{}" class="untranslated">{}</div>',
        capfirst(_untranslated_note(language)) + ".",
        language,
        html,
    )
