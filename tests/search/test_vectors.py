"""PostgreSQL keeps the stored search vectors up to date itself (dialogue/search/engine.py)."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from dialogue.search.engine import SEARCHED, VECTOR_COLUMN
from statements.models import Quote
from tests.factories import EventFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def found(client, q, key):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    section = next(s for s in response.context["sections"] if s["key"] == key)
    return [hit.record for hit in section["hits"]]


def test_rows_written_in_bulk_are_searchable_once_the_index_is_refreshed(client, on_postgres):
    """The archive generator uses bulk_create, which sends no signals: the trigger fills the
    vectors, and a refresh of the index (dialogue.search.index) copies them."""
    from dialogue.search.index import refresh

    event, speaker = EventFactory(), SpeakerFactory(name="Aigerim Bulkova")
    Quote.objects.bulk_create(
        [
            Quote(
                event=event,
                speaker=speaker,
                text=f"Irrigation canals, part {n}.",
                publication_status="published",
            )
            for n in range(3)
        ]
    )
    refresh("quote", Quote.objects.values_list("pk", flat=True))
    assert len(found(client, "irrigation", "quotes")) == 3


def test_a_renamed_speaker_is_found_by_the_new_name_in_the_quotes(client, on_postgres):
    speaker = SpeakerFactory(name="Dinara Oldname")
    quote = QuoteFactory(speaker=speaker, text="Water for every village.")
    assert found(client, "Oldname", "quotes") == [quote]

    speaker.name = "Dinara Newname"
    speaker.save()

    assert found(client, "Newname", "quotes") == [quote]
    assert found(client, "Oldname", "quotes") == []


def test_an_edited_event_title_is_searched_in_its_quotes(client, on_postgres):
    quote = QuoteFactory(text="We support the young.")
    quote.event.title = "Forum on pastoralism"
    quote.event.save()
    assert found(client, "pastoralism", "quotes") == [quote]


def test_the_database_triggers_read_every_searched_column(on_postgres):
    """A changed SEARCHED list with no migration to install it would fail here."""
    with connection.cursor() as cursor:
        for label, fields in SEARCHED.items():
            table = apps.get_model(label)._meta.db_table
            cursor.execute("SELECT pg_get_functiondef(%s::regproc)", [f'"{table}_{VECTOR_COLUMN}"'])
            source = cursor.fetchone()[0]
            for path, config, weight in fields:
                column = path.split("__")[-1]
                assert f'"{column}"' in source, (label, path)
                assert f"'{config}'::regconfig" in source and f"'{weight}'" in source


def test_the_archive_generator_leaves_every_record_searchable(on_postgres):
    from tests.site.test_archive import generate

    generate()
    with connection.cursor() as cursor:
        for label in SEARCHED:
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE {VECTOR_COLUMN} IS NULL')
            assert cursor.fetchone()[0] == 0, label
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            assert cursor.fetchone()[0] > 0, label
