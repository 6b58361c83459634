"""The search page: one box over events, statements, quotes and speakers.

On PostgreSQL it ranks full-text matches from the stored vectors (`engine.py`); on
SQLite it matches substrings in every language's column.
"""

import re
from dataclasses import dataclass

from django import forms
from django.db import connection
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from modeltranslation.utils import get_language as get_content_language

from dialogue.records.views import PublicPageMixin
from events.models import Event
from statements.models import JointStatement, Quote, Speaker

from .engine import (
    SEARCH_FIELDS,
    StoredVector,
    in_every_language,
    in_language,
    search_query,
    text_search_config,
)

SEARCH_RESULTS_PER_KIND = 20
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 8
# PostgreSQL ranks at most this many matches of each kind (the first the index yields), so a
# search for a common word takes no longer than one for a rare word.
SEARCH_CANDIDATES = 200


# Search ------------------------------------------------------------------------------------

# ts_headline marks matches with these private-use characters; the text is escaped first and
# only then are they turned into <mark> elements, so nothing from a record becomes markup.
MARK_START, MARK_END = "\ue000", "\ue001"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search the record"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("Words from an event, a statement, a quote or a speaker's name."),
        error_messages={
            "max_length": gettext_lazy(
                "That is too long to search for: use at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )


def search_terms(q):
    """Words to look for: split on spaces, outer punctuation dropped, at most a few."""
    terms = []
    for word in q.split():
        word = word.strip("\"'“”‘’«».,;:!?()[]{}")
        if re.search(r"[^\W_]", word) and word.lower() not in (t.lower() for t in terms):
            terms.append(word)
    return terms[:SEARCH_MAX_TERMS]


def marked_from_headline(text):
    """Escape a ts_headline result, then turn its match markers into <mark> elements."""
    text = text or ""
    if text.count(MARK_START) != text.count(MARK_END):
        return escape(text.replace(MARK_START, "").replace(MARK_END, ""))
    return mark_safe(  # escaped before any markup is added
        escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def marked_excerpt(text, terms, width=None):
    """Escaped text with each term marked; cut to about `width` characters around a match."""
    text = " ".join((text or "").split())
    if not terms:
        return escape(text[:width] if width else text)
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    if width and len(text) > width:
        match = pattern.search(text)
        start = max(0, (match.start() if match else 0) - width // 3)
        if start:  # begin at a word, not inside one
            space = text.find(" ", start, match.start() if match else None)
            start = space + 1 if space != -1 else start
        end = start + width
        if end < len(text):
            space = text.rfind(" ", max(start, match.end() if match else start), end)
            end = space if space != -1 else end
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text was escaped


@dataclass
class Hit:
    record: object
    title: SafeString
    snippet: SafeString


@dataclass
class SearchKind:
    """One kind of record that the search box looks through."""

    key: str
    heading: str
    queryset: object
    title_field: str
    text_fields: tuple  # searched and shown as the snippet
    other_fields: tuple = ()  # searched only

    def pg_hits(self, q):
        """Ranked hits from the stored vectors (engine.py), marked by ts_headline.

        Only the first SEARCH_CANDIDATES matches are ranked, so a common word costs no more
        than a rare one. PostgreSQL computes the headlines, the dearest part, after the sort
        and the limit: for the rows shown only.
        """
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        query = search_query(q)
        vector = StoredVector()
        candidates = (
            self.queryset.annotate(document=vector)
            .filter(document=query)
            .order_by()
            .values("pk")[:SEARCH_CANDIDATES]
        )
        model = self.queryset.model
        texts = [in_language(model, field) for field in self.text_fields]
        if len(texts) == 1:
            text = texts[0]
        else:
            pieces = sum(((text, Value(" ")) for text in texts), ())[:-1]
            text = Concat(*pieces, output_field=TextField())
        marks = {
            "config": text_search_config(get_content_language()),
            "start_sel": MARK_START,
            "stop_sel": MARK_END,
        }
        records = (
            self.queryset.filter(pk__in=candidates)
            .annotate(
                rank=SearchRank(vector, query),
                title_marked=SearchHeadline(
                    in_language(model, self.title_field), query, highlight_all=True, **marks
                ),
                text_marked=SearchHeadline(
                    text,
                    query,
                    max_words=40,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
            .order_by("-rank", "pk")[: SEARCH_RESULTS_PER_KIND + 1]
        )
        return [
            Hit(
                record,
                marked_from_headline(record.title_marked),
                marked_from_headline(record.text_marked),
            )
            for record in records
        ]

    def like_hits(self, q):
        terms = search_terms(q)
        model = self.queryset.model
        fields = (self.title_field, *self.text_fields, *self.other_fields)
        columns = [column for field in fields for column in in_every_language(model, field)]
        condition = Q()
        for term in terms:
            any_field = Q()
            for column in columns:
                any_field |= Q(**{f"{column}__icontains": term})
            condition &= any_field
        records = self.queryset.filter(condition)[: SEARCH_RESULTS_PER_KIND + 1]
        hits = []
        for record in records:
            text = " ".join(str(_get(record, field)) for field in self.text_fields)
            hits.append(
                Hit(
                    record,
                    marked_excerpt(_get(record, self.title_field), terms),
                    marked_excerpt(text, terms, width=240),
                )
            )
        return hits

    def search(self, q):
        hits = self.pg_hits(q) if connection.vendor == "postgresql" else self.like_hits(q)
        return {
            "key": self.key,
            "heading": self.heading,
            "hits": hits[:SEARCH_RESULTS_PER_KIND],
            "more": len(hits) > SEARCH_RESULTS_PER_KIND,
        }


def _get(record, path):
    for name in path.split("__"):
        record = getattr(record, name, "") if record is not None else ""
    return record if record is not None else ""


def search_kind(key, heading, queryset):
    """One kind of record, with the fields `SEARCH_FIELDS` (engine.py) says are searched."""
    fields = SEARCH_FIELDS[queryset.model._meta.label]
    return SearchKind(key, heading, queryset, fields.title, fields.excerpt, fields.other)


def search_kinds():
    return [
        search_kind("events", _("Events"), Event.objects.public_listing()),
        search_kind("statements", _("Joint statements"), JointStatement.objects.public_listing()),
        search_kind("quotes", _("Quotes"), Quote.objects.public_listing()),
        search_kind("speakers", _("Speakers"), Speaker.objects.public_listing()),
    ]


class SearchView(PublicPageMixin, TemplateView):
    """One box over events, statements, quotes and speakers; junk gets advice, not an error."""

    template_name = "dialogue/search.html"
    page_description = gettext_lazy(
        "Search the record of the dialogue: events, joint statements, quotes and speakers."
    )

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        self.query = ""
        self.problem = None
        self.sections = []
        if not self.form.is_bound:
            self.problem = "empty"
        elif not self.form.is_valid():
            self.problem = "invalid"
        else:
            self.query = self.form.cleaned_data["q"]
            if not self.query:
                self.problem = "empty"
            elif not search_terms(self.query):
                self.problem = "no_words"
            else:
                self.sections = [kind.search(self.query) for kind in search_kinds()]
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        if self.query and not self.problem:
            return _("Search results for “%(query)s”") % {"query": self.query}
        return _("Search")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            query=self.query,
            problem=self.problem,
            sections=self.sections,
            total=sum(len(section["hits"]) for section in self.sections),
            full_text=connection.vendor == "postgresql",
        )
        return context
