"""The admin, as the staff (press officers, not programmers) use it."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chairmanships.forms import HandoverForm
from chairmanships.models import Chairmanship, Handover, MemberState
from chairmanships.services import HandoverRefused, hand_over
from dialogue.records.models import format_date
from events.models import Event
from statements.models import JointStatement, Quote, Speaker
from tests.admin_support import admin_url, change_url, management_form
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    HandoverFactory,
    JointStatementFactory,
    MemberStateFactory,
    OrganisationFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Every test logs a user in; a deliberately slow password hash only slows the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def kazakhstan():
    return MemberStateFactory(name="Kazakhstan", iso_code="KZ", slug="kazakhstan")


@pytest.fixture
def kyrgyzstan():
    return MemberStateFactory(name="Kyrgyzstan", iso_code="KG", slug="kyrgyzstan")


@pytest.fixture
def current_chair(kazakhstan):
    """Kazakhstan chairs the dialogue since 1 January 2023."""
    return ChairmanshipFactory(
        state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None, slug="kazakhstan-2023"
    )


def handover_url(chairmanship):
    return admin_url(chairmanship, "handover", chairmanship.pk)


def chairmanship_records():
    """Everything a handover could change, to check that a refusal changed nothing."""
    return (
        list(
            Chairmanship.objects.order_by("pk").values_list("pk", "state", "starts_on", "ends_on")
        ),
        Handover.objects.count(),
    )


# Every page of every record opens.

RECORDS = {
    "member state": (MemberStateFactory, lambda o: o.name),
    "topic": (TopicFactory, lambda o: o.name),
    "chairmanship": (ChairmanshipFactory, lambda o: o.state.name),
    "handover": (HandoverFactory, lambda o: o.outgoing.state.name),
    "partner organisation": (OrganisationFactory, lambda o: o.name),
    "event": (EventFactory, lambda o: o.title),
    "joint statement": (JointStatementFactory, lambda o: o.title),
    "speaker": (SpeakerFactory, lambda o: o.name),
    "quote": (QuoteFactory, lambda o: o.speaker.name),
}


@pytest.mark.parametrize("record", RECORDS)
def test_staff_see_the_list_of_each_kind_of_record(admin_client, record):
    factory, _ = RECORDS[record]
    obj = factory()
    response = admin_client.get(admin_url(obj, "changelist"))
    assertContains(response, change_url(obj))


@pytest.mark.parametrize("record", RECORDS)
def test_staff_find_a_record_by_searching_the_list(admin_client, record):
    factory, search_term = RECORDS[record]
    other = factory()
    obj = factory()  # made second, so its name is in no part of the other's
    response = admin_client.get(admin_url(obj, "changelist"), {"q": f'"{search_term(obj)}"'})
    assertContains(response, change_url(obj))
    assertNotContains(response, change_url(other))


@pytest.mark.parametrize("record", [r for r in RECORDS if r != "handover"])
def test_staff_open_the_form_to_add_each_kind_of_record(admin_client, record):
    factory, _ = RECORDS[record]
    model = factory._meta.model
    response = admin_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("record", RECORDS)
def test_staff_open_each_record_to_change_it(admin_client, record):
    factory, _ = RECORDS[record]
    obj = factory()
    assertContains(admin_client.get(change_url(obj)), str(obj))


@pytest.mark.parametrize("record", [r for r in RECORDS if r != "partner organisation"])
def test_view_on_site_opens_the_public_page_of_the_record(admin_client, record):
    factory, _ = RECORDS[record]
    obj = factory()
    assertContains(admin_client.get(change_url(obj)), "View on site")
    content_type = ContentType.objects.get_for_model(obj)
    on_site = admin_client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
    assert on_site.status_code == 302
    assert on_site.url.endswith(obj.get_absolute_url())


SLUGGED = {
    "member state": MemberStateFactory,
    "topic": TopicFactory,
    "chairmanship": ChairmanshipFactory,
    "event": EventFactory,
    "joint statement": JointStatementFactory,
    "speaker": SpeakerFactory,
}


@pytest.mark.parametrize("record", SLUGGED)
def test_a_web_address_name_is_chosen_when_adding_and_cannot_be_changed_once_saved(
    admin_client, record
):
    obj = SLUGGED[record]()
    assertContains(admin_client.get(admin_url(obj, "add")), 'name="slug"')
    response = admin_client.get(change_url(obj))
    assertNotContains(response, 'name="slug"')
    assertContains(response, obj.slug)


# Recording a handover: the button, the form, the confirmation, the service.


def test_the_current_chairmanship_has_a_record_handover_button(admin_client, current_chair):
    response = admin_client.get(change_url(current_chair))
    assertContains(response, "Record handover")
    assertContains(response, handover_url(current_chair))
    assertContains(admin_client.get(admin_url(Chairmanship, "changelist")), "Record handover")


def test_a_past_chairmanship_has_no_record_handover_button(admin_client):
    past = ChairmanshipFactory()
    assertNotContains(admin_client.get(change_url(past)), handover_url(past))
    response = admin_client.get(handover_url(past), follow=True)
    assertContains(response, "has already ended")


def test_the_end_date_of_the_current_chairmanship_cannot_be_typed_in(admin_client, current_chair):
    response = admin_client.get(change_url(current_chair))
    assertNotContains(response, 'name="ends_on"')
    assertContains(response, "Record handover")


def test_recording_a_handover_ends_the_current_chair_and_opens_the_next(
    admin_client, admin_user, current_chair, kyrgyzstan
):
    url = handover_url(current_chair)
    form_page = admin_client.get(url)
    assertContains(form_page, "State taking the chair")
    assertContains(form_page, "Kyrgyzstan")

    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "notes": "Announced in Almaty."}
    confirmation = admin_client.post(url, data)
    assertContains(
        confirmation,
        f"Kazakhstan will end its chairmanship on {format_date(date(2024, 1, 1))} "
        "and Kyrgyzstan will take the chair.",
    )
    assertContains(confirmation, "Confirm handover")
    current_chair.refresh_from_db()
    assert current_chair.is_current, "nothing changes before the handover is confirmed"
    assert Handover.objects.count() == 0
    assert Chairmanship.objects.count() == 1

    done = admin_client.post(url, {**data, "confirm": "yes"}, follow=True)

    current_chair.refresh_from_db()
    assert current_chair.ends_on == date(2024, 1, 1)
    incoming = Chairmanship.objects.current().get()
    assert (incoming.state, incoming.starts_on) == (kyrgyzstan, date(2024, 1, 1))
    handover = Handover.objects.get()
    assert (handover.outgoing, handover.incoming) == (current_chair, incoming)
    assert handover.recorded_by == admin_user
    assert handover.notes == "Announced in Almaty."
    assertRedirects(done, change_url(incoming))
    assertContains(done, "Handover recorded")


def test_going_back_from_the_confirmation_keeps_what_was_entered(
    admin_client, current_chair, kyrgyzstan
):
    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "notes": "Announced in Almaty."}
    response = admin_client.post(handover_url(current_chair), {**data, "edit": "yes"})
    assertContains(response, "Announced in Almaty.")
    assertNotContains(response, "Confirm handover")
    assert current_chair.is_current and Handover.objects.count() == 0


REFUSED_HANDOVERS = {
    "to the state already holding the chair": (
        lambda kz, kg: {"to_state": kz.pk, "on": "2024-01-01"},
        "Kazakhstan already holds the chair",
    ),
    "dated before the current term began": (
        lambda kz, kg: {"to_state": kg.pk, "on": "2022-06-01"},
        "The handover date must fall after Kazakhstan took the chair",
    ),
    "dated the day the current term began": (
        lambda kz, kg: {"to_state": kg.pk, "on": "2023-01-01"},
        "The handover date must fall after Kazakhstan took the chair",
    ),
}


@pytest.mark.parametrize("confirm", [False, True], ids=["at the form", "even when confirmed"])
@pytest.mark.parametrize("case", REFUSED_HANDOVERS)
def test_a_wrong_handover_is_refused_with_a_readable_message_and_changes_nothing(
    admin_client, current_chair, kazakhstan, kyrgyzstan, case, confirm
):
    make_data, message = REFUSED_HANDOVERS[case]
    data = make_data(kazakhstan, kyrgyzstan)
    if confirm:
        data["confirm"] = "yes"
    before = chairmanship_records()

    response = admin_client.post(handover_url(current_chair), data)

    assertContains(response, message)
    assertContains(response, "Please correct the error below.")
    assertNotContains(response, "Confirm handover")
    assert chairmanship_records() == before


def test_a_handover_from_a_chair_that_has_already_passed_is_refused(
    admin_client, current_chair, kyrgyzstan
):
    """Two staff on the same form: the second to confirm is told, and nothing more changes."""
    url = handover_url(current_chair)
    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "confirm": "yes"}
    admin_client.post(url, data)
    before = chairmanship_records()

    response = admin_client.post(url, {**data, "on": "2024-06-01"}, follow=True)

    assertContains(response, "has already ended")
    assert chairmanship_records() == before


def test_a_confirmation_overtaken_by_another_handover_does_not_pass_on_the_new_chair(
    rf, admin_user, current_chair, kyrgyzstan
):
    """The form was opened for Kazakhstan's chair; meanwhile it passed to Kyrgyzstan."""
    stale = Chairmanship.objects.select_related("state").get(pk=current_chair.pk)
    hand_over(to_state=kyrgyzstan, on=date(2024, 1, 1))
    tajikistan = MemberStateFactory(name="Tajikistan", iso_code="TJ", slug="tajikistan")
    form = HandoverForm({"to_state": tajikistan.pk, "on": "2024-06-01"}, outgoing=stale)
    assert form.is_valid()
    request = rf.post("/")
    request.user = admin_user
    before = chairmanship_records()

    with pytest.raises(HandoverRefused, match="handed over by someone else"):
        admin.site.get_model_admin(Chairmanship)._hand_over(request, stale, form, dry_run=False)

    assert chairmanship_records() == before


