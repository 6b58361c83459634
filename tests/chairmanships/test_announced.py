"""An announced next chair: a handover recorded ahead of its date.

Until the day, the outgoing chair is current and the incoming one "announced"; on the day
the chair passes with no one acting. Time is moved with time-machine.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from chairmanships.models import Chairmanship, Handover
from chairmanships.services import (
    HandoverRefused,
    hand_over,
    reschedule_handover,
    withdraw_handover,
)
from dialogue.records.models import format_date
from tests.factories import ChairmanshipFactory, EventFactory, MemberStateFactory

ALMATY = ZoneInfo("Asia/Almaty")
BEFORE = datetime(2026, 6, 1, 12, 0, tzinfo=ALMATY)
ON_THE_DAY = datetime(2027, 1, 1, 0, 0, 5, tzinfo=ALMATY)
HANDOVER_DAY = date(2027, 1, 1)
DAY_TEXT = format_date(HANDOVER_DAY)


@pytest.fixture
def before():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kazakhstan(db):
    state = MemberStateFactory(name="Kazakhstan", iso_code="KZ", slug="kazakhstan")
    return ChairmanshipFactory(state=state, starts_on=date(2023, 1, 1), ends_on=None)


@pytest.fixture
def kyrgyzstan(db):
    return MemberStateFactory(name="Kyrgyzstan", iso_code="KG", slug="kyrgyzstan")


@pytest.fixture
def announced(before, kazakhstan, kyrgyzstan):
    return hand_over(to_state=kyrgyzstan, on=HANDOVER_DAY, notes="Announced in Astana")


def snapshot():
    return (
        sorted(Chairmanship.objects.values_list("state__name", "starts_on", "ends_on")),
        Handover.objects.count(),
    )


def test_a_future_handover_keeps_the_outgoing_chair_current_and_announces_the_next(announced):
    current = Chairmanship.objects.current().get()
    assert current.state.name == "Kazakhstan"
    assert current.ends_on == HANDOVER_DAY
    assert current.is_current and not current.is_announced
    incoming = Chairmanship.objects.announced().get()
    assert incoming.state.name == "Kyrgyzstan"
    assert not incoming.is_current and incoming.is_announced
    assert announced.is_announced


def test_the_site_shows_the_next_chair_as_announced_then_current_on_its_date(
    client, announced, before
):
    home = client.get(reverse("home"))
    assertContains(home, f"Kyrgyzstan takes the chair on {DAY_TEXT}.")
    assert home.context["chair"].state.name == "Kazakhstan"
    timeline = client.get(reverse("chairmanships:timeline"))
    assertContains(timeline, f"Kyrgyzstan takes the chair on {DAY_TEXT}.")
    assertContains(timeline, "Announced handover")
    assertContains(timeline, '<strong class="badge">Announced</strong>', count=2)
    assertContains(timeline, "Kazakhstan (current chair)")
    assertContains(timeline, f"Kyrgyzstan (from {DAY_TEXT})")
    assertContains(timeline, "term-announced")
    incoming = announced.incoming
    page = client.get(incoming.get_absolute_url())
    assertContains(page, "Not yet in the chair.")
    api = client.get(f"/api/v1/chairmanships/{incoming.slug}").json()
    assert (api["is_current"], api["is_announced"]) == (False, True)

    before.move_to(ON_THE_DAY)
    home = client.get(reverse("home"))
    assert home.context["chair"].state.name == "Kyrgyzstan"
    assertNotContains(home, "takes the chair on")
    timeline = client.get(reverse("chairmanships:timeline"))
    assertNotContains(timeline, "Announced handover")
    assertNotContains(timeline, "term-announced")
    assertContains(timeline, "Kyrgyzstan (current chair)")
    api = client.get(f"/api/v1/chairmanships/{incoming.slug}").json()
    assert (api["is_current"], api["is_announced"]) == (True, False)


def test_the_russian_home_page_announces_the_next_chair(client, announced):
    assertContains(client.get("/ru/"), "Kyrgyzstan")
    assertContains(client.get("/ru/"), "председательство принимает государство")


def test_a_second_handover_cannot_be_announced_while_one_is(announced):
    tajikistan = MemberStateFactory(name="Tajikistan", iso_code="TJ", slug="tajikistan")
    before = snapshot()
    with pytest.raises(HandoverRefused) as refusal:
        hand_over(to_state=tajikistan, on=date(2028, 1, 1))
    assert f"takes the chair only on {DAY_TEXT}" in " ".join(refusal.value.messages)
    assert snapshot() == before


def test_an_announced_handover_can_move_to_another_day(announced):
    reschedule_handover(handover=announced, on=date(2027, 3, 1))
    outgoing, incoming = (
        Chairmanship.objects.get(pk=pk) for pk in (announced.outgoing_id, announced.incoming_id)
    )
    assert outgoing.ends_on == incoming.starts_on == date(2027, 3, 1)
    reschedule_handover(handover=announced, on=date(2026, 9, 1))
    incoming.refresh_from_db()
    assert incoming.starts_on == date(2026, 9, 1)
    assert Chairmanship.objects.current().get().state.name == "Kazakhstan"


def test_an_announced_handover_cannot_move_before_the_outgoing_term_began(announced):
    before = snapshot()
    with pytest.raises(HandoverRefused) as refusal:
        reschedule_handover(handover=announced, on=date(2022, 12, 1))
    assert "must fall after Kazakhstan took the chair" in " ".join(refusal.value.messages)
    assert snapshot() == before


def test_an_announced_handover_can_be_withdrawn_and_the_outgoing_term_reopens(announced):
    outgoing = withdraw_handover(handover=announced)
    assert outgoing.ends_on is None
    assert snapshot() == ([("Kazakhstan", date(2023, 1, 1), None)], 0)
    assert Chairmanship.objects.current().get() == outgoing


def test_withdrawing_is_refused_while_an_event_names_the_announced_chairmanship(announced):
    EventFactory(chairmanship=announced.incoming, title="Handover ceremony")
    before = snapshot()
    with pytest.raises(HandoverRefused) as refusal:
        withdraw_handover(handover=announced)
    assert "Handover ceremony" in " ".join(refusal.value.messages)
    assert snapshot() == before


def test_a_handover_that_took_effect_can_no_longer_move_or_be_withdrawn(announced, before):
    before.move_to(ON_THE_DAY)
    handover = Handover.objects.get()
    state = snapshot()
    for attempt in (
        lambda: reschedule_handover(handover=handover, on=date(2027, 6, 1)),
        lambda: withdraw_handover(handover=handover),
    ):
        with pytest.raises(HandoverRefused) as refusal:
            attempt()
        assert "part of the record" in " ".join(refusal.value.messages)
    assert snapshot() == state


# The admin -------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    return client


def test_staff_announce_move_and_withdraw_a_handover_in_the_admin(
    staff_client, before, kazakhstan, kyrgyzstan
):
    url = reverse("admin:chairmanships_chairmanship_handover", args=[kazakhstan.pk])
    data = {"to_state": kyrgyzstan.pk, "on": "2027-01-01", "date_precision": "day"}
    confirm = staff_client.post(url, data)
    assertContains(confirm, "Confirm handover")
    done = staff_client.post(url, {**data, "confirm": "yes"}, follow=True)
    assertContains(done, "Handover announced: Kyrgyzstan takes the chair from Kazakhstan")
    handover = Handover.objects.get()

    change = reverse("admin:chairmanships_handover_change", args=[handover.pk])
    page = staff_client.get(change)
    assertContains(page, "Withdraw the announced handover")
    form = page.context["adminform"].form
    fields = {name: form[name].value() for name in form.fields}
    fields = {name: ("" if value is None else value) for name, value in fields.items()}
    moved = staff_client.post(change, {**fields, "on": "2022-01-01"})
    assertContains(moved, "must fall after Kazakhstan took the chair")
    moved = staff_client.post(change, {**fields, "on": "2027-02-01"})
    assert moved.status_code == 302, moved.content.decode()[:2000]
    handover.refresh_from_db()
    assert handover.handed_over_on == date(2027, 2, 1)
    kazakhstan.refresh_from_db()
    assert kazakhstan.ends_on == date(2027, 2, 1)

    withdraw = reverse("admin:chairmanships_handover_withdraw", args=[handover.pk])
    assertContains(staff_client.get(withdraw), "Yes, withdraw it")
    gone = staff_client.post(withdraw, follow=True)
    assertContains(gone, "was withdrawn")
    assert snapshot() == ([("Kazakhstan", date(2023, 1, 1), None)], 0)
