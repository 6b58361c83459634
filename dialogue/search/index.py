"""Keeping the search index (`SearchEntry`) right: one row per record the public may see,
or will see when an embargo ends, and none for a draft.

A row records what the public rule (`PublishableQuerySet.published()`) decides, except the
clock: `visible_from` is the latest embargo the record waits for (its own or its event's; a
speaker's, the earliest of their quotes'), and `SearchEntry.objects.visible()` compares it
with the database's time, so an embargo ends on time with no write.

Every save and delete of an event, statement, quote or speaker, and every change of an
event's or a statement's topics, refreshes the rows it touches (`connect_signals`): an
event's own, its statements', its quotes' and their speakers' (they show its date, state
and topics, and follow its publication). The admin, the publishing services, a revert,
`loaddata` and the demo loader all save through the ORM, so all are covered. Writes that send
no signals (`bulk_create`, `QuerySet.update()`, raw SQL) call `refresh(...)` or
`rebuild()` (`manage.py rebuild_search_index`; `generate_archive` does).

On PostgreSQL each row's `search_vector` is copied from the record's own stored vector,
which the triggers of `engine.py` keep (`SEARCHED` says what is searched); on SQLite the
row's `text` holds every searched column in lower case for a substring search.
"""

from collections import defaultdict
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from dialogue.records.models import PublicationStatus

from .engine import SEARCHED, VECTOR_COLUMN
from .models import SearchEntry

PUBLISHED = PublicationStatus.PUBLISHED
CHUNK = 2000
# How much each kind counts in the ranking beside the words' own weights.
WEIGHTS = {"event": 1.0, "statement": 1.0, "quote": 0.8, "speaker": 0.9}


def _models():
    from events.models import Event
    from statements.models import JointStatement, Quote, Speaker

    return {"event": Event, "statement": JointStatement, "quote": Quote, "speaker": Speaker}


def _languages(row, field, always=()):
    codes = dict.fromkeys(always)
    codes[settings.MODELTRANSLATION_DEFAULT_LANGUAGE] = None
    for code in settings.MODELTRANSLATION_LANGUAGES:
        if row.get(f"{field}_{code}"):
            codes[code] = None
    return " " + " ".join(codes) + " "


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def _searched_columns(model):
    return [path for path, _config, _weight in SEARCHED[model._meta.label]]


def _text(row, columns):
    if connection.vendor == "postgresql":
        return ""
    return " ".join(str(row[column]) for column in columns if row.get(column)).casefold()


def _topics_of(through, owner, ids):
    topics = defaultdict(list)
    for owner_id, topic_id in through.objects.filter(**{f"{owner}_id__in": ids}).values_list(
        f"{owner}_id", "topic_id"
    ):
        topics[owner_id].append(topic_id)
    return topics


def _event_rows(ids):
    Event = _models()["event"]
    columns = _searched_columns(Event)
    codes = settings.MODELTRANSLATION_LANGUAGES
    rows = Event._base_manager.filter(pk__in=ids, publication_status=PUBLISHED).values(
        "pk", "publish_at", "starts_on", "host_state_id", *(f"title_{c}" for c in codes), *columns
    )
    rows = list(rows)
    topics = _topics_of(Event.topics.through, "event", [row["pk"] for row in rows])
    for row in rows:
        yield (
            SearchEntry(
                kind="event",
                record_id=row["pk"],
                visible_from=row["publish_at"],
                date=row["starts_on"],
                year=row["starts_on"].year,
                state_id=row["host_state_id"],
                languages=_languages(row, "title"),
                weight=WEIGHTS["event"],
                text=_text(row, columns),
            ),
            topics[row["pk"]],
        )


def _held_at_event_rows(kind, ids):
    model = _models()[kind]
    Event = _models()["event"]
    columns = _searched_columns(model)
    codes = settings.MODELTRANSLATION_LANGUAGES
    if kind == "statement":
        extra = ["adopted_on", *(f"title_{c}" for c in codes)]
    else:
        extra = ["language", *(f"translation_{c}" for c in codes)]
    rows = list(
        model._base_manager.filter(
            pk__in=ids, publication_status=PUBLISHED, event__publication_status=PUBLISHED
        ).values(
            "pk",
            "event_id",
            "publish_at",
            "event__publish_at",
            "event__starts_on",
            "event__host_state_id",
            *extra,
            *columns,
        )
    )
    if kind == "statement":
        topics = _topics_of(model.topics.through, "jointstatement", [row["pk"] for row in rows])
    else:  # a quote is about what its event is about
        by_event = _topics_of(Event.topics.through, "event", {row["event_id"] for row in rows})
        topics = {row["pk"]: by_event[row["event_id"]] for row in rows}
    for row in rows:
        if kind == "statement":
            date, languages = row["adopted_on"], _languages(row, "title")
        else:
            date = row["event__starts_on"]
            languages = _languages(row, "translation", always=(row["language"],))
        yield (
            SearchEntry(
                kind=kind,
                record_id=row["pk"],
                visible_from=_latest(row["publish_at"], row["event__publish_at"]),
                date=date,
                year=date.year,
                state_id=row["event__host_state_id"],
                languages=languages,
                weight=WEIGHTS[kind],
                text=_text(row, columns),
            ),
            topics.get(row["pk"], []),
        )


