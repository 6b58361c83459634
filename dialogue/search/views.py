"""The search page: one box over events, statements, quotes and speakers, with filters by
kind, year (or years), member state, topic and language, each with its counts.

Results, filters and counts come from the index (`SearchEntry`, kept by `index.py`): one
query for the page of results, one grouped query for the counts of four facets and one
for the topics (`facets.py`). The record's title and excerpt, with the words marked
(PostgreSQL's `ts_headline`), are made only for the records shown, one query per kind.
On PostgreSQL results are ranked by the stored vectors (`engine.py`); on SQLite the
index's text is matched word by word.
"""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.http import HttpResponseRedirect, QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from modeltranslation.utils import get_language as get_content_language

from chairmanships.models import MemberState, Topic
from dialogue.pagecache import keys as cache_keys
from dialogue.records.views import PublicPageMixin
from events.models import Event
from statements.models import JointStatement, Quote, Speaker

from .engine import SEARCH_FIELDS, StoredVector, in_language, search_query, text_search_config
from .facets import Filters, counts, pg_search
from .models import SearchEntry

SEARCH_RESULTS_PER_PAGE = 20
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 8
SEARCH_MAX_PAGE = 10_000
SORTS = ("relevance", "newest", "oldest")

# kind -> (the old section key, the model's public list)
KINDS = {
    "event": ("events", lambda: Event.objects.public_listing()),
    "statement": ("statements", lambda: JointStatement.objects.public_listing()),
    "quote": ("quotes", lambda: Quote.objects.public_listing()),
    "speaker": ("speakers", lambda: Speaker.objects.public_listing()),
}


# Search ------------------------------------------------------------------------------------

# ts_headline marks matches with these private-use characters; the text is escaped first and
# only then are they turned into <mark> elements, so nothing from a record becomes markup.
MARK_START, MARK_END = "\ue000", "\ue001"


