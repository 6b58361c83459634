"""The records' invariants, refused by model validation (what forms show) and by the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from chairmanships.models import Chairmanship, Handover, MemberState
from dialogue.records.models import DatePrecision
from statements.models import JointStatement, Quote
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def messages_of(error):
    return " ".join(error.value.messages)


class TestMemberState:
    def test_iso_code_must_be_two_capital_letters(self):
        state = MemberState(name="Kazakhstan", iso_code="kz", slug="kazakhstan")
        with pytest.raises(ValidationError) as error:
            state.full_clean()
        assert "two capital letters" in messages_of(error)
        refused_by_database(state.save)

    def test_a_state_cannot_leave_before_it_joined(self):
        state = MemberState(
            name="X", iso_code="XX", slug="x", joined_on=date(2020, 1, 1), left_on=date(2019, 1, 1)
        )
        with pytest.raises(ValidationError) as error:
            state.full_clean()
        assert "cannot leave before it joined" in messages_of(error)
        refused_by_database(state.save)

    def test_a_state_that_left_is_kept_with_its_dates(self):
        state = MemberStateFactory(joined_on=date(2018, 1, 1), left_on=date(2024, 6, 1))
        assert state.is_member_on(date(2020, 1, 1))
        assert not state.is_member_on(date(2024, 6, 1))
        assert not state.is_member_on(date(2017, 12, 31))

    def test_deleting_a_state_that_chaired_is_refused(self):
        chairmanship = ChairmanshipFactory()
        with pytest.raises(ProtectedError):
            chairmanship.state.delete()
        assert MemberState.objects.filter(pk=chairmanship.state.pk).exists()


class TestChairmanship:
    def test_a_chairmanship_cannot_end_before_it_starts(self):
        chairmanship = ChairmanshipFactory.build(
            state=MemberStateFactory(), starts_on=date(2023, 5, 1), ends_on=date(2023, 4, 1)
        )
        with pytest.raises(ValidationError) as error:
            chairmanship.full_clean()
        assert "cannot end before it starts" in messages_of(error)
        refused_by_database(chairmanship.save)

    def test_overlapping_chairmanship_is_refused_naming_the_other(self):
        kazakhstan = MemberStateFactory(name="Kazakhstan")
        ChairmanshipFactory(state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
        overlapping = Chairmanship(state=MemberStateFactory(), starts_on=date(2023, 6, 1))
        with pytest.raises(ValidationError) as error:
            overlapping.full_clean()
        assert "overlap Kazakhstan" in messages_of(error)

    def test_a_chairmanship_may_start_the_day_the_previous_one_ends(self):
        ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
        following = Chairmanship(state=MemberStateFactory(), starts_on=date(2024, 1, 1))
        following.full_clean()
        following.save()
        assert following.slug.endswith("-2024")

    def test_only_one_chairmanship_can_be_current(self):
        ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=None)
        second = ChairmanshipFactory.build(
            state=MemberStateFactory(), starts_on=date(2020, 1, 1), ends_on=None, slug="second"
        )
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert "Only one chairmanship can be current" in messages_of(error)
        refused_by_database(second.save)

    def test_database_refuses_overlapping_terms_on_postgres(self, on_postgres):
        ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
        overlapping = ChairmanshipFactory.build(
            state=MemberStateFactory(), starts_on=date(2023, 6, 1), ends_on=date(2023, 9, 1)
        )
        refused_by_database(overlapping.save)

    def test_dates_are_shown_no_more_precisely_than_the_source_gives(self):
        chairmanship = ChairmanshipFactory(
            starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 1), date_precision=DatePrecision.YEAR
        )
        assert chairmanship.period == "2023"
        current = ChairmanshipFactory(
            starts_on=date(2023, 12, 1), ends_on=None, date_precision=DatePrecision.MONTH
        )
        assert current.period == "since December 2023"

    def test_a_state_that_was_not_a_member_cannot_chair(self):
        newcomer = MemberStateFactory(joined_on=date(2025, 1, 1))
        chairmanship = Chairmanship(state=newcomer, starts_on=date(2023, 1, 1))
        with pytest.raises(ValidationError) as error:
            chairmanship.full_clean()
        assert "was not a member state" in messages_of(error)


class TestHandover:
    def test_handover_must_go_to_another_chairmanship_in_the_database(self):
        chairmanship = ChairmanshipFactory()
        refused_by_database(
            lambda: Handover.objects.create(outgoing=chairmanship, incoming=chairmanship)
        )

    def test_handover_must_go_to_another_state(self):
        state = MemberStateFactory()
        first = ChairmanshipFactory(
            state=state, starts_on=date(2022, 1, 1), ends_on=date(2023, 1, 1)
        )
        second = ChairmanshipFactory(state=state, starts_on=date(2023, 1, 1), ends_on=None)
        with pytest.raises(ValidationError) as error:
            Handover(outgoing=first, incoming=second).full_clean()
        assert "another state" in messages_of(error)

    def test_a_chairmanship_is_handed_over_only_once(self):
        first = ChairmanshipFactory(starts_on=date(2022, 1, 1), ends_on=date(2023, 1, 1))
        second = ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
        third = ChairmanshipFactory(starts_on=date(2024, 1, 1), ends_on=None)
        Handover.objects.create(outgoing=first, incoming=second)
        refused_by_database(lambda: Handover.objects.create(outgoing=first, incoming=third))

    def test_deleting_a_chairmanship_that_was_handed_over_is_refused(self):
        first = ChairmanshipFactory(starts_on=date(2022, 1, 1), ends_on=date(2023, 1, 1))
        second = ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=None)
        Handover.objects.create(outgoing=first, incoming=second)
        with pytest.raises(ProtectedError):
            first.delete()


class TestEvent:
    def test_an_event_cannot_end_before_it_starts(self):
        event = EventFactory.build(
            host_state=None, starts_on=date(2023, 5, 2), ends_on=date(2023, 5, 1)
        )
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "cannot end before it starts" in messages_of(error)
        refused_by_database(event.save)

    def test_an_event_is_held_within_its_chairmanship(self):
        chairmanship = ChairmanshipFactory(starts_on=date(2023, 1, 1), ends_on=date(2024, 1, 1))
        event = EventFactory.build(
            host_state=None, chairmanship=chairmanship, starts_on=date(2024, 3, 1), ends_on=None
        )
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "starts outside" in messages_of(error)

    def test_deleting_an_event_with_quotes_or_statements_is_refused(self):
        quote = QuoteFactory()
        statement = JointStatementFactory(event=quote.event)
        with pytest.raises(ProtectedError):
            quote.event.delete()
        assert Quote.objects.filter(pk=quote.pk).exists()
        assert JointStatement.objects.filter(pk=statement.pk).exists()


class TestStatementsAndQuotes:
    def test_a_statement_is_adopted_within_its_event(self):
        event = EventFactory(starts_on=date(2023, 12, 1), ends_on=date(2023, 12, 2))
        statement = JointStatementFactory.build(event=event, adopted_on=date(2023, 12, 5))
        with pytest.raises(ValidationError) as error:
            statement.full_clean()
        assert "adopted during its event" in messages_of(error)

    def test_a_statement_adopted_on_the_last_day_is_accepted(self):
        event = EventFactory(starts_on=date(2023, 12, 1), ends_on=date(2023, 12, 2))
        JointStatementFactory.build(event=event, adopted_on=date(2023, 12, 2)).full_clean()

    def test_signatories_are_member_states(self):
        statement = JointStatementFactory()
        field = JointStatement._meta.get_field("signatories")
        assert field.related_model is MemberState
        statement.signatories.add(MemberStateFactory())
        assert statement.signatories.count() == 1

    def test_quote_keeps_the_position_held_when_it_was_said(self):
        speaker = SpeakerFactory(position="Member of the Mazhilis")
        quote = Quote(speaker=speaker, event=EventFactory(), text="We focus on digital skills.")
        quote.full_clean()
        quote.save()
        speaker.position = "Chairperson of the Senate"
        speaker.save()
        quote.refresh_from_db()
        assert quote.position_at_time == "Member of the Mazhilis"

    def test_quote_language_must_be_a_listed_one(self):
        quote = QuoteFactory.build(
            speaker=SpeakerFactory(), event=EventFactory(), language="klingon"
        )
        with pytest.raises(ValidationError) as error:
            quote.full_clean()
        assert "language" in error.value.message_dict

    def test_deleting_a_speaker_with_quotes_is_refused(self):
        quote = QuoteFactory()
        with pytest.raises(ProtectedError):
            quote.speaker.delete()


def test_database_is_the_one_configured():
    """Guard: the PostgreSQL CI run really runs on PostgreSQL."""
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
