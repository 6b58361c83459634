"""Which people the public sees is stored on the person (`public_since`) and stays right
through every write: quote, participation, signature, statement and event saves, publishing,
embargoes, deletes, the admin and its bulk actions, the demo loader, imports and the rebuild
command."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dialogue.records import publishing
from dialogue.records.models import ALWAYS, PublicationStatus
from events.models import Event
from statements.models import JointStatement, Participation, Quote, Signatory, Speaker
from statements.visibility import refresh_speaker_visibility
from tests.admin_support import admin_url
from tests.factories import EventFactory, JointStatementFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def public(speaker):
    return Speaker.objects.published().filter(pk=speaker.pk).exists()


def by_the_rule_now():
    """The rule as it read before the column existed, evaluated live: the reference."""
    quotes = Quote.objects.filter(speaker=OuterRef("pk"))
    participations = Participation.objects.filter(person=OuterRef("pk"))
    signatures = Signatory.objects.filter(person=OuterRef("pk"))
    return set(
        Speaker.objects.filter(
            Exists(quotes.published())
            | Exists(participations.filter(event__in=Event.objects.published()))
            | Exists(signatures.filter(statement__in=JointStatement.objects.published()))
            | (~Exists(quotes) & ~Exists(participations) & ~Exists(signatures))
        ).values_list("pk", flat=True)
    )


def stored_now():
    return set(Speaker.objects.published().values_list("pk", flat=True))


@pytest.fixture
def publisher():
    return get_user_model().objects.create_superuser("pub", "pub@example.org", "pw")


def test_a_speaker_not_quoted_yet_is_public_and_one_quoted_only_in_drafts_is_not():
    unquoted = SpeakerFactory()
    drafted = QuoteFactory(publication_status=DRAFT).speaker
    assert public(unquoted)
    assert not public(drafted)
    assert Speaker.objects.get(pk=drafted.pk).public_since is None


def test_publishing_a_quote_shows_its_speaker_and_unpublishing_hides_them_again(publisher):
    quote = QuoteFactory(publication_status=DRAFT)
    publishing.publish(quote, by=publisher)
    assert public(quote.speaker)
    publishing.unpublish(Quote.objects.get(pk=quote.pk), by=publisher)
    assert not public(quote.speaker)


def test_a_quote_at_a_draft_event_hides_its_speaker_until_the_event_is_published(publisher):
    event = EventFactory(publication_status=DRAFT)
    quote = QuoteFactory(event=event, publication_status=DRAFT)
    assert not public(quote.speaker)
    publishing.publish_with_dependents(event, by=publisher)
    assert public(quote.speaker)
    publishing.unpublish(type(event).objects.get(pk=event.pk), by=publisher)
    assert not public(quote.speaker)


def test_an_embargoed_quote_shows_its_speaker_when_the_embargo_ends_with_no_write():
    soon = timezone.now() + timedelta(seconds=2)
    quote = QuoteFactory(publish_at=soon)
    speaker = Speaker.objects.get(pk=quote.speaker_id)
    assert speaker.public_since == soon
    assert not public(speaker)
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    assert public(speaker)  # nothing was saved meanwhile


def test_the_event_s_embargo_holds_its_speakers_back_and_moving_it_moves_them(client):
    later = timezone.now() + timedelta(days=3)
    event = EventFactory()
    quote = QuoteFactory(event=event)
    assert public(quote.speaker)
    event.publish_at = later
    event.save()
    assert Speaker.objects.get(pk=quote.speaker_id).public_since == later
    assert client.get(quote.speaker.get_absolute_url()).status_code == 404
    event.publish_at = None
    event.save()
    assert public(quote.speaker)


def test_the_earliest_public_quote_decides():
    speaker = SpeakerFactory()
    in_a_week = timezone.now() + timedelta(days=7)
    QuoteFactory(speaker=speaker, publish_at=in_a_week + timedelta(days=7))
    QuoteFactory(speaker=speaker, publish_at=in_a_week)
    QuoteFactory(speaker=speaker, publication_status=DRAFT)
    assert Speaker.objects.get(pk=speaker.pk).public_since == in_a_week


def test_deleting_the_only_draft_quote_makes_the_speaker_public_again():
    quote = QuoteFactory(publication_status=DRAFT)
    speaker = quote.speaker
    assert not public(speaker)
    quote.delete()
    assert public(speaker)


def test_deleting_the_last_public_quote_hides_a_speaker_still_quoted_in_drafts():
    speaker = SpeakerFactory()
    QuoteFactory(speaker=speaker, publication_status=DRAFT)
    shown = QuoteFactory(speaker=speaker)
    assert public(speaker)
    shown.delete()
    assert not public(speaker)


def test_a_quote_moved_to_another_speaker_updates_both():
    first, second = SpeakerFactory(), SpeakerFactory()
    QuoteFactory(speaker=first, publication_status=DRAFT)
    moved = QuoteFactory(speaker=first)
    assert public(first)
    moved.speaker = second
    moved.save()
    assert not public(first)
    assert public(second)


def test_the_admin_s_edit_and_bulk_actions_keep_the_column_right(admin_client):
    quote = QuoteFactory(publication_status=DRAFT)
    response = admin_client.post(
        admin_url(Quote, "changelist"),
        {"action": "publish", "_selected_action": [quote.pk]},
    )
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).publication_status == PublicationStatus.PUBLISHED
    assert public(quote.speaker)
    admin_client.post(
        admin_url(Quote, "changelist"),
        {"action": "unpublish", "_selected_action": [quote.pk]},
    )
    assert not public(quote.speaker)
    event = quote.event
    admin_client.post(
        admin_url(type(event), "changelist"),
        {"action": "unpublish", "_selected_action": [event.pk]},
    )
    assert type(event).objects.get(pk=event.pk).publication_status == DRAFT
    assert stored_now() == by_the_rule_now()


def test_the_column_agrees_with_the_rule_on_a_mixed_record(publisher):
    past = timezone.now() - timedelta(days=1)
    future = timezone.now() + timedelta(days=1)
    for event_status, event_embargo in [
        (PublicationStatus.PUBLISHED, None),
        (PublicationStatus.PUBLISHED, past),
        (PublicationStatus.PUBLISHED, future),
        (DRAFT, None),
    ]:
        event = EventFactory(publication_status=event_status, publish_at=event_embargo)
        for status, embargo in [
            (PublicationStatus.PUBLISHED, None),
            (PublicationStatus.PUBLISHED, past),
            (PublicationStatus.PUBLISHED, future),
            (DRAFT, None),
        ]:
            QuoteFactory(event=event, publication_status=status, publish_at=embargo)
    SpeakerFactory()
    assert stored_now() == by_the_rule_now()
    assert len(stored_now()) == 5  # 2 public quotes at each of 2 public events, + 1 unquoted


def test_writes_that_send_no_signals_are_fixed_by_the_rebuild_command():
    quote = QuoteFactory()
    Quote.objects.filter(pk=quote.pk).update(publication_status=DRAFT)  # no signal
    assert public(quote.speaker)  # stale until rebuilt
    call_command("refresh_derived", stdout=StringIO())
    assert not public(quote.speaker)
    assert refresh_speaker_visibility() == set()  # nothing left to change


def test_the_demo_data_and_the_archive_generator_fill_the_column():
    call_command("load_demo_data", stdout=StringIO())
    assert stored_now() == by_the_rule_now()
    call_command(
        "generate_archive",
        "--events",
        "30",
        "--statements",
        "10",
        "--quotes",
        "120",
        "--speakers",
        "40",
        "--clear",
        stdout=StringIO(),
    )
    assert stored_now() == by_the_rule_now()
    assert Speaker.objects.filter(public_since=ALWAYS).exists()


def test_taking_part_in_a_draft_event_hides_a_person_until_the_event_is_published(publisher):
    event = EventFactory(publication_status=DRAFT)
    person = SpeakerFactory()
    assert public(person)  # linked to nothing yet
    participation = Participation.objects.create(person=person, event=event)
    assert not public(person)
    publishing.publish(event, by=publisher)
    assert public(person)
    publishing.unpublish(event, by=publisher)
    assert not public(person)
    participation.delete()
    assert public(person)  # linked to nothing again
    assert stored_now() == by_the_rule_now()


def test_a_participation_moved_to_another_person_updates_both():
    draft = EventFactory(publication_status=DRAFT)
    first, second = SpeakerFactory(), SpeakerFactory()
    participation = Participation.objects.create(person=first, event=draft)
    assert not public(first) and public(second)
    participation.person = second
    participation.save()
    assert public(first) and not public(second)


def test_signing_a_statement_shows_the_person_when_the_statement_is_public(publisher):
    statement = JointStatementFactory(publication_status=DRAFT)
    person = SpeakerFactory()
    signature = Signatory.objects.create(statement=statement, name=person.name, person=person)
    assert not public(person)
    publishing.publish(statement, by=publisher)
    assert public(person)
    statement.event.publication_status = DRAFT
    statement.event.save()  # the statement's event withdrawn: the signature is not public
    assert not public(person)
    signature.delete()
    assert public(person)
    assert stored_now() == by_the_rule_now()


def test_an_embargoed_participation_shows_the_person_when_the_embargo_ends():
    event = EventFactory(publish_at=timezone.now() + timedelta(seconds=2))
    person = SpeakerFactory()
    Participation.objects.create(person=person, event=event)
    assert not public(person)
    time.sleep(2.1)
    assert public(person)  # no write in between