class SearchForm(forms.Form):
    """The box and the filters, all from the address (GET): shareable and bookmarkable."""

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
    kind = forms.MultipleChoiceField(
        label=gettext_lazy("Kind of record"), choices=SearchEntry.Kind, required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=1000, max_value=9999, required=False
    )
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), min_value=1000, max_value=9999, required=False
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), min_value=1000, max_value=9999, required=False
    )
    state = forms.MultipleChoiceField(label=gettext_lazy("Member state"), required=False)
    topic = forms.MultipleChoiceField(label=gettext_lazy("Topic"), required=False)
    language = forms.MultipleChoiceField(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES, required=False
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            ("relevance", gettext_lazy("Best match")),
            ("newest", gettext_lazy("Newest first")),
            ("oldest", gettext_lazy("Oldest first")),
        ],
    )
    page = forms.IntegerField(
        label=gettext_lazy("Page"), min_value=1, max_value=SEARCH_MAX_PAGE, required=False
    )

    def __init__(self, *args, states, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.states, self.topics = states, topics
        self.fields["state"].choices = [(state.slug, state.name) for state in states]
        self.fields["topic"].choices = [(topic.slug, topic.name) for topic in topics]
        invalid = gettext_lazy("There is no %(value)s to filter by; choose one from the list.")
        for name in ("kind", "state", "topic", "language", "sort"):
            self.fields[name].error_messages["invalid_choice"] = invalid
        for name in ("year", "year_from", "year_to"):
            self.fields[name].error_messages["invalid"] = gettext_lazy(
                "A year is a number such as 2019."
            )
        self.fields["page"].error_messages["invalid"] = gettext_lazy(
            "A page is a number such as 2."
        )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is not None:
            data["year_from"] = data["year_to"] = year
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            raise forms.ValidationError(_("The first year comes after the last; swap them."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        states = {state.slug: state for state in self.states}
        topics = {topic.slug: topic for topic in self.topics}
        return Filters(
            kinds=frozenset(data.get("kind") or ()),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            state_ids=frozenset(states[slug].pk for slug in data.get("state") or ()),
            topic_ids=frozenset(topics[slug].pk for slug in data.get("topic") or ()),
            languages=frozenset(data.get("language") or ()),
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
    kind: str
    title: SafeString
    snippet: SafeString

    @property
    def key(self):
        return KINDS[self.kind][0]


def _get(record, path):
    for name in path.split("__"):
        record = getattr(record, name, "") if record is not None else ""
    return record if record is not None else ""


def _joined(model, fields):
    texts = [in_language(model, field) for field in fields]
    if len(texts) == 1:
        return texts[0]
    pieces = sum(((text, Value(" ")) for text in texts), ())[:-1]
    return Concat(*pieces, output_field=TextField())


def shown_records(kind, ids, q):
    """The records of one kind on the page, each with its title and excerpt marked: by
    ts_headline on PostgreSQL (for these rows only), else in Python. Still read through the
    public list, so a record the index has not caught up with is never shown."""
    fields = SEARCH_FIELDS[KINDS[kind][1]().model._meta.label]
    queryset = KINDS[kind][1]().filter(pk__in=ids)
    model = queryset.model
    terms = search_terms(q) if q else []
    if q and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline

        query = search_query(q)
        marks = {
            "config": text_search_config(get_content_language()),
            "start_sel": MARK_START,
            "stop_sel": MARK_END,
        }
        queryset = queryset.annotate(
            title_marked=SearchHeadline(
                in_language(model, fields.title), query, highlight_all=True, **marks
            ),
            text_marked=SearchHeadline(
                _joined(model, fields.excerpt),
                query,
                max_words=40,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        return {
            record.pk: Hit(
                record,
                kind,
                marked_from_headline(record.title_marked),
                marked_from_headline(record.text_marked),
            )
            for record in queryset
        }
    hits = {}
    for record in queryset:
        text = " ".join(str(_get(record, field)) for field in fields.excerpt)
        hits[record.pk] = Hit(
            record,
            kind,
            marked_excerpt(_get(record, fields.title), terms),
            marked_excerpt(text, terms, width=240),
        )
    return hits


def matching(q):
    """Index rows the public may see that match the words (all of them when `q` is empty)."""
    matches = SearchEntry.objects.visible()
    if not q:
        return matches
    if connection.vendor == "postgresql":
        return matches.annotate(document=StoredVector()).filter(document=search_query(q))
    for term in search_terms(q):
        matches = matches.filter(text__contains=term.casefold())
    return matches


def ordered(matches, q, sort):
    if sort == "oldest":
        return matches.order_by(F("date").asc(nulls_last=True), "pk")
    if sort == "newest" or not q:
        return matches.order_by(F("date").desc(nulls_last=True), "-pk")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        return matches.annotate(
            rank=SearchRank(StoredVector(), search_query(q)) * F("weight")
        ).order_by("-rank", F("date").desc(nulls_last=True), "pk")
    return matches.order_by("-weight", F("date").desc(nulls_last=True), "pk")


class Counted:
    """The page's rows, already read, and the total known from the counts: the Paginator
    needs no query of its own."""

    def __init__(self, rows, total):
        self.rows, self.total = rows, total

    def count(self):
        return self.total

    def __getitem__(self, item):
        return self.rows


def _link_without(params, name, value=None):
    remaining = params.copy()
    if value is None:
        remaining.pop(name, None)
    else:
        remaining.setlist(name, [v for v in remaining.getlist(name) if v != value])
    remaining.pop("page", None)
    return "?" + remaining.urlencode() if remaining else "?"


def tidy_query(params: QueryDict) -> str | None:
    """The query string without empty fields or the default order, or None if it has none:
    the address to share, cite and cache for this search."""
    default_sort = "relevance" if params.get("q", "").strip() else "newest"
    tidy, changed = QueryDict(mutable=True), False
    for name, values in params.lists():
        kept = [v for v in values if v.strip() and not (name == "sort" and v == default_sort)]
        changed = changed or kept != values
        if kept:
            tidy.setlist(name, kept)
    return tidy.urlencode() if changed else None


class SearchView(PublicPageMixin, TemplateView):
    """One box over events, statements, quotes and speakers, with filters; junk gets advice
    and a 400 (or a 404 for a page past the last), never an error."""

    template_name = "dialogue/search.html"
    page_description = gettext_lazy(
        "Search the record of the dialogue: events, joint statements, quotes and speakers."
    )

    def get(self, request, *args, **kwargs):
        if (tidy := tidy_query(request.GET)) is not None:
            # The form sends its empty filters and its default order: one address a search.
            return HttpResponseRedirect(f"{request.path}?{tidy}" if tidy else request.path)
        self.states = list(MemberState.objects.order_by("name"))
        self.topics = list(Topic.objects.order_by("name"))
        self.form = SearchForm(request.GET or None, states=self.states, topics=self.topics)
        self.query = ""
        self.problem = None
        self.page_obj = None
        self.hits = []
        self.facet_counts = None
        self.total = 0
        status = 200
        if not self.form.is_bound:
            self.problem = "empty"
        elif not self.form.is_valid() and not self.only_a_page_of_nothing():
            self.problem = "invalid"
            # Words too long is advice at 200; a filter no form could send is a bad request.
            if set(self.form.errors) - {"q"}:
                status = 400
        elif "page" in self.form.errors:  # a page of no search: there is nothing to page
            self.problem = "empty"
        else:
            self.query = self.form.cleaned_data["q"]
            self.filters = self.form.filters()
            filtered = any(
                self.form.cleaned_data.get(name)
                for name in ("kind", "year_from", "year_to", "state", "topic", "language")
            )
            if self.query and not search_terms(self.query):
                self.problem = "no_words"
            elif not self.query and not filtered:
                self.problem = "empty"
            else:
                status = self.search()
        response = super().get(request, *args, **kwargs)
        response.status_code = status
        return response

    def only_a_page_of_nothing(self):
        """Only the page number is wrong, and nothing is asked for: the page is ignored."""
        asked = {name for name, value in self.request.GET.items() if value.strip()}
        return set(self.form.errors) == {"page"} and not asked - {"page"}

    def search(self):
        # The page depends on every searched list, as it did when it read them directly.
        cache_keys.add(*(cache_keys.list_key(KINDS[kind][1]().model) for kind in KINDS))
        q, filters = self.query, self.filters
        self.sort = self.form.cleaned_data.get("sort") or ("relevance" if q else "newest")
        number = self.form.cleaned_data.get("page") or 1
        offset = (number - 1) * SEARCH_RESULTS_PER_PAGE
        if connection.vendor == "postgresql":
            self.facet_counts, self.total, entries = pg_search(
                q, filters, sort=self.sort, offset=offset, limit=SEARCH_RESULTS_PER_PAGE
            )
        else:
            matches = matching(q)
            self.facet_counts, self.total = counts(matches, filters)
            results = ordered(matches.filter(filters.all_q()), q, self.sort)
            entries = list(
                results.values_list("kind", "record_id")[offset : offset + SEARCH_RESULTS_PER_PAGE]
            )
        paginator = Paginator(Counted(entries, self.total), SEARCH_RESULTS_PER_PAGE)
        if self.total and number > paginator.num_pages:
            self.problem = "page"
            self.last_page = paginator.num_pages
            return 404
        self.page_obj = paginator.page(number if self.total else 1)
        by_kind = {}
        for kind, record_id in entries:
            by_kind.setdefault(kind, []).append(record_id)
        shown = {kind: shown_records(kind, ids, q) for kind, ids in by_kind.items()}
        self.hits = [
            shown[kind][record_id] for kind, record_id in entries if record_id in shown[kind]
        ]
        return 200

    def get_page_title(self):
        if self.query and not self.problem:
            return _("Search results for “%(query)s”") % {"query": self.query}
        return _("Search")

    def facets(self):
        """The filters as the form shows them: each value with its count, ticked or not."""
        form = self.form
        chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
        found = self.facet_counts or {}

        def options(name, values, key=lambda value: value):
            selected = set(chosen.get(name) or ())
            shown = []
            for value, label, count_key in values:
                count = found[name].get(count_key, 0) if found else None
                if found and not count and value not in selected:
                    continue
                shown.append(
                    {"value": value, "label": label, "count": count, "checked": value in selected}
                )
            return shown

        kinds = [(value, label, value) for value, label in SearchEntry.Kind.choices]
        states = [(s.slug, s.name, s.pk) for s in self.states]
        topics = [(t.slug, t.name, t.pk) for t in self.topics]
        if found:
            topics.sort(key=lambda t: -found["topic"].get(t[2], 0))
        languages = [(code, name, code) for code, name in settings.LANGUAGES]
        years = sorted(found["year"]) if found else []
        for name in ("year_from", "year_to"):
            if chosen.get(name) and chosen[name] not in years:
                years.append(chosen[name])
        years.sort(reverse=True)
        return {
            "kind": options("kind", kinds),
            "state": options("state", states),
            "topic": options("topic", topics),
            "language": options("language", languages),
            "years": [
                {"year": y, "count": found["year"].get(y, 0) if found else None} for y in years
            ],
            "year_bounds": [
                {"name": "year_from", "label": _("From year"), "selected": chosen.get("year_from")},
                {"name": "year_to", "label": _("To year"), "selected": chosen.get("year_to")},
            ],
        }

    def active_filters(self):
        """Each filter in force, with a link that removes it (no JavaScript needed)."""
        if not (self.form.is_bound and self.form.is_valid()):
            return []
        params = QueryDict(mutable=True)
        params.update(self.request.GET)
        data = self.form.cleaned_data
        active = []
        labels = {
            "kind": dict(SearchEntry.Kind.choices),
            "state": {s.slug: s.name for s in self.states},
            "topic": {t.slug: t.name for t in self.topics},
            "language": dict(settings.LANGUAGES),
        }
        for name, names in labels.items():
            for value in data.get(name) or ():
                active.append(
                    {
                        "facet": self.form.fields[name].label,
                        "label": names[value],
                        "url": _link_without(params, name, value),
                    }
                )
        if data.get("year_from") or data.get("year_to"):
            if data["year_from"] == data["year_to"]:
                label = str(data["year_from"])
            else:
                label = f"{data.get('year_from') or '…'}–{data.get('year_to') or '…'}"
            without = params.copy()
            for name in ("year", "year_from", "year_to"):
                without.pop(name, None)
            without.pop("page", None)
            active.append({"facet": _("Year"), "label": label, "url": "?" + without.urlencode()})
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's hits by kind (every kind, even with none), for whoever reads them so.
        sections = {kind: {"key": key, "hits": []} for kind, (key, _list) in KINDS.items()}
        for hit in self.hits:
            sections[hit.kind]["hits"].append(hit)
        context.update(
            form=self.form,
            query=self.query,
            problem=self.problem,
            hits=self.hits,
            sections=list(sections.values()),
            total=self.total,
            page_obj=self.page_obj,
            facets=self.facets(),
            active_filters=self.active_filters(),
            sort=getattr(self, "sort", ""),
            last_page=getattr(self, "last_page", None),
            full_text=connection.vendor == "postgresql",
        )
        return context
