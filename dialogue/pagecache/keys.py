"""Which records and lists a response was built from: its surrogate keys.

While a page renders, `collecting()` gathers keys without any view naming them:

- `<model>-<pk>` for every record of the content apps loaded from the database (a
  `post_init` receiver), e.g. `event-12`, `quote-9`, `memberstate-3`;
- for every query over a content table that may return several rows, a list key: the
  model's `<model>-list`, or, when the query is narrowed to one parent (`quote.event_id = 12`),
  `<model>-<field>-<value>` (`quote-event-12`), so that a new quote at one conference does not
  evict the pages of every other; a query for one record by a unique field (`slug = ...`) adds
  no list key, its record key is enough;
- `view-<url name>` for the page itself (`view-home`, `view-events-event_list`).

A streamed answer (the downloads) sends its headers before it reads its rows, so it names
the models it will read up front with `add_models(...)`.

`keys_for_write(instance, ...)` answers the other half: which keys a save or delete must purge.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db.models import ForeignKey
from django.db.models.lookups import Exact, In
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.where import WhereNode

CONTENT_APPS = ("chairmanships", "events", "statements", "pages")
VISIBILITY_FIELDS = ("publication_status", "publish_at")

_collected: ContextVar[set | None] = ContextVar("page_cache_keys", default=None)
_is_content: dict = {}
_by_table: dict = {}


@contextmanager
def collecting():
    """Collect the keys of everything loaded inside the block into the set it yields."""
    keys: set[str] = set()
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)


def add(*keys: str) -> None:
    """Add keys to the response being rendered (a no-op outside `collecting()`)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


def add_models(*models) -> None:
    """Name whole models, ahead of reading them: for a streamed answer (an export), whose
    headers go out before its rows are read. Any write of a record of these models, and
    `purge_models()`, purges the answer."""
    add(*(key for model in models for key in (many_key(model), all_key(model))))


def name(model) -> str:
    return model._meta.concrete_model._meta.model_name


def record_key(model, pk) -> str:
    return f"{name(model)}-{pk}"


def list_key(model) -> str:
    return f"{name(model)}-list"


def all_key(model) -> str:
    """On every page that shows or lists a record of `model`: `purge_models()` purges it."""
    return f"{name(model)}-all"


def many_key(model) -> str:
    """On a page showing too many records of `model` to name each (an export, the sitemap):
    every write of one of them purges it."""
    return f"{name(model)}-many"


def scoped_list_key(model, field_name: str, value) -> str:
    return f"{name(model)}-{field_name}-{value}"


def is_content(model) -> bool:
    """A model of the content apps whose rows can be on a page (history tables are not)."""
    try:
        return _is_content[model]
    except KeyError:
        meta = model._meta
        result = meta.app_label in CONTENT_APPS and not (
            model.__name__.startswith("Historical") and hasattr(model, "history_id")
        )
        _is_content[model] = result
        return result


_foreign_keys_of: dict = {}
_watched_of: dict = {}


def _foreign_keys(model):
    try:
        return _foreign_keys_of[model]
    except KeyError:
        found = [f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)]
        _foreign_keys_of[model] = found
        return found


def _watched(model):
    """The attributes a save compares with how they were loaded: visibility and parents."""
    try:
        return _watched_of[model]
    except KeyError:
        names = [f.attname for f in model._meta.concrete_fields if f.name in VISIBILITY_FIELDS]
        names += [f.attname for f in _foreign_keys(model)]
        _watched_of[model] = names
        return names


def _snapshot(instance):
    """What a later save compares with: visibility and parents as loaded (no extra query)."""
    values = instance.__dict__
    return {n: values[n] for n in _watched(type(instance)) if n in values}


def _on_post_init(sender, instance, **kwargs):
    if not is_content(sender):
        return
    instance._page_cache_loaded = _snapshot(instance)
    collected = _collected.get()
    if collected is not None and instance.pk is not None:
        label = name(sender)
        collected.add(f"{label}-{instance.pk}")
        collected.add(f"{label}-all")


