"""Roles: an Editor drafts, a Publisher publishes, an Administrator may do everything.

The groups come from a data migration (dialogue/staff/roles.py); the rights are enforced by the
server, so a forged POST from an editor changes nothing.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.records.models import PublicationStatus
from dialogue.staff.roles import ADMINISTRATOR, EDITOR, PUBLISHER, sync_roles
from events.models import Event
from statements.models import JointStatement, Quote
from tests.admin_support import admin_url, management_form
from tests.factories import EventFactory, JointStatementFactory, QuoteFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


@pytest.fixture(autouse=True)
def roles():
    # The migration made them; a test that flushed the database may have removed them.
    sync_roles()


def member_of(django_user_model, role, username=None):
    user = django_user_model.objects.create_user(
        username=username or role.lower(), password="not-used-here", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(member_of(django_user_model, EDITOR))
    return client


@pytest.fixture
def publisher(client, django_user_model):
    client.force_login(member_of(django_user_model, PUBLISHER))
    return client


@pytest.fixture
def administrator(client, django_user_model):
    client.force_login(member_of(django_user_model, ADMINISTRATOR))
    return client


def event_data(event, **fields):
    """The event's change form as the page would post it (no inline rows changed)."""
    return {
        "title_en": event.title,
        "kind": event.kind,
        "status": event.status,
        "theme_en": event.theme,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "date_precision": event.date_precision,
        "city": event.city,
        "venue": event.venue,
        "host_state": event.host_state_id or "",
        "chairmanship": event.chairmanship_id or "",
        "announced_handover": "",
        "summary_en": event.summary,
        "source_url": "",
        "source_title": "",
        **management_form("statements"),
        **management_form("quotes"),
        **management_form("participations"),
        **management_form("documents"),
        **fields,
    }