@pytest.fixture
def staff_client(client, django_user_model):
    """A press officer who may edit chairmanships; tests grant more permissions as needed."""
    user = django_user_model.objects.create_user(username="press", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_chairmanship"),
        Permission.objects.get(codename="change_chairmanship"),
    )
    client.force_login(user)
    client.user = user
    return client


def test_staff_without_permission_to_add_handovers_cannot_record_one(
    staff_client, current_chair, kyrgyzstan
):
    assertNotContains(staff_client.get(change_url(current_chair)), handover_url(current_chair))
    before = chairmanship_records()
    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "confirm": "yes"}
    assert staff_client.get(handover_url(current_chair)).status_code == 403
    assert staff_client.post(handover_url(current_chair), data).status_code == 403
    assert chairmanship_records() == before


def test_staff_with_permission_to_add_handovers_and_change_chairmanships_can_record_one(
    staff_client, current_chair, kyrgyzstan
):
    staff_client.user.user_permissions.add(Permission.objects.get(codename="add_handover"))
    assertContains(staff_client.get(change_url(current_chair)), handover_url(current_chair))
    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "confirm": "yes"}
    response = staff_client.post(handover_url(current_chair), data)
    assert response.status_code == 302
    assert Chairmanship.objects.current().get().state == kyrgyzstan