def keys_for_write(instance, *, created: bool = False, deleted: bool = False) -> set[str]:
    """The keys a save (or delete) of `instance` purges.

    An edit that leaves the record's visibility and parents as they were purges only the
    record's own key: every page that shows it carries that key. Creating, deleting,
    publishing, unpublishing or changing the embargo also purges the lists the record belongs
    to (its model's list and its parents' scoped lists); moving it to another parent purges
    the old and the new parent's scoped lists.
    """
    model = type(instance)
    keys = {record_key(model, instance.pk), many_key(model)}
    before = getattr(instance, "_page_cache_loaded", None) or {}
    now = _snapshot(instance)
    visibility_changed = (
        created
        or deleted
        or any(before.get(f, now.get(f)) != now.get(f) for f in VISIBILITY_FIELDS if f in now)
    )
    for field in _foreign_keys(model):
        old, new = before.get(field.attname, now.get(field.attname)), now.get(field.attname)
        if visibility_changed or old != new:
            for value in {old, new} - {None}:
                keys.add(scoped_list_key(model, field.name, value))
            keys.add(list_key(model))  # a page listing too many parents carries this instead
    if visibility_changed:
        keys.add(list_key(model))
    instance._page_cache_loaded = now
    return keys


def compact(keys, max_bytes: int = 6000) -> set[str]:
    """The keys, short enough for one header: the biggest groups of record keys are replaced
    by their model's `<model>-many`, of scoped list keys by `<model>-list`, until they fit."""
    if sum(len(key) + 1 for key in keys) <= max_bytes:
        return set(keys)
    groups: dict[str, set[str]] = {}
    for key in keys:
        parts = key.split("-")
        if len(parts) == 2 and parts[1].isdigit():
            groups.setdefault(f"{parts[0]}-many", set()).add(key)
        elif len(parts) == 3 and parts[0] != "view":
            groups.setdefault(f"{parts[0]}-list", set()).add(key)
    kept = set(keys)
    for replacement, group in sorted(groups.items(), key=lambda item: -len(item[1])):
        kept -= group
        kept.add(replacement)
        if sum(len(key) + 1 for key in kept) <= max_bytes:
            break
    return kept


# The list keys of the queries a page runs ---------------------------------------------------


def _model_for_table(table):
    if not _by_table:
        for model in apps.get_models(include_auto_created=True):
            _by_table.setdefault(model._meta.db_table, model)
    return _by_table.get(table)


MAX_SCOPED = 50


def _exact_lookups(node, base_alias):
    """(field, values) for each `column = value` or `column IN (...)` on the base table,
    ANDed at the top level."""
    if not isinstance(node, WhereNode) or node.connector != "AND" or node.negated:
        return
    for child in node.children:
        if isinstance(child, WhereNode):
            yield from _exact_lookups(child, base_alias)
        elif isinstance(child, (Exact, In)) and getattr(child.lhs, "alias", None) == base_alias:
            target = getattr(child.lhs, "target", None)
            if target is None or hasattr(child.rhs, "resolve_expression"):
                continue
            values = [child.rhs] if isinstance(child, Exact) else list(child.rhs)
            if 0 < len(values) <= MAX_SCOPED:
                yield target, values


def list_keys_for_query(query) -> set[str]:
    """The list keys of one SELECT: for each content table it reads, the model's list key,
    or its scoped list keys when narrowed to given parents, or none when narrowed to given
    records (their record keys cover them)."""
    keys = set()
    for alias, join in query.alias_map.items():
        model = _model_for_table(join.table_name)
        if model is None or not is_content(model):
            continue
        keys.add(all_key(model))
        scoped = None
        for field, values in _exact_lookups(query.where, alias):
            if field.primary_key or field.unique:
                break
            if isinstance(field, ForeignKey) and scoped is None:
                scoped = {scoped_list_key(model, field.name, getattr(v, "pk", v)) for v in values}
        else:
            keys.update(scoped or {list_key(model)})
    if not query.alias_map and query.model is not None and is_content(query.model):
        keys.update({list_key(query.model), all_key(query.model)})
    return keys


_original_execute_sql = sql_compiler.SQLCompiler.execute_sql
_WRITES = (
    sql_compiler.SQLInsertCompiler,
    sql_compiler.SQLDeleteCompiler,
    sql_compiler.SQLUpdateCompiler,
)


def _execute_sql(self, *args, **kwargs):
    collected = _collected.get()
    if collected is not None and not isinstance(self, _WRITES):
        try:
            collected.update(list_keys_for_query(self.query))
        except Exception:  # never let key collection break a page: fall back to a wide key
            collected.add(f"{name(self.query.model)}-list" if self.query.model else "all")
    return _original_execute_sql(self, *args, **kwargs)


def install():
    """Connect the collectors (once, from the app's `ready()`)."""
    from django.db.models.signals import post_init

    post_init.connect(_on_post_init, dispatch_uid="dialogue.pagecache.post_init")
    if sql_compiler.SQLCompiler.execute_sql is not _execute_sql:
        sql_compiler.SQLCompiler.execute_sql = _execute_sql
