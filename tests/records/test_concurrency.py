"""Two staff editing one record: the later save is refused, and nothing either typed is lost.

Each test drives the admin as two browsers would: both load the same change page, both
send it back with their own change. The first wins; the second gets its form back with
what was typed, a message saying who saved in between and a link to the history, and
the record keeps the first change until the second person saves again on purpose.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.forms import MultiWidget
from django.urls import reverse
from pytest_django.asserts import assertContains

from chairmanships.models import Chairmanship, Priority
from dialogue.records.concurrency import RecordChanged
from dialogue.records.i18n import default_language_field
from dialogue.records.models import PublicationStatus
from dialogue.staff.roles import PUBLISHER, sync_roles
from events.models import Event
from statements.models import JointStatement
from tests.admin_support import admin_url
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    HandoverFactory,
    InitiativeFactory,
    JointStatementFactory,
    MemberStateFactory,
    OrganisationFactory,
    PriorityFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def form_fields(form):
    """What a browser posts for one rendered form: each field's shown value."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None and isinstance(field.widget, MultiWidget):
            continue
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[form.add_prefix(name)] = value
    return data


def page_data(response):
    """What a browser posts for an admin change page as rendered: the form and its inlines."""
    data = form_fields(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_fields(formset.management_form))
        for form in formset.forms:
            data.update(form_fields(form))
    return data