def _speaker_rows(ids):
    models = _models()
    Speaker = models["speaker"]
    columns = _searched_columns(Speaker)
    codes = settings.MODELTRANSLATION_LANGUAGES
    rows = Speaker._base_manager.filter(pk__in=ids).values(
        "pk", "state_id", "public_since", *(f"position_{c}" for c in codes), *columns
    )
    for row in rows:
        # When the person turns public: the column `statements.visibility` keeps by the one
        # rule (SpeakerQuerySet.public_since_by_rule); None while linked only to drafts.
        if row["public_since"] is None:
            continue
        yield (
            SearchEntry(
                kind="speaker",
                record_id=row["pk"],
                visible_from=row["public_since"],
                state_id=row["state_id"],
                languages=_languages(row, "position"),
                weight=WEIGHTS["speaker"],
                text=_text(row, columns),
            ),
            [],
        )


def _rows(kind, ids):
    if kind == "event":
        return _event_rows(ids)
    if kind == "speaker":
        return _speaker_rows(ids)
    return _held_at_event_rows(kind, ids)


def _chunks(ids):
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _topic_list(ids):
    return " " + " ".join(str(topic) for topic in sorted(ids)) + " " if ids else ""


def _write(kind, ids):
    """Replace the rows of `ids` of one kind by what the records say now."""
    SearchEntry.objects.filter(kind=kind, record_id__in=ids).delete()
    entries = []
    for entry, topics in _rows(kind, ids):
        entry.topics = _topic_list(topics)
        entries.append(entry)
    SearchEntry.objects.bulk_create(entries)
    if connection.vendor == "postgresql" and entries:
        table = _models()[kind]._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SearchEntry._meta.db_table} AS entry SET {VECTOR_COLUMN} = "
                f'record.{VECTOR_COLUMN} FROM "{table}" AS record '
                "WHERE entry.kind = %s AND record.id = entry.record_id "
                "AND entry.record_id = ANY(%s)",
                [kind, [entry.record_id for entry in entries]],
            )


def refresh(kind: str, ids) -> None:
    """Bring the rows of these records of one kind (`"event"`, `"statement"`, `"quote"`,
    `"speaker"`) up to date: written, rewritten or removed."""
    with transaction.atomic():
        for chunk in _chunks(sorted(set(ids))):
            _write(kind, chunk)


def rebuild() -> None:
    """Rewrite the whole index from the records (after bulk writes; the command's work)."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, model in _models().items():
            ids = model._base_manager.order_by("pk").values_list("pk", flat=True)
            for chunk in _chunks(ids.iterator(chunk_size=CHUNK)):
                _write(kind, chunk)


# What a write touches ----------------------------------------------------------------------


def refresh_event(event_id: int) -> None:
    """An event and everything that shows its date, state, topics and publication."""
    models = _models()
    Quote, JointStatement = models["quote"], models["statement"]
    refresh("event", [event_id])
    refresh(
        "statement",
        JointStatement._base_manager.filter(event_id=event_id).values_list("pk", flat=True),
    )
    quotes = Quote._base_manager.filter(event_id=event_id)
    refresh("quote", quotes.values_list("pk", flat=True))
    refresh("speaker", quotes.values_list("speaker_id", flat=True).distinct())


def _kind_of(sender):
    for kind, model in _models().items():
        if issubclass(sender, model):
            return kind
    return None


def _before_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the backup holds the index's rows too
        return
    if _kind_of(sender) == "quote" and instance.pk:
        instance._search_old_speaker = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list("speaker_id", flat=True)
            .first()
        )


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    kind = _kind_of(sender)
    if kind == "event":
        refresh_event(instance.pk)
    elif kind == "speaker":
        refresh("speaker", [instance.pk])
        refresh(
            "quote",
            _models()["quote"]
            ._base_manager.filter(speaker_id=instance.pk)
            .values_list("pk", flat=True),
        )
    elif kind == "quote":
        refresh("quote", [instance.pk])
        old = getattr(instance, "_search_old_speaker", None)
        refresh("speaker", {instance.speaker_id} | ({old} if old else set()))
    elif kind == "statement":
        refresh("statement", [instance.pk])


def _deleted(sender, instance, **kwargs):
    kind = _kind_of(sender)
    if kind is None:
        return
    SearchEntry.objects.filter(kind=kind, record_id=instance.pk).delete()
    if kind == "quote":
        refresh("speaker", [instance.speaker_id])


def _topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    models = _models()
    is_event = sender is models["event"].topics.through
    if reverse and action == "pre_clear":  # topic.events.clear(): remember which records
        related = instance.events if is_event else instance.statements
        instance._search_cleared = list(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        ids = pk_set if action != "post_clear" else getattr(instance, "_search_cleared", [])
    else:
        ids = [instance.pk]
    if not is_event:
        refresh("statement", ids)
        return
    refresh("event", ids)  # a quote is about what its event is about
    refresh(
        "quote", models["quote"]._base_manager.filter(event_id__in=ids).values_list("pk", flat=True)
    )


def connect_signals() -> None:
    models = _models()
    for model in models.values():
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"search-pre-{model.__name__}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    for through in (models["event"].topics.through, models["statement"].topics.through):
        m2m_changed.connect(
            _topics_changed, sender=through, dispatch_uid=f"search-m2m-{through.__name__}"
        )
    # A person's visibility changes with their quotes, participations and signatures (the
    # column `statements.visibility` keeps): their row follows it.
    from statements.visibility import speaker_visibility_changed

    speaker_visibility_changed.connect(_visibility_changed, dispatch_uid="search-visibility")


def _visibility_changed(sender, speaker_ids, **kwargs):
    refresh("speaker", list(speaker_ids))