def test_handovers_cannot_be_added_or_deleted_by_hand_only_their_notes_edited(admin_client):
    handover = HandoverFactory(notes="")
    assert admin_client.get(admin_url(Handover, "add")).status_code == 403
    assert admin_client.get(admin_url(handover, "delete", handover.pk)).status_code == 403
    assert admin_client.post(admin_url(handover, "delete", handover.pk)).status_code == 403
    page = admin_client.get(change_url(handover))
    assertContains(page, 'name="notes"')
    assertNotContains(page, 'name="outgoing"')
    assertNotContains(page, 'name="incoming"')

    other = ChairmanshipFactory()
    response = admin_client.post(
        change_url(handover), {"notes": "Announced at the conference.", "outgoing": other.pk}
    )

    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.notes == "Announced at the conference."
    assert handover.outgoing != other


# Adding chairmanships by hand (historic records) runs the model's rules.


def chairmanship_form(state, starts_on, ends_on=""):
    return {
        "state": state.pk,
        "slug": "",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "date_precision": "day",
        "outcomes": "",
        **management_form("priorities"),
        **management_form("initiatives"),
    }


def test_adding_an_overlapping_chairmanship_is_refused_naming_the_one_it_overlaps(
    admin_client, current_chair, kyrgyzstan
):
    response = admin_client.post(
        admin_url(Chairmanship, "add"), chairmanship_form(kyrgyzstan, "2023-06-01", "2023-12-31")
    )

    assertContains(response, "These dates overlap")
    assertContains(response, str(current_chair))
    assert list(Chairmanship.objects.all()) == [current_chair]


def test_adding_a_historic_chairmanship_with_priorities_saves_it_with_a_web_address_name(
    admin_client, current_chair, kyrgyzstan
):
    data = chairmanship_form(kyrgyzstan, "2020-01-01", "2021-01-01")
    data.update(management_form("priorities", total=2))
    data.update(
        {
            "priorities-0-position": "2",
            "priorities-0-title_en": "Climate change",
            "priorities-1-position": "1",
            "priorities-1-title_en": "Innovation and technology",
        }
    )

    response = admin_client.post(admin_url(Chairmanship, "add"), data)

    assert response.status_code == 302
    added = Chairmanship.objects.get(state=kyrgyzstan)
    assert added.slug == "kyrgyzstan-2020"
    assert [p.title for p in added.priorities.all()] == [
        "Innovation and technology",
        "Climate change",
    ]


# Entering a conference from a press release: event, statement and quotes together.