def codenames(group_name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# The groups and their exact permissions.


def test_the_three_roles_exist_with_exact_permissions():
    editor = codenames(EDITOR)
    publisher = codenames(PUBLISHER)
    administrator = codenames(ADMINISTRATOR)

    for model in ("event", "jointstatement", "quote", "speaker", "chairmanship", "eventdocument"):
        app = {"event": "events", "eventdocument": "events", "chairmanship": "chairmanships"}.get(
            model, "statements"
        )
        assert {f"{app}.view_{model}", f"{app}.add_{model}", f"{app}.change_{model}"} <= editor
    assert not any(".delete_" in permission for permission in editor | publisher)
    assert not any(".publish_" in permission for permission in editor)
    assert publisher - editor == {
        "events.publish_event",
        "statements.publish_jointstatement",
        "statements.publish_quote",
    }
    assert {"auth.add_user", "auth.change_group", "statements.delete_quote"} <= administrator
    assert administrator >= publisher


def test_creating_the_roles_again_changes_nothing():
    before = {name: codenames(name) for name in (EDITOR, PUBLISHER, ADMINISTRATOR)}
    sync_roles()
    sync_roles()
    assert Group.objects.filter(name__in=[EDITOR, PUBLISHER, ADMINISTRATOR]).count() == 3
    assert {name: codenames(name) for name in before} == before


def test_roles_put_back_a_permission_someone_added_by_hand():
    Group.objects.get(name=EDITOR).permissions.add(Permission.objects.get(codename="publish_event"))
    sync_roles()
    assert "events.publish_event" not in codenames(EDITOR)


# Editors: draft, never publish.


def test_an_editor_sees_the_publication_but_cannot_set_it(editor):
    event = EventFactory(publication_status=DRAFT)
    response = editor.get(admin_url(event, "change", event.pk))
    assert response.status_code == 200
    assertNotContains(response, 'name="publication_status"')
    assertNotContains(response, 'name="publish_at_0"')
    assertContains(response, "Draft (staff only)")
    assert response.context["action_form"] is None  # no "Publish" on the page at all


def test_an_editor_is_not_offered_the_publish_actions(editor):
    EventFactory()
    response = editor.get(admin_url(Event, "changelist"))
    action_form = response.context["action_form"]
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert "publish" not in actions and "unpublish" not in actions
    assert "delete_selected" not in actions


def test_an_editors_forged_publish_post_is_refused_and_nothing_is_saved(editor):
    event = EventFactory(publication_status=DRAFT, title="Draft conference")
    response = editor.post(
        admin_url(event, "change", event.pk),
        event_data(event, title="Renamed", publication_status=PUBLISHED),
    )
    assert response.status_code == 200
    assertContains(response, "Only a publisher can publish")
    event.refresh_from_db()
    assert event.publication_status == DRAFT
    assert event.title == "Draft conference"
    assert not Event.objects.published().exists()


def test_an_editors_forged_embargo_post_is_refused(editor):
    event = EventFactory(publication_status=DRAFT)
    response = editor.post(
        admin_url(event, "change", event.pk),
        event_data(event, publish_at_0="2030-01-01", publish_at_1="10:00"),
    )
    assertContains(response, "Only a publisher can publish")
    event.refresh_from_db()
    assert event.publish_at is None


def test_an_editor_adds_an_event_as_a_draft_even_when_the_post_says_published(editor):
    event = EventFactory.build(title="New conference", slug="new-conference", host_state=None)
    response = editor.post(
        admin_url(Event, "add"),
        event_data(event, slug="new-conference", publication_status=PUBLISHED),
    )
    assertContains(response, "Only a publisher can publish")
    assert not Event.objects.filter(slug="new-conference").exists()

    data = event_data(event, slug="new-conference")
    response = editor.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    assert Event.objects.get(slug="new-conference").publication_status == DRAFT


def test_an_editors_forged_publish_of_an_inline_quote_is_refused(editor):
    quote = QuoteFactory(publication_status=DRAFT)
    event = quote.event
    data = event_data(
        event,
        **management_form("quotes", total=1, initial=1),
        **management_form("participations"),
        **{
            "quotes-0-id": quote.pk,
            "quotes-0-event": event.pk,
            "quotes-0-speaker": quote.speaker_id,
            "quotes-0-text": quote.text,
            "quotes-0-language": "en",
            "quotes-0-position": "0",
            "quotes-0-position_at_time": quote.position_at_time,
            "quotes-0-publication_status": PUBLISHED,
        },
    )
    response = editor.post(admin_url(event, "change", event.pk), data)
    assertContains(response, "Only a publisher can publish")
    quote.refresh_from_db()
    assert quote.publication_status == DRAFT


def test_an_editors_forged_publish_action_does_nothing(editor):
    event = EventFactory(publication_status=DRAFT)
    editor.post(
        admin_url(Event, "changelist"),
        {"action": "publish", "_selected_action": [event.pk], "index": "0"},
    )
    event.refresh_from_db()
    assert event.publication_status == DRAFT


def test_an_editor_may_change_the_text_of_a_published_record_but_not_unpublish_it(editor):
    statement = JointStatementFactory(title="Old title")
    response = editor.post(
        admin_url(statement, "change", statement.pk),
        {
            "title_en": "New title",
            "event": statement.event_id,
            "adopted_on": statement.adopted_on.isoformat(),
            "summary_en": "",
            "text_en": statement.text,
            "source_url": "",
            "source_title": "",
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "New title"
    assert statement.publication_status == PUBLISHED


@pytest.mark.parametrize("make_record", [EventFactory, JointStatementFactory, QuoteFactory])
def test_an_editor_cannot_delete(editor, make_record):
    record = make_record()
    # A quote is a leaf nothing points to: only the permission stands in the way.
    leaf = QuoteFactory() if make_record is QuoteFactory else record
    assert editor.get(admin_url(leaf, "delete", leaf.pk)).status_code == 403
    assert editor.post(admin_url(leaf, "delete", leaf.pk), {"post": "yes"}).status_code == 403
    assert type(leaf).objects.filter(pk=leaf.pk).exists()


# Publishers: publish, unpublish, embargo; still no deleting.


def test_a_publisher_publishes_from_the_events_page(publisher):
    event = EventFactory(publication_status=DRAFT)
    response = publisher.post(
        admin_url(event, "change", event.pk), event_data(event, publication_status=PUBLISHED)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.publication_status == PUBLISHED
    assert Event.objects.published().filter(pk=event.pk).exists()


def test_a_publisher_sets_an_embargo_and_the_public_waits_for_it(publisher):
    event = EventFactory(publication_status=DRAFT)
    soon = timezone.localtime() + timedelta(minutes=1)
    response = publisher.post(
        admin_url(event, "change", event.pk),
        event_data(
            event,
            publication_status=PUBLISHED,
            publish_at_0=soon.date().isoformat(),
            publish_at_1=soon.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.publication_status == PUBLISHED and event.is_embargoed
    assert not Event.objects.published().filter(pk=event.pk).exists()

    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert Event.objects.published().filter(pk=event.pk).exists()


def test_a_publisher_publishes_with_the_action_on_the_records_own_page(publisher):
    event = EventFactory(publication_status=DRAFT)
    response = publisher.post(
        admin_url(event, "change", event.pk),
        {"CHANGE_FORM-action": "publish", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.publication_status == PUBLISHED


def test_a_publisher_publishes_and_unpublishes_from_the_list(publisher):
    drafts = [QuoteFactory(publication_status=DRAFT) for _ in range(2)]
    url = admin_url(Quote, "changelist")
    response = publisher.post(
        url,
        {"action": "publish", "_selected_action": [q.pk for q in drafts], "index": "0"},
        follow=True,
    )
    assertContains(response, "Published:")
    assert Quote.objects.published().count() == 2

    publisher.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk], "index": "0"})
    assert Quote.objects.published().count() == 1


def test_a_publisher_publishes_an_event_with_its_statements_and_quotes_in_one_action(publisher):
    event = EventFactory(publication_status=DRAFT)
    statement = JointStatementFactory(event=event, publication_status=DRAFT)
    quotes = [QuoteFactory(event=event, publication_status=DRAFT) for _ in range(2)]
    publisher.post(
        admin_url(event, "change", event.pk),
        {
            "CHANGE_FORM-action": "publish_with_statements_and_quotes",
            "_selected_action": [event.pk],
        },
    )
    assert JointStatement.objects.published().get() == statement
    assert set(Quote.objects.published()) == set(quotes)


def test_a_publisher_cannot_delete_either(publisher):
    quote = QuoteFactory()
    assert publisher.post(admin_url(quote, "delete", quote.pk), {"post": "yes"}).status_code == 403
    assert Quote.objects.filter(pk=quote.pk).exists()


# Administrators: everything.


def test_an_administrator_deletes_a_quote_and_manages_users(administrator):
    quote = QuoteFactory()
    response = administrator.post(admin_url(quote, "delete", quote.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert administrator.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert administrator.get(reverse("admin:auth_user_add")).status_code == 200
