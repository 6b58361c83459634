"""Recording a handover: one action that closes the outgoing term and opens the incoming one."""

import threading
from datetime import date

import pytest
from django.db import connection

from chairmanships.models import Chairmanship, Handover
from chairmanships.services import HandoverRefused, hand_over
from tests.factories import ChairmanshipFactory, MemberStateFactory


@pytest.fixture
def kazakhstan_chairs(db):
    """Kazakhstan holds the chair since 1 January 2023."""
    kazakhstan = MemberStateFactory(name="Kazakhstan", iso_code="KZ", slug="kazakhstan")
    return ChairmanshipFactory(state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None)


@pytest.fixture
def kyrgyzstan(db):
    return MemberStateFactory(name="Kyrgyzstan", iso_code="KG", slug="kyrgyzstan")


def snapshot():
    return (
        list(Chairmanship.objects.values_list("state__name", "starts_on", "ends_on")),
        Handover.objects.count(),
    )


def test_handover_closes_the_outgoing_term_and_opens_the_incoming(kazakhstan_chairs, kyrgyzstan):
    handover = hand_over(
        to_state=kyrgyzstan, on=date(2023, 12, 1), notes="Announced at the conference"
    )

    kazakhstan_chairs.refresh_from_db()
    assert kazakhstan_chairs.ends_on == date(2023, 12, 1)
    current = Chairmanship.objects.current().get()
    assert current.state == kyrgyzstan
    assert current.starts_on == date(2023, 12, 1)
    assert current.slug == "kyrgyzstan-2023"
    assert handover.outgoing == kazakhstan_chairs
    assert handover.incoming == current
    assert handover.handed_over_on == date(2023, 12, 1)
    assert str(handover) == "Kazakhstan to Kyrgyzstan, Dec. 1, 2023"


def test_the_next_handover_passes_the_chair_on_again(kazakhstan_chairs, kyrgyzstan):
    hand_over(to_state=kyrgyzstan, on=date(2023, 12, 1))
    tajikistan = MemberStateFactory(name="Tajikistan")
    hand_over(to_state=tajikistan, on=date(2024, 12, 1))
    assert Chairmanship.objects.current().get().state == tajikistan
    assert Handover.objects.count() == 2


@pytest.mark.parametrize(
    ("description", "make_arguments", "message"),
    [
        (
            "to the state already chairing",
            lambda chair, other: {"to_state": chair.state, "on": date(2023, 6, 1)},
            "already holds the chair",
        ),
        (
            "before the current term started",
            lambda chair, other: {"to_state": other, "on": date(2022, 12, 31)},
            "must fall after Kazakhstan took the chair",
        ),
        (
            "on the day the current term started",
            lambda chair, other: {"to_state": other, "on": date(2023, 1, 1)},
            "must fall after Kazakhstan took the chair",
        ),
    ],
)
def test_refused_handover_says_why_and_changes_nothing(
    kazakhstan_chairs, kyrgyzstan, description, make_arguments, message
):
    before = snapshot()
    with pytest.raises(HandoverRefused) as error:
        hand_over(**make_arguments(kazakhstan_chairs, kyrgyzstan))
    assert message in " ".join(error.value.messages)
    assert snapshot() == before


def test_handover_to_a_state_that_has_left_is_refused(kazakhstan_chairs):
    former = MemberStateFactory(left_on=date(2023, 3, 1))
    before = snapshot()
    with pytest.raises(HandoverRefused, match="not a member state"):
        hand_over(to_state=former, on=date(2023, 6, 1))
    assert snapshot() == before


def test_handover_of_a_chairmanship_that_has_meanwhile_ended_is_refused(
    kazakhstan_chairs, kyrgyzstan
):
    seen_as_current = Chairmanship.objects.get(pk=kazakhstan_chairs.pk)
    hand_over(to_state=kyrgyzstan, on=date(2023, 12, 1))
    before = snapshot()
    with pytest.raises(HandoverRefused, match="handed over by someone else"):
        hand_over(outgoing=seen_as_current, to_state=MemberStateFactory(), on=date(2024, 6, 1))
    assert snapshot() == before


def test_handover_without_a_current_chairmanship_is_refused(db, kyrgyzstan):
    ChairmanshipFactory(starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    before = snapshot()
    with pytest.raises(HandoverRefused, match="No chairmanship is current"):
        hand_over(to_state=kyrgyzstan, on=date(2023, 6, 1))
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_simultaneous_handovers_exactly_one_succeeds(on_postgres):
    """Several staff record a handover at the same moment: one wins, the others are told why."""
    kazakhstan = MemberStateFactory(name="Kazakhstan")
    seen_as_current = ChairmanshipFactory(
        state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None
    )
    candidates = [MemberStateFactory(name=f"Candidate {n}") for n in range(4)]
    start = threading.Barrier(len(candidates))
    outcomes = []

    def record(state):
        try:
            start.wait()
            hand_over(outgoing=seen_as_current, to_state=state, on=date(2023, 12, 1))
            outcomes.append("recorded")
        except HandoverRefused as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(state,)) for state in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("recorded") == 1, outcomes
    refusals = [outcome for outcome in outcomes if outcome != "recorded"]
    assert len(refusals) == len(candidates) - 1
    assert all("handed over by someone else" in refusal for refusal in refusals), refusals
    assert Handover.objects.count() == 1
    assert Chairmanship.objects.current().count() == 1
    assert Chairmanship.objects.get(state=kazakhstan).ends_on == date(2023, 12, 1)
