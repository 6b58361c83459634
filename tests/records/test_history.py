"""Every change is kept: who, when and what; any earlier version can be brought back.

django-simple-history records each save and delete; the admin writes one entry per save
(the record and its links together), shows the differences in words, and restores an
earlier version, or a deleted record, from the record's history page.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.forms import MultiWidget
from pytest_django.asserts import assertContains

from chairmanships.models import Chairmanship, Handover
from chairmanships.services import hand_over
from dialogue.records.models import PublicationStatus
from dialogue.staff.roles import EDITOR, PUBLISHER, sync_roles
from events.models import Event
from statements.models import JointStatement, Quote
from tests.admin_support import admin_url
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def statement_data(statement, **fields):
    return {
        "title_en": statement.title,
        "event": statement.event_id,
        "adopted_on": statement.adopted_on.isoformat(),
        "summary_en": statement.summary,
        "text_en": statement.text,
        "signatories": [s.pk for s in statement.signatories.all()],
        "topics": [t.pk for t in statement.topics.all()],
        "source_url": "",
        "source_title": "",
        **NO_SIGNATORY_ROWS,
        **fields,
    }


# The statement page's inline of the people who signed, sent empty as a browser sends it.
NO_SIGNATORY_ROWS = {"signing_people-TOTAL_FORMS": "0", "signing_people-INITIAL_FORMS": "0"}


def form_data(form):
    """What a browser would post for an admin form as rendered (its initial values)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None and isinstance(field.widget, MultiWidget):
            continue  # an empty date and time is simply not sent
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    return data


