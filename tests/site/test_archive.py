"""The archive generator (`manage.py generate_archive`), run small: every record it makes is
one the admin would accept, and the public pages show them."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from chairmanships.models import Chairmanship, Handover, Initiative, Priority
from events.models import Event
from statements.models import JointStatement, Quote, Speaker

pytestmark = pytest.mark.django_db

SMALL = [
    "--events=60",
    "--statements=15",
    "--quotes=300",
    "--speakers=40",
    "--years=6",
    "--until=2025-06-30",
    "--batch-size=25",
]


def generate(*extra):
    out = StringIO()
    call_command("generate_archive", *SMALL, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive():
    generate()


def test_the_generator_makes_the_sizes_asked_for_and_says_how_long_it_took():
    output = generate()
    assert "Archive generated in" in output
    assert Event.objects.count() == 60
    assert JointStatement.objects.count() == 15
    assert Quote.objects.count() == 300
    assert Speaker.objects.count() == 40
    assert Chairmanship.objects.count() == 6
    assert Handover.objects.count() == 5


def test_every_generated_record_passes_the_admin_checks(archive):
    for model in (Chairmanship, Handover, Priority, Initiative, Event, JointStatement, Speaker):
        for record in model.objects.all():
            record.full_clean()
    for quote in Quote.objects.all()[:100]:
        quote.full_clean()


def test_chairmanships_follow_one_another_without_overlap_and_one_is_current(archive):
    terms = list(Chairmanship.objects.order_by("starts_on"))
    assert [term.ends_on is None for term in terms] == [False] * (len(terms) - 1) + [True]
    for earlier, later in zip(terms, terms[1:], strict=False):
        assert earlier.ends_on == later.starts_on
        assert earlier.state_id != later.state_id
        handover = Handover.objects.get(outgoing=earlier)
        assert handover.incoming == later
    assert terms[-1].starts_on <= date(2025, 6, 30)


def test_events_fall_within_their_chairmanship_and_statements_within_their_event(archive):
    for event in Event.objects.select_related("chairmanship"):
        chair = event.chairmanship
        assert chair.starts_on <= event.starts_on
        assert chair.ends_on is None or event.starts_on <= chair.ends_on
    for statement in JointStatement.objects.select_related("event"):
        assert statement.event.starts_on <= statement.adopted_on <= statement.event.last_day
    assert Event.objects.exclude(announced_handover=None).count() == Handover.objects.count()


def test_every_generated_record_is_published(archive):
    assert Event.objects.published().count() == Event.objects.count()
    assert JointStatement.objects.published().count() == JointStatement.objects.count()
    assert Quote.objects.published().count() == Quote.objects.count()


def test_the_same_seed_makes_the_same_archive():
    generate()
    first = list(Event.objects.order_by("starts_on", "slug").values_list("slug", flat=True))
    quotes = list(Quote.objects.order_by("pk").values_list("text", flat=True))
    generate("--clear")
    assert list(Event.objects.order_by("starts_on", "slug").values_list("slug", flat=True)) == first
    assert list(Quote.objects.order_by("pk").values_list("text", flat=True)) == quotes


def test_the_generator_refuses_to_add_to_an_existing_record(archive):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--clear"):
        generate()


def test_the_public_pages_show_the_generated_archive(client, archive):
    event = Event.objects.exclude(statements=None).first()
    statement = JointStatement.objects.first()
    speaker = Speaker.objects.exclude(quotes=None).first()
    chair = Chairmanship.objects.current().get()
    urls = [
        reverse("home"),
        reverse("events:event_list"),
        reverse("events:event_list") + f"?year={event.starts_on.year}",
        event.get_absolute_url(),
        statement.get_absolute_url(),
        speaker.get_absolute_url(),
        Quote.objects.first().get_absolute_url(),
        chair.get_absolute_url(),
        chair.state.get_absolute_url(),
        reverse("chairmanships:timeline"),
        reverse("statements:statement_list"),
        reverse("statements:speaker_list"),
        reverse("search") + "?q=climate",
        "/api/v1/events",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert event.title.encode() in client.get(event.get_absolute_url()).content


def test_on_postgresql_the_planner_knows_the_new_tables_sizes_before_the_index_is_built(
    on_postgres, monkeypatch
):
    """The tables are filled and indexed in one transaction; without ANALYZE along the way
    PostgreSQL plans the search index's joins for empty tables (20-40 s a chunk at 1x)."""
    from dialogue.search import index

    seen = {}
    real_rebuild = index.rebuild

    def rebuild_and_note_the_estimates():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
                [["statements_quote", "events_event", "statements_speaker"]],
            )
            seen.update(cursor.fetchall())
        real_rebuild()

    monkeypatch.setattr(index, "rebuild", rebuild_and_note_the_estimates)
    generate()
    assert seen == {"statements_quote": 300, "events_event": 60, "statements_speaker": 40}
