"""Filters of the search (kind, year or years, member state, topic, language), their counts
and the page of results, all from the index (`SearchEntry`).

Each facet's counts are those of the current search with every *other* filter applied, the
usual faceting rule, so a visitor sees what ticking one more value would give; the total
is the matches of every filter. No query per value:

- on PostgreSQL, one statement: the matching rows are read once (a materialized CTE, the
  words matched through the GIN index and ranked there), then grouped per kind, year, state
  and languages (a few hundred groups, added up here per facet), per set of topics (split
  here) and cut to the page shown (`pg_search`);
- elsewhere (SQLite), one grouped query per kind, year, state, languages and topic list,
  added up here (`tally`), and one for the page.

Rows are read only if they pass every filter but one at most: nothing else can count.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from .engine import VECTOR_COLUMN, configs
from .models import SearchEntry

FACETS = ("kind", "year", "state", "topic", "language")


@dataclass(frozen=True)
class Filters:
    """What the visitor chose; empty means no filter on that facet (values within a facet
    are alternatives: any of them)."""

    kinds: frozenset = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    state_ids: frozenset = frozenset()
    topic_ids: frozenset = frozenset()
    languages: frozenset = frozenset()

    def active(self):
        """The facets that filter."""
        chosen = {
            "kind": self.kinds,
            "year": self.year_from is not None or self.year_to is not None,
            "state": self.state_ids,
            "topic": self.topic_ids,
            "language": self.languages,
        }
        return [name for name in FACETS if chosen[name]]

    # One predicate per facet on a group (kind, year, state_id, languages, topics).
    def passes(self, name, cell):
        kind, year, state, languages, topics = cell
        if name == "kind":
            return not self.kinds or kind in self.kinds
        if name == "year":
            if self.year_from is None and self.year_to is None:
                return True
            return year is not None and (
                (self.year_from is None or year >= self.year_from)
                and (self.year_to is None or year <= self.year_to)
            )
        if name == "state":
            return not self.state_ids or state in self.state_ids
        if name == "language":
            return not self.languages or any(code in self.languages for code in languages.split())
        if topics is None:  # already applied
            return True
        return not self.topic_ids or any(int(t) in self.topic_ids for t in topics.split())

    def q(self, name):
        """The ORM condition of one facet (an empty Q when it does not filter)."""
        if name == "kind" and self.kinds:
            return Q(kind__in=self.kinds)
        if name == "year":
            condition = Q()
            if self.year_from is not None:
                condition &= Q(year__gte=self.year_from)
            if self.year_to is not None:
                condition &= Q(year__lte=self.year_to)
            return condition
        if name == "state" and self.state_ids:
            return Q(state_id__in=self.state_ids)
        if name == "topic" and self.topic_ids:
            return _any(Q(topics__contains=f" {topic} ") for topic in self.topic_ids)
        if name == "language" and self.languages:
            return _any(Q(languages__contains=f" {code} ") for code in self.languages)
        return Q()

    def all_q(self, without=()):
        condition = Q()
        for name in FACETS:
            if name not in without:
                condition &= self.q(name)
        return condition

    def countable_q(self):
        """Rows that pass every filter but one at most: the only ones any count includes."""
        active = self.active()
        if len(active) < 2:
            return Q()
        return _any(self.all_q(without=(name,)) for name in active)

    def sql(self, name):
        """One facet's condition as SQL with its parameters, for `pg_search`."""
        if name == "kind" and self.kinds:
            return "kind = ANY(%s)", [sorted(self.kinds)]
        if name == "year":
            parts, params = [], []
            if self.year_from is not None:
                parts.append("year >= %s")
                params.append(self.year_from)
            if self.year_to is not None:
                parts.append("year <= %s")
                params.append(self.year_to)
            return (" AND ".join(parts) or "TRUE"), params
        if name == "state" and self.state_ids:
            return "state_id = ANY(%s)", [sorted(self.state_ids)]
        if name == "topic" and self.topic_ids:
            patterns = [f"% {topic} %" for topic in sorted(self.topic_ids)]
            return "topics LIKE ANY(%s)", [patterns]
        if name == "language" and self.languages:
            return "languages LIKE ANY(%s)", [[f"% {code} %" for code in sorted(self.languages)]]
        return "TRUE", []

    def all_sql(self, without=()):
        parts, params = [], []
        for name in FACETS:
            if name not in without:
                sql, more = self.sql(name)
                parts.append(f"({sql})")
                params += more
        return " AND ".join(parts), params