def staff_in(client, django_user_model, role):
    sync_roles()
    user = django_user_model.objects.create_user(role.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


# Recorded: on create, change and delete, with who did it.


def test_adding_a_statement_in_the_admin_writes_one_entry_with_its_topics(admin_client, admin_user):
    event = EventFactory()
    topic = TopicFactory()
    response = admin_client.post(
        admin_url(JointStatement, "add"),
        {
            "title_en": "New statement",
            "slug": "new-statement",
            "event": event.pk,
            "adopted_on": event.starts_on.isoformat(),
            "topics": [topic.pk],
            **NO_SIGNATORY_ROWS,
        },
    )
    assert response.status_code == 302
    statement = JointStatement.objects.get(slug="new-statement")
    [entry] = statement.history.all()
    assert entry.history_type == "+"
    assert entry.history_user == admin_user
    assert list(entry.topics.values_list("topic", flat=True)) == [topic.pk]


def test_changing_a_record_and_its_links_is_one_entry_with_a_readable_diff(
    admin_client, admin_user
):
    old_topic, new_topic = TopicFactory(name="Climate"), TopicFactory(name="Digital skills")
    statement = JointStatementFactory(title="Statement on climate")
    statement.topics.set([old_topic])
    before = statement.history.count()

    response = admin_client.post(
        admin_url(statement, "change", statement.pk),
        statement_data(
            statement,
            title_en="Statement on digital skills",
            topics=[new_topic.pk],
            publication_status=DRAFT,
        ),
    )

    assert response.status_code == 302
    assert statement.history.count() == before + 1
    latest = statement.history.first()
    assert latest.history_type == "~" and latest.history_user == admin_user
    changes = {change.field: change for change in latest.diff_against(latest.prev_record).changes}
    assert changes["title"].old == "Statement on climate"
    assert changes["title"].new == "Statement on digital skills"
    assert "topics" in changes

    page = admin_client.get(admin_url(statement, "history", statement.pk))
    assertContains(page, "Statement on climate")
    assertContains(page, "Statement on digital skills")
    assertContains(page, "[Digital skills]")
    # Choices read as staff know them, not as stored codes.
    assertContains(page, "Published")
    assertContains(page, "Draft (staff only)")


def test_deleting_a_quote_keeps_its_history_with_who_deleted_it(admin_client, admin_user):
    quote = QuoteFactory(text="Words worth keeping.")
    response = admin_client.post(admin_url(quote, "delete", quote.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    deletion = Quote.history.filter(id=quote.pk).first()
    assert deletion.history_type == "-"
    assert deletion.history_user == admin_user
    assert deletion.text == "Words worth keeping."


def test_records_saved_outside_the_admin_are_recorded_too():
    event = EventFactory(title="First title")
    pk = event.pk
    event.title = "Second title"
    event.save()
    event.delete()
    assert [entry.history_type for entry in Event.history.filter(id=pk)] == ["-", "~", "+"]


# Reverting: any earlier version comes back, its links included.


def test_a_wrong_edit_to_a_statement_is_reverted_from_its_history(admin_client):
    climate, digital = TopicFactory(name="Climate"), TopicFactory(name="Digital skills")
    statement = JointStatementFactory(title="Joint statement on climate", text="The right text.")
    statement.topics.set([climate])
    good_version = statement.history.first()

    admin_client.post(
        admin_url(statement, "change", statement.pk),
        statement_data(
            statement, title_en="Wrong title", text_en="Wrong text.", topics=[digital.pk]
        ),
    )
    statement.refresh_from_db()
    assert statement.title == "Wrong title"

    revert_url = admin_url(statement, "simple_history", statement.pk, good_version.history_id)
    page = admin_client.get(revert_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form["title_en"].value() == "Joint statement on climate"
    assert [int(pk) for pk in form["topics"].value()] == [climate.pk]

    response = admin_client.post(revert_url, {**form_data(form), **NO_SIGNATORY_ROWS})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "Joint statement on climate"
    assert statement.text == "The right text."
    assert list(statement.topics.all()) == [climate]
    latest = statement.history.first()
    assert latest.history_change_reason.startswith("Restored the version of")


def test_a_deleted_quote_is_listed_and_restored_from_its_history(admin_client):
    quote = QuoteFactory(text="We focus on digital skills.")
    pk = quote.pk
    admin_client.post(admin_url(quote, "delete", pk), {"post": "yes"})

    listing = admin_client.get(admin_url(Quote, "deleted"))
    assertContains(listing, "We focus on digital skills.")
    assertContains(listing, admin_url(Quote, "history", pk))
    assertContains(admin_client.get(admin_url(Quote, "changelist")), admin_url(Quote, "deleted"))

    history = admin_client.get(admin_url(Quote, "history", pk))
    assert history.status_code == 200
    last_version = (
        Quote.history.filter(id=pk, history_type="~").first()
        or Quote.history.filter(id=pk, history_type="+").first()
    )
    revert_url = admin_url(Quote, "simple_history", pk, last_version.history_id)
    form = admin_client.get(revert_url).context["adminform"].form
    response = admin_client.post(revert_url, form_data(form))

    assert response.status_code == 302
    restored = Quote.objects.get(pk=pk)
    assert restored.text == "We focus on digital skills."
    assert restored.publication_status == PUBLISHED
    assert admin_client.get(restored.get_absolute_url()).status_code == 200
    assertContains(admin_client.get(admin_url(Quote, "deleted")), "No quotes have been deleted.")


def test_an_editor_restores_a_deleted_quote_as_a_draft(client, django_user_model):
    quote = QuoteFactory(text="Restored by an editor.")
    pk = quote.pk
    quote.delete()
    staff_in(client, django_user_model, EDITOR)
    version = Quote.history.filter(id=pk, history_type="+").get()
    revert_url = admin_url(Quote, "simple_history", pk, version.history_id)
    form = client.get(revert_url).context["adminform"].form
    assert "publication_status" not in form.fields

    response = client.post(revert_url, form_data(form), follow=True)

    assert response.status_code == 200
    assert Quote.objects.get(pk=pk).publication_status == DRAFT
    assertContains(response, "Only a publisher can publish or unpublish")


def test_an_editor_reverting_to_an_unpublished_version_does_not_unpublish(
    client, django_user_model
):
    statement = JointStatementFactory(publication_status=DRAFT, title="Draft title")
    draft_version = statement.history.first()
    statement.publication_status = PUBLISHED
    statement.title = "Published title"
    statement.save()
    staff_in(client, django_user_model, EDITOR)
    revert_url = admin_url(statement, "simple_history", statement.pk, draft_version.history_id)
    form = client.get(revert_url).context["adminform"].form
    client.post(revert_url, form_data(form))
    statement.refresh_from_db()
    assert statement.title == "Draft title"
    assert statement.publication_status == PUBLISHED


# Our own writes of several records keep their history too.


def test_publishing_from_the_list_records_who_published_each_record(client, django_user_model):
    publisher = staff_in(client, django_user_model, PUBLISHER)
    events = [EventFactory(publication_status=DRAFT) for _ in range(3)]
    for event in events:
        event.topics.set([TopicFactory()])
    client.post(
        admin_url(Event, "changelist"),
        {"action": "publish", "_selected_action": [e.pk for e in events], "index": "0"},
    )
    for event in events:
        latest = event.history.first()
        assert latest.publication_status == PUBLISHED
        assert latest.history_user == publisher
        assert latest.history_change_reason == "Published"
        # The entry is a whole snapshot, links included: reverting to it loses nothing.
        assert latest.topics.count() == 1


def test_a_handover_keeps_the_history_of_both_chairmanships_and_of_itself(admin_user):
    kazakhstan = MemberStateFactory(name="Kazakhstan")
    kyrgyzstan = MemberStateFactory(name="Kyrgyzstan")
    outgoing = ChairmanshipFactory(state=kazakhstan, starts_on=date(2023, 1, 1), ends_on=None)

    handover = hand_over(to_state=kyrgyzstan, on=date(2023, 12, 1), recorded_by=admin_user)

    assert [e.ends_on for e in outgoing.history.all()] == [date(2023, 12, 1), None]
    incoming = Chairmanship.objects.get(state=kyrgyzstan)
    assert incoming.history.get().history_type == "+"
    assert Handover.history.get(id=handover.pk).recorded_by_id == admin_user.pk


def test_every_kind_of_record_has_a_history_page(admin_client):
    for record in (
        MemberStateFactory(),
        TopicFactory(),
        EventFactory(),
        JointStatementFactory(),
        QuoteFactory(),
    ):
        response = admin_client.get(admin_url(record, "history", record.pk))
        assert response.status_code == 200, record