def event_form(**fields):
    return {
        "title_en": "Combating Gender-Based Violence in the Region",
        "slug": "combating-gbv",
        "kind": "conference",
        "status": "held",
        "theme_en": "",
        "starts_on": "2024-05-20",
        "ends_on": "2024-05-21",
        "date_precision": "day",
        "city": "Astana",
        "venue": "",
        "host_state": "",
        "chairmanship": "",
        "announced_handover": "",
        "summary_en": "",
        "source_url": "",
        "source_title": "",
        **management_form("statements"),
        **management_form("quotes"),
        **management_form("participations"),
        **fields,
    }


def test_staff_enter_an_event_with_its_statement_and_quotes_on_one_page(admin_client):
    speaker = SpeakerFactory(name="Zhuldyz Suleimenova", position="Member of the Mazhilis")
    data = event_form(
        **management_form("statements", total=1),
        **management_form("quotes", total=1),
        **management_form("participations"),
        **{
            "statements-0-title_en": "Joint statement on protecting women",
            "statements-0-slug": "joint-statement-protecting-women",
            "statements-0-adopted_on": "2024-05-21",
            "quotes-0-speaker": speaker.pk,
            "quotes-0-text": "We focus on enhancing skills in digital technologies.",
            "quotes-0-language": "en",
            "quotes-0-position": "0",
            "quotes-0-position_at_time": "",
        },
    )

    response = admin_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get()
    assert event.statements.get().title == "Joint statement on protecting women"
    quote = event.quotes.get()
    assert quote.speaker == speaker
    assert quote.position_at_time == "Member of the Mazhilis"


def test_a_statement_dated_outside_its_new_event_is_refused(admin_client):
    data = event_form(
        **management_form("statements", total=1),
        **{
            "statements-0-title_en": "Joint statement",
            "statements-0-slug": "joint-statement",
            "statements-0-adopted_on": "2024-06-01",
        },
    )

    response = admin_client.post(admin_url(Event, "add"), data)

    assertContains(response, "A statement is adopted during its event")
    assert not Event.objects.exists()
    assert not JointStatement.objects.exists()


def test_an_event_page_lists_its_statements_and_quotes(admin_client):
    quote = QuoteFactory()
    statement = JointStatementFactory(event=quote.event)
    response = admin_client.get(change_url(quote.event))
    assertContains(response, statement.title)
    assertContains(response, quote.text)


# Deleting a record that others point to is refused, not cascaded.


def state_with_a_chairmanship():
    return ChairmanshipFactory().state


def event_with_a_quote():
    return QuoteFactory().event


def speaker_with_a_quote():
    return QuoteFactory().speaker


def chairmanship_with_a_handover():
    return HandoverFactory().outgoing


@pytest.mark.parametrize(
    "make_record",
    [
        state_with_a_chairmanship,
        event_with_a_quote,
        speaker_with_a_quote,
        chairmanship_with_a_handover,
    ],
)
def test_a_record_others_point_to_cannot_be_deleted(admin_client, make_record):
    record = make_record()
    url = admin_url(record, "delete", record.pk)

    page = admin_client.get(url)
    assertContains(page, "cannot be deleted")
    assertNotContains(page, "Yes, I’m sure")

    admin_client.post(url, {"post": "yes"})
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_record_nothing_points_to_can_be_deleted(admin_client):
    state = MemberStateFactory()
    response = admin_client.post(admin_url(state, "delete", state.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not MemberState.objects.filter(pk=state.pk).exists()


# Long lists cost the same number of queries as short ones.

# Session and user, the list filters' choices, the count, the rows, the date links, and
# saving the session: never a query per row, so 5 rows and 50 rows fit the same budget.
LIST_QUERY_BUDGET = 12


@pytest.mark.parametrize("rows", [5, 50])
def test_the_quote_list_costs_the_same_queries_however_many_quotes(
    admin_client, django_assert_max_num_queries, rows
):
    QuoteFactory.create_batch(rows)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        response = admin_client.get(admin_url(Quote, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_event_list_costs_the_same_queries_however_many_events(
    admin_client, django_assert_max_num_queries, rows
):
    chairmanship = ChairmanshipFactory(starts_on=date(2019, 1, 1), ends_on=None)
    EventFactory.create_batch(rows, chairmanship=chairmanship)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        response = admin_client.get(admin_url(Event, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_speaker_and_handover_lists_cost_the_same_queries_however_many_rows(
    admin_client, admin_user, django_assert_max_num_queries, rows
):
    SpeakerFactory.create_batch(rows)
    HandoverFactory.create_batch(rows, recorded_by=admin_user)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        assert admin_client.get(admin_url(Speaker, "changelist")).status_code == 200
    with django_assert_max_num_queries(LIST_QUERY_BUDGET):
        assert admin_client.get(admin_url(Handover, "changelist")).status_code == 200