def _any(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def tally(cells, filters):
    """({facet: Counter(value -> matches)}, total) from groups (cell, n)."""
    result = {name: Counter() for name in FACETS}
    total = 0
    for cell, n in cells:
        passed = {name: filters.passes(name, cell) for name in FACETS}
        if all(passed.values()):
            total += n

        def others(name, passed=passed):
            return all(ok for other, ok in passed.items() if other != name)

        for name, value in (("kind", cell[0]), ("year", cell[1]), ("state", cell[2])):
            if value is not None and others(name):
                result[name][value] += n
        if others("language"):
            for code in cell[3].split():
                result["language"][code] += n
        if cell[4] is not None and others("topic"):
            for topic in cell[4].split():
                result["topic"][int(topic)] += n
    return result, total


def counts(matches, filters):
    """The facets' counts and the total, from grouped queries of the ORM (any database)."""
    rows = (
        matches.filter(filters.countable_q())
        .order_by()
        .values_list("kind", "year", "state_id", "languages", "topics")
        .annotate(n=Count("pk"))
    )
    return tally([(tuple(row[:5]), row[5]) for row in rows], filters)


# PostgreSQL: one statement --------------------------------------------------------------

ORDERS = {
    "relevance": "rank DESC, date DESC NULLS LAST, id",
    "newest": "date DESC NULLS LAST, id DESC",
    "oldest": "date ASC NULLS LAST, id",
}


def pg_search(q, filters, *, sort, offset, limit):
    """Counts, total and the page's (kind, record id) in one statement on PostgreSQL.

    The matching rows are read once (`m`); each facet's counts are then grouped there, with
    the other facets' filters as `FILTER` clauses: kind, year, state and the total in one
    pass of grouping sets; languages and topics (lists between spaces) grouped by list, then
    the few lists split into their values; the page. About a hundred rows come back,
    whatever matched.
    """
    table = SearchEntry._meta.db_table
    where = ["(visible_from IS NULL OR visible_from <= now())"]
    params = []
    if q:
        query = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _config in configs())
        query_params = [value for config in configs() for value in (config, q)]
        where.append(f"{VECTOR_COLUMN} @@ ({query})")
        params += query_params
        rank = f"ts_rank({VECTOR_COLUMN}, ({query})) * weight"
        rank_params = query_params
    else:
        rank, rank_params = "weight", []
        if sort == "relevance":
            sort = "newest"
    active = filters.active()
    if len(active) >= 2:
        parts = []
        for name in active:
            sql, more = filters.all_sql(without=(name,))
            parts.append(f"({sql})")
            params += more
        where.append("(" + " OR ".join(parts) + ")")

    def others(name):
        return filters.all_sql(without=(name,))

    scalars, scalar_params = [], []
    for name in ("kind", "year", "state"):
        sql, more = others(name)
        scalars.append(f"COUNT(*) FILTER (WHERE {sql})")
        scalar_params += more
    all_sql, all_params = filters.all_sql()
    topic_sql, topic_params = others("topic")
    language_sql, language_params = others("language")
    statement = f"""
        WITH m AS MATERIALIZED (
            SELECT id, kind, record_id, year, state_id, languages, topics, date,
                   {rank} AS rank
            FROM {table} WHERE {" AND ".join(where)}
        )
        SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind'
                    WHEN GROUPING(year) = 0 THEN 'year'
                    WHEN GROUPING(state_id) = 0 THEN 'state' ELSE 'total' END,
               COALESCE(kind, year::text, state_id::text),
               {scalars[0]}, {scalars[1]}, {scalars[2]}, COUNT(*) FILTER (WHERE {all_sql})
            FROM m GROUP BY GROUPING SETS ((kind), (year), (state_id), ())
        UNION ALL
        SELECT facet, value, SUM(n), NULL, NULL, NULL FROM (
            SELECT 'topic', topics, COUNT(*) FILTER (WHERE {topic_sql}) FROM m GROUP BY topics
            UNION ALL
            SELECT 'language', languages, COUNT(*) FILTER (WHERE {language_sql})
                FROM m GROUP BY languages
        ) AS lists(facet, list, n)
            CROSS JOIN LATERAL unnest(string_to_array(btrim(list), ' ')) AS value
            WHERE value <> '' GROUP BY facet, value
        UNION ALL
        (SELECT 'hit', kind, record_id, NULL, NULL, NULL FROM m
            WHERE {all_sql} ORDER BY {ORDERS[sort]} LIMIT %s OFFSET %s)
    """
    params = (
        rank_params
        + params
        + scalar_params
        + all_params
        + topic_params
        + language_params
        + all_params
        + [limit, offset]
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    result = {name: Counter() for name in FACETS}
    total, hits = 0, []
    for part, value, first, second, third, everything in rows:
        if part == "hit":
            hits.append((value, first))
        elif part == "total":
            total = everything
        elif part in ("topic", "language"):
            if first:
                result[part][int(value) if part == "topic" else value] = int(first)
        elif value is not None:
            n = {"kind": first, "year": second, "state": third}[part]
            if n:
                result[part][value if part == "kind" else int(value)] = n
    return result, total, hits
