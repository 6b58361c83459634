"""Markdown to safe HTML for the site's pages (markdown-it-py, CommonMark).

Raw HTML in the text is shown as text, never passed through; links with a scheme other
than http, https or mailto (javascript:, data:...) are left as text; headings move down
one level, so the text's `#` is an `<h2>` under the page's own `<h1>`. Whatever staff or an
import store, the page's markup stays whole.
"""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _validate_link(url: str) -> bool:
    address = url.strip().lower()
    if ":" not in address.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # a relative address: /en/events/, #section
    return address.startswith(SAFE_SCHEMES)


_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.validateLink = _validate_link


def render(text: str) -> SafeString:
    """The text as HTML, safe to put in a page."""
    tokens = _parser.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return mark_safe(_parser.renderer.render(tokens, _parser.options, {}))  # escaped by it
