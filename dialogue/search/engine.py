"""Stored full-text search vectors on PostgreSQL, kept up to date by the database itself.

`SEARCH_FIELDS` is the one place that says what the search box looks through: for each
model, the fields, their weight (A counts most) and which are shown; `SEARCHED` spells it
out as columns with the text search configuration each is read with. From them come:

- the triggers (`install_sql`): each searched table gets a `search_vector` tsvector column
  with a GIN index, filled by a BEFORE INSERT/UPDATE trigger, so rows written any way at all
  (the admin, `bulk_create` in the archive generator, raw SQL) are searchable at once. A
  column of a related record (`"speaker__name"`) is read through its foreign key, and a
  trigger on the related table refreshes the rows that show it when it changes;
- the search page's fields (`dialogue/search/views.py`), on SQLite too;
- the query (`search_query`): the visitor's words parsed once per configuration used.

The column exists only on PostgreSQL and is not a model field: the records' forms, history,
API and exports never see it. SQLite keeps the substring search (`dialogue.search.views`).

Translated fields are searched in every content language, each with its own configuration
(`every_language`). To change what is searched (a new field, or a new language's columns),
edit `SEARCH_FIELDS` and add a migration that runs `install_sql` again:

    from dialogue.search.engine import InstallSearch

    class Migration(migrations.Migration):
        dependencies = [...]  # the migration that adds the new columns
        operations = [InstallSearch(SEARCHED_NOW)]  # the list as it stands, written out

It redefines the functions and triggers and refills every vector. Each migration carries
its own copy of the list, so a new database replays them without reading columns that a
later migration adds.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import migrations
from django.db.models import Expression

VECTOR_COLUMN = "search_vector"

# The PostgreSQL text search configuration each content language is read with; a language
# PostgreSQL has none for (Kazakh, say) is read with "simple": words, without stemming.
TEXT_SEARCH_CONFIGS = {"en": "english", "ru": "russian"}


def text_search_config(language):
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def every_language(path, weight):
    """A translated field (django-modeltranslation) in each content language: `title_en`
    read as English, `title_ru` as Russian, so either language's words find the record."""
    return tuple(
        (f"{path}_{code}", text_search_config(code), weight)
        for code in settings.MODELTRANSLATION_LANGUAGES
    )


@dataclass(frozen=True)
class SearchedFields:
    """What the search box reads in one kind of record, by weight (A counts most).

    `title` (A) is a hit's title and `excerpt` (B) its excerpt; `also` (B) and `other` (C)
    are searched only. Each is read in every content language (`every_language`), except the
    `untranslated` ones: a single column, read as English.
    """

    title: str
    excerpt: tuple[str, ...]
    also: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    untranslated: frozenset[str] = frozenset()

    def columns(self):
        """(column or fk__column, text search configuration, weight) for the triggers."""
        for weight, names in (
            ("A", (self.title,)),
            ("B", self.excerpt + self.also),
            ("C", self.other),
        ):
            for name in names:
                if name in self.untranslated:
                    yield (name, "english", weight)
                else:
                    yield from every_language(name, weight)


# The one place that says what is searched: the page (`views.py`) and the triggers read it.
SEARCH_FIELDS = {
    "events.Event": SearchedFields(
        "title", ("theme", "summary"), other=("city", "venue", "host_state__name")
    ),
    "statements.JointStatement": SearchedFields(
        "title", ("summary", "text"), other=("event__title",)
    ),
    "statements.Quote": SearchedFields(
        "speaker__name",
        ("text",),  # the original wording (the archive's quotes are English)
        also=("translation",),
        other=("position_at_time", "event__title"),
        untranslated=frozenset({"speaker__name", "text"}),
    ),
    "statements.Speaker": SearchedFields(
        "name", ("position", "organisation"), untranslated=frozenset({"name"})
    ),
}

# model label -> ((column or fk__column, text search configuration, weight), ...)
SEARCHED = {label: tuple(fields.columns()) for label, fields in SEARCH_FIELDS.items()}


def configs(searched=None):
    """The text search configurations used, in a stable order."""
    return sorted({config for fields in (searched or SEARCHED).values() for _, config, _ in fields})


def search_query(q, searched=None):
    """The visitor's words as a tsquery: web-search syntax, read with every configuration."""
    from django.contrib.postgres.search import SearchQuery

    query = None
    for config in configs(searched):
        one = SearchQuery(q, search_type="websearch", config=config)
        query = one if query is None else query | one
    return query


def _translated_columns(model, path):
    """`path`'s columns by content language ({"en": "title_en", ...}), or {} if the field
    is not translated (django-modeltranslation)."""
    from modeltranslation.utils import build_localized_fieldname

    from dialogue.records.i18n import is_translated

    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    if not is_translated(model, name):
        return {}
    prefix = "".join(f"{relation}__" for relation in relations)
    return {
        code: prefix + build_localized_fieldname(name, code)
        for code in settings.MODELTRANSLATION_LANGUAGES
    }