@pytest.fixture
def alice(client, django_user_model):
    user = django_user_model.objects.create_superuser("alice", "alice@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture
def bob(django_user_model):
    from django.test import Client

    client = Client()
    client.force_login(django_user_model.objects.create_superuser("bob", "bob@example.org", "x"))
    return client


def both_open(obj, alice, bob):
    """Alice and Bob open the same change page; return what each browser would send."""
    url = admin_url(obj, "change", obj.pk)
    return url, page_data(alice.get(url)), page_data(bob.get(url))


RECORDS = [
    pytest.param(MemberStateFactory, "official_name", id="member state"),
    pytest.param(TopicFactory, "description", id="topic"),
    pytest.param(lambda: ChairmanshipFactory(ends_on=None), "outcomes", id="chairmanship"),
    pytest.param(HandoverFactory, "notes", id="handover"),
    pytest.param(OrganisationFactory, "acronym", id="organisation"),
    pytest.param(EventFactory, "summary", id="event"),
    pytest.param(JointStatementFactory, "summary", id="joint statement"),
    pytest.param(SpeakerFactory, "position", id="speaker"),
    pytest.param(QuoteFactory, "text", id="quote"),
]


@pytest.mark.parametrize(("make", "field"), RECORDS)
def test_the_later_of_two_edits_is_refused_with_its_input_kept(alice, bob, make, field):
    record = make()
    url, alices, bobs = both_open(record, alice, bob)
    entries = record.history.count()

    posted = default_language_field(type(record), field)  # `summary_en` if translated
    assert alice.post(url, {**alices, posted: "Alice's wording"}).status_code == 302
    response = bob.post(url, {**bobs, posted: "Bob's wording"})

    assert response.status_code == 200
    assertContains(response, "alice saved")
    assertContains(response, "Nothing was saved")
    assertContains(response, f'href="{admin_url(record, "history", record.pk)}"')
    assertContains(response, "Bob&#x27;s wording")  # what Bob typed is still in his form
    record.refresh_from_db()
    assert getattr(record, field) == "Alice's wording"
    assert record.history.count() == entries + 1
    assert record.history.first().history_user.username == "alice"


def test_saving_the_returned_form_again_replaces_the_other_version_on_purpose(alice, bob):
    statement = JointStatementFactory(summary="First")
    url, alices, bobs = both_open(statement, alice, bob)
    alice.post(url, {**alices, "summary_en": "Alice's summary"})
    refused = bob.post(url, {**bobs, "summary_en": "Bob's summary"})

    assert bob.post(url, page_data(refused)).status_code == 302

    statement.refresh_from_db()
    assert statement.summary == "Bob's summary"
    assert [entry.summary for entry in statement.history.all()[:2]] == [
        "Bob's summary",
        "Alice's summary",
    ]


def test_edits_one_after_the_other_both_save(alice, bob):
    topic = TopicFactory(description="First")
    url = admin_url(topic, "change", topic.pk)
    assert (
        alice.post(url, {**page_data(alice.get(url)), "description_en": "Second"}).status_code
        == 302
    )
    assert bob.post(url, {**page_data(bob.get(url)), "description_en": "Third"}).status_code == 302
    topic.refresh_from_db()
    assert topic.description == "Third"


@pytest.mark.parametrize(
    ("make_row", "prefix", "field"),
    [
        pytest.param(PriorityFactory, "priorities", "title", id="priority"),
        pytest.param(InitiativeFactory, "initiatives", "name", id="initiative"),
    ],
)
def test_an_inline_row_edited_meanwhile_refuses_the_whole_page(alice, bob, make_row, prefix, field):
    row = make_row()
    chairmanship = row.chairmanship
    url, alices, bobs = both_open(chairmanship, alice, bob)
    row_field = f"{prefix}-0-{default_language_field(type(row), field)}"
    assert row_field in bobs, sorted(bobs)

    assert alice.post(url, {**alices, row_field: "Alice's row"}).status_code == 302
    response = bob.post(url, {**bobs, row_field: "Bob's row", "outcomes_en": "Bob's outcomes"})

    assert response.status_code == 200
    assertContains(response, "alice saved")
    assertContains(response, f'href="{admin_url(chairmanship, "history", chairmanship.pk)}"')
    row.refresh_from_db()
    chairmanship.refresh_from_db()
    assert getattr(row, field) == "Alice's row"
    assert chairmanship.outcomes != "Bob's outcomes"  # nothing of Bob's page was saved


def test_a_quote_row_on_the_event_page_edited_from_its_own_page_is_refused(alice, bob):
    quote = QuoteFactory(text="As said")
    event = quote.event
    url, _, bobs = both_open(event, alice, bob)
    quote_url = admin_url(quote, "change", quote.pk)
    alice.post(quote_url, {**page_data(alice.get(quote_url)), "text": "As corrected"})

    quote_field = next(name for name, value in bobs.items() if value == "As said")
    response = bob.post(url, {**bobs, quote_field: "As Bob heard it"})

    assert response.status_code == 200
    assertContains(response, "alice saved")
    quote.refresh_from_db()
    assert quote.text == "As corrected"


def test_a_revert_works_and_a_revert_from_an_outdated_page_is_refused(alice, bob):
    topic = TopicFactory(description="Original")
    url = admin_url(topic, "change", topic.pk)
    alice.post(url, {**page_data(alice.get(url)), "description_en": "Changed"})
    original = topic.history.last()
    revert_url = reverse(
        "admin:chairmanships_topic_simple_history", args=[topic.pk, original.history_id]
    )
    bobs_revert = page_data(bob.get(revert_url))
    alice.post(url, {**page_data(alice.get(url)), "description_en": "Changed again"})

    refused = bob.post(revert_url, bobs_revert)
    assert refused.status_code == 200
    assertContains(refused, "alice saved")
    topic.refresh_from_db()
    assert topic.description == "Changed again"

    assert bob.post(revert_url, page_data(bob.get(revert_url))).status_code == 302
    topic.refresh_from_db()
    assert topic.description == "Original"
    assert topic.history.count() == 4


def test_publishing_from_the_list_raises_the_version_and_keeps_one_history_entry(
    client, django_user_model
):
    sync_roles()
    publisher = django_user_model.objects.create_user("publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    client.force_login(publisher)
    event = EventFactory(publication_status=PublicationStatus.DRAFT)
    seen = Event.objects.get(pk=event.pk)
    entries = event.history.count()

    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.PUBLISHED
    assert event.version == seen.version + 1
    assert event.history.count() == entries + 1
    with pytest.raises(RecordChanged):
        seen.save()  # a copy loaded before the publication is out of date


def test_publishing_a_record_saved_meanwhile_is_refused_with_a_message(
    client, django_user_model, monkeypatch
):
    """Someone saves the event between the action's read and its write: no 500, a message,
    and the other person's save stands."""
    from dialogue.records import publishing

    sync_roles()
    publisher = django_user_model.objects.create_user("publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    client.force_login(publisher)
    event = EventFactory(publication_status=PublicationStatus.DRAFT)
    original = publishing.why_not_publishable

    def after_someone_else_saved(obj):
        Event.objects.filter(pk=obj.pk).update(version=obj.version + 1)
        return original(obj)

    monkeypatch.setattr(publishing, "why_not_publishable", after_someone_else_saved)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assertContains(response, "was changed by someone else just now")
    event.refresh_from_db()
    assert event.publication_status == PublicationStatus.DRAFT


def test_a_stale_copy_is_refused_and_changes_nothing():
    statement = JointStatementFactory(title="Stored")
    first, second = (JointStatement.objects.get(pk=statement.pk) for _ in range(2))
    first.title = "First"
    first.save()
    second.title = "Second"
    with pytest.raises(RecordChanged), transaction.atomic():
        second.save()
    statement.refresh_from_db()
    assert (statement.title, statement.version) == ("First", 2)
    assert statement.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_exactly_one_wins(on_postgres):
    """Two app servers save the same version at the same moment: the database lets one in."""
    chairmanship = ChairmanshipFactory(ends_on=None, outcomes="Stored")
    PriorityFactory(chairmanship=chairmanship)
    start = threading.Barrier(2)
    outcomes = {}

    def save(name):
        try:
            copy = Chairmanship.objects.get(pk=chairmanship.pk)
            copy.outcomes = name
            start.wait()
            with transaction.atomic():
                copy.save()
            outcomes[name] = "saved"
        except RecordChanged:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    [winner] = [name for name, outcome in outcomes.items() if outcome == "saved"]
    chairmanship.refresh_from_db()
    assert (chairmanship.outcomes, chairmanship.version) == (winner, 2)
    assert [entry.outcomes for entry in chairmanship.history.all()] == [winner, "Stored"]
    assert Priority.objects.filter(chairmanship=chairmanship).count() == 1