def in_every_language(model, path):
    """The columns to look through for `path`: one per language if it is translated."""
    return list(_translated_columns(model, path).values()) or [path]


def in_language(model, path):
    """`path` as the visitor reads it, in SQL: the active language's text, else the default
    language's (the fallback django-modeltranslation applies to attributes)."""
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Coalesce, NullIf
    from modeltranslation.utils import get_language

    columns = _translated_columns(model, path)
    if not columns:
        return F(path)
    active = columns[get_language()]
    default = columns[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    if active == default:
        return F(active)
    return Coalesce(NullIf(F(active), Value("")), F(default), output_field=TextField())


class StoredVector(Expression):
    """The stored `search_vector` column of the query's own table, for annotate() and filter().

    Like a column reference (unlike RawSQL), it follows the table's alias, so it stays right
    inside a subquery.
    """

    def __init__(self, alias=None):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.{_q(VECTOR_COLUMN)}", []


# The SQL --------------------------------------------------------------------------------


def _q(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _value(model, path):
    """SQL for one searched column of NEW, and the column of the table it depends on."""
    if "__" not in path:
        column = model._meta.get_field(path).column
        return f"NEW.{_q(column)}", column, None
    fk_name, related_name = path.split("__")
    fk = model._meta.get_field(fk_name)
    related = fk.related_model
    related_column = related._meta.get_field(related_name).column
    sql = (
        f"(SELECT {_q(related_column)} FROM {_q(related._meta.db_table)} "
        f"WHERE {_q(related._meta.pk.column)} = NEW.{_q(fk.column)})"
    )
    return sql, fk.column, (related, related_column, fk.column)


def install_sql(apps, searched=None):
    """Statements that (re)create the vector columns, indexes and triggers, and fill them."""
    statements = []
    dependents = {}  # (related table, column) -> [(table, fk column)]
    for label, fields in (searched or SEARCHED).items():
        model = apps.get_model(label)
        table = model._meta.db_table
        parts, watched = [], []
        for path, config, weight in fields:
            value, column, relation = _value(model, path)
            parts.append(
                f"setweight(to_tsvector({_literal(config)}::regconfig, coalesce({value}, '')), "
                f"{_literal(weight)})"
            )
            watched.append(column)
            if relation:
                related, related_column, fk_column = relation
                key = (related._meta.db_table, related._meta.pk.column, related_column)
                dependents.setdefault(key, []).append((table, fk_column))
        watched = list(dict.fromkeys(watched))
        function = _q(f"{table}_{VECTOR_COLUMN}")
        statements += [
            f"ALTER TABLE {_q(table)} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector",
            f"CREATE INDEX IF NOT EXISTS {_q(f'{table}_{VECTOR_COLUMN}_gin')} "
            f"ON {_q(table)} USING gin ({VECTOR_COLUMN})",
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  NEW.{VECTOR_COLUMN} := {' || '.join(parts)};\n  RETURN NEW;\nEND $$",
            f"DROP TRIGGER IF EXISTS {function} ON {_q(table)}",
            f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF "
            f"{', '.join(_q(c) for c in watched)} ON {_q(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            # Fill the vectors of the rows already there (the trigger computes them).
            f"UPDATE {_q(table)} SET {_q(watched[0])} = {_q(watched[0])}",
        ]
    for (related_table, pk, column), tables in dependents.items():
        function = _q(f"{related_table}_{column}_refresh_search")
        updates = "\n".join(
            f"  UPDATE {_q(table)} SET {_q(fk)} = {_q(fk)} WHERE {_q(fk)} = NEW.{_q(pk)};"
            for table, fk in tables
        )
        statements += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{updates}\n  RETURN NULL;\nEND $$",
            f"DROP TRIGGER IF EXISTS {function} ON {_q(related_table)}",
            f"CREATE TRIGGER {function} AFTER UPDATE OF {_q(column)} ON {_q(related_table)} "
            f"FOR EACH ROW WHEN (OLD.{_q(column)} IS DISTINCT FROM NEW.{_q(column)}) "
            f"EXECUTE FUNCTION {function}()",
        ]
    return statements


class InstallSearch(migrations.RunPython):
    """Migration operation: (re)install the search vectors; nothing on other databases."""

    reduces_to_sql = False

    def __init__(self, searched=None):
        self.searched = searched

        def forwards(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            for statement in install_sql(apps, self.searched):
                schema_editor.execute(statement, params=None)

        super().__init__(forwards, migrations.RunPython.noop, elidable=False)

    def deconstruct(self):
        return ("dialogue.search.engine.InstallSearch", [], {"searched": self.searched})
