"""One pass from a press release: event, statement, quotes and files on one admin page.

Saving the page is one transaction: a row refused by validation, or a failure while the
rows are written, leaves nothing half-saved.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from dialogue.records.models import PublicationStatus
from dialogue.staff.roles import EDITOR, PUBLISHER, sync_roles
from events.models import Event, EventDocument
from statements.models import JointStatement, Quote, Speaker
from tests.admin_support import management_form
from tests.factories import PDF_BYTES, SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
ADD_EVENT = "/admin/events/event/add/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in Path(media).rglob("*") if p.is_file()]


@pytest.fixture
def speakers():
    return (
        SpeakerFactory(name="Zhuldyz Suleimenova", position="Member of the Mazhilis"),
        SpeakerFactory(name="Tanzila Narbaeva", position="Chairperson of the Senate"),
    )


def press_release(speakers, **fields):
    """The conference of the seed article, as staff enter it on the event's add page."""
    suleimenova, narbaeva = speakers
    topic = TopicFactory(name="Gender-based violence")
    return {
        "title_en": "Combating Gender-Based Violence in the Region",
        "slug": "combating-gbv-2024",
        "kind": "conference",
        "status": "held",
        "theme_en": "Exploring Efficient and Sustainable Collective Solutions",
        "starts_on": "2024-11-30",
        "ends_on": "2024-12-01",
        "date_precision": "day",
        "city": "Astana",
        "venue": "",
        "host_state": "",
        "chairmanship": "",
        "announced_handover": "",
        "summary_en": "The outcomes of the chairmanship were summed up.",
        "topics": [topic.pk],
        "source_url": "https://example.org/news",
        "source_title": "Kazakhstan concludes chairmanship",
        **management_form("statements", total=1),
        "statements-0-title_en": "Joint statement on legislative mechanisms",
        "statements-0-slug": "joint-statement-legislative-mechanisms",
        "statements-0-adopted_on": "2024-12-01",
        "statements-0-summary_en": "Support for legal mechanisms protecting women.",
        "statements-0-text_en": "",
        "statements-0-topics": [topic.pk],
        **management_form("quotes", total=2),
        **management_form("participations"),
        "quotes-0-speaker": suleimenova.pk,
        "quotes-0-position_at_time": "",
        "quotes-0-text": "We focus on enhancing skills in digital technologies.",
        "quotes-0-language": "en",
        "quotes-0-position": "1",
        "quotes-1-speaker": narbaeva.pk,
        "quotes-1-position_at_time": "",
        "quotes-1-text": "A significant achievement has been bringing our dialogue further.",
        "quotes-1-language": "en",
        "quotes-1-position": "2",
        **management_form("documents", total=1),
        "documents-0-title": "Programme",
        "documents-0-kind": "programme",
        "documents-0-language": "en",
        "documents-0-position": "0",
        "documents-0-caption": "",
        "documents-0-alt_text": "",
        "documents-0-file": SimpleUploadedFile("programme.pdf", PDF_BYTES),
        **fields,
    }


def nothing_saved(media):
    return (
        not Event.objects.exists()
        and not JointStatement.objects.exists()
        and not Quote.objects.exists()
        and not EventDocument.objects.exists()
        and not Event.history.exists()
        and not Quote.history.exists()
        and stored_files(media) == []
    )


@pytest.fixture
def editor(client, django_user_model):
    sync_roles()
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return client


def test_the_event_page_offers_statements_quotes_with_a_speaker_search_and_add_button_and_files(
    editor,
):
    html = editor.get(ADD_EVENT).content.decode()
    for group in ("statements-group", "quotes-group", "documents-group"):
        assert f'id="{group}"' in html
    assert 'id="add_id_quotes-__prefix__-speaker"' in html  # "+": add a new speaker
    assert 'data-model-name="speaker"' in html or "admin-autocomplete" in html
    assert 'enctype="multipart/form-data"' in html


def test_an_editor_enters_a_conference_with_its_statement_two_quotes_and_programme_at_once(
    editor, speakers, media
):
    response = editor.post(ADD_EVENT, press_release(speakers))

    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get()
    assert event.publication_status == DRAFT
    statement = event.statements.get()
    assert statement.publication_status == DRAFT
    assert statement.topics.count() == 1
    quotes = list(event.quotes.order_by("position"))
    assert [q.speaker for q in quotes] == list(speakers)
    assert quotes[0].position_at_time == "Member of the Mazhilis"
    assert event.documents.get().content_type == "application/pdf"
    assert len(stored_files(media)) == 1
    # One history entry per record, each by the editor.
    for record in (event, statement, *quotes, event.documents.get()):
        [entry] = record.history.all()
        assert entry.history_type == "+" and entry.history_user.username == "editor"
    # Nothing is public until a publisher says so.
    assert editor.get(event.get_absolute_url()).status_code == 404


def test_a_publisher_publishes_all_of_it_with_one_action(client, django_user_model, speakers):
    sync_roles()
    user = django_user_model.objects.create_user("publisher", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHER))
    client.force_login(user)
    client.post(ADD_EVENT, press_release(speakers))
    event = Event.objects.get()

    client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        {
            "CHANGE_FORM-action": "publish_with_statements_and_quotes",
            "_selected_action": [event.pk],
        },
    )

    html = client.get(event.get_absolute_url()).content.decode()
    assert "Joint statement on legislative mechanisms" in html
    assert html.count('<figure class="quote">') == 2
    assert "Programme" in html


def test_a_refused_quote_leaves_nothing_half_saved(editor, speakers, media):
    data = press_release(speakers, **{"quotes-1-text": ""})

    response = editor.post(ADD_EVENT, data)

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assert nothing_saved(media)


def test_a_statement_outside_the_event_dates_leaves_nothing_half_saved(editor, speakers, media):
    response = editor.post(
        ADD_EVENT, press_release(speakers, **{"statements-0-adopted_on": "2025-01-01"})
    )
    assertContains(response, "A statement is adopted during its event")
    assert nothing_saved(media)


def test_a_refused_file_leaves_nothing_half_saved(editor, speakers, media):
    response = editor.post(
        ADD_EVENT,
        press_release(
            speakers, **{"documents-0-file": SimpleUploadedFile("programme.pdf", b"text")}
        ),
    )
    assertContains(response, "is not a PDF")
    assert nothing_saved(media)


def test_a_failure_while_saving_the_second_quote_rolls_everything_back(
    editor, speakers, media, monkeypatch
):
    save = Quote.save

    def fail_on_the_second(quote, *args, **kwargs):
        if Quote.objects.exists():
            raise IntegrityError("the database refused the row")
        return save(quote, *args, **kwargs)

    monkeypatch.setattr(Quote, "save", fail_on_the_second)
    with pytest.raises(IntegrityError):
        editor.post(ADD_EVENT, press_release(speakers))

    assert not Event.objects.exists()
    assert not JointStatement.objects.exists()
    assert not Quote.objects.exists()
    assert not Event.history.exists() and not JointStatement.history.exists()


def test_a_new_speaker_added_from_the_quote_row_is_then_chosen_there(editor):
    response = editor.post(
        "/admin/statements/speaker/add/?_to_field=id&_popup=1",
        {
            "name": "Aida Balayeva",
            "slug": "aida-balayeva",
            "position_en": "Deputy Prime Minister",
            "organisation_en": "",
            "state": "",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200
    speaker = Speaker.objects.get(slug="aida-balayeva")
    assert str(speaker.pk) in response.content.decode()  # handed back to the quote row


def test_the_whole_story_editor_drafts_publisher_embargoes_public_waits_and_a_mistake_is_undone(
    client, django_user_model, speakers, media
):
    """The issue's "done when": an editor drafts the next conference, cannot publish it; a
    publisher publishes it under an embargo a minute ahead; the public sees nothing before
    and everything after; a wrong edit to the statement is reverted from its history."""
    sync_roles()
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    publisher = django_user_model.objects.create_user("publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    public = type(client)()  # a visitor who is not signed in

    # The editor drafts it, and a forged attempt to publish it is refused.
    client.force_login(editor)
    assert client.post(ADD_EVENT, press_release(speakers)).status_code == 302
    event = Event.objects.get()
    change = reverse("admin:events_event_change", args=[event.pk])
    refused = client.post(
        change,
        {"CHANGE_FORM-action": "publish_with_statements_and_quotes", "_selected_action": event.pk},
    )
    assert refused.status_code in (200, 302)
    assert not Event.objects.published().exists()

    # The publisher publishes it with an embargo a minute ahead.
    client.force_login(publisher)
    soon = timezone.localtime() + timedelta(minutes=1)
    page = client.get(change).context["adminform"].form
    data = {
        "title_en": event.title,
        "kind": event.kind,
        "status": event.status,
        "theme_en": event.theme,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "date_precision": event.date_precision,
        "city": event.city,
        "summary_en": event.summary,
        "topics": [t.pk for t in event.topics.all()],
        "source_url": event.source_url,
        "source_title": event.source_title,
    }
    assert "publication_status" in page.fields
    response = client.post(
        change,
        {
            **data,
            "publication_status": PUBLISHED,
            "publish_at_0": soon.date().isoformat(),
            "publish_at_1": soon.strftime("%H:%M:%S"),
            **management_form("statements"),
            **management_form("quotes"),
            **management_form("participations"),
            **management_form("documents"),
        },
    )
    assert response.status_code == 302
    client.post(
        change,
        {"CHANGE_FORM-action": "publish_with_statements_and_quotes", "_selected_action": event.pk},
    )
    statement = event.statements.get()
    assert statement.publication_status == PUBLISHED

    # Before the embargo passes, the public sees nothing of it.
    assert public.get(event.get_absolute_url()).status_code == 404
    assert public.get(statement.get_absolute_url()).status_code == 404
    assert "Combating" not in public.get("/en/events/").content.decode()
    assert "legislative" not in public.get("/en/statements/").content.decode()
    assert not any(
        section["hits"]
        for section in public.get("/en/search/", {"q": "digital technologies"}).context["sections"]
    )

    # A minute later, it is all there, with nothing run in between.
    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    html = public.get(event.get_absolute_url()).content.decode()
    assert "Joint statement on legislative mechanisms" in html
    assert html.count('<figure class="quote">') == 2
    assert "Programme" in html

    # The editor makes a wrong edit to the statement, then reverts it from its history.
    client.force_login(editor)
    good = statement.history.first()
    statement_change = reverse("admin:statements_jointstatement_change", args=[statement.pk])
    form = client.get(statement_change).context["adminform"].form
    wrong = {name: form[name].value() for name in form.fields}
    wrong = {k: ("" if v is None else v) for k, v in wrong.items()}
    wrong["adopted_on"] = statement.adopted_on.isoformat()
    wrong["summary_en"] = "A wrong summary."
    assert client.post(statement_change, wrong).status_code == 302
    assert "A wrong summary." in public.get(statement.get_absolute_url()).content.decode()

    revert = reverse(
        "admin:statements_jointstatement_simple_history", args=[statement.pk, good.history_id]
    )
    form = client.get(revert).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["adopted_on"] = statement.adopted_on.isoformat()
    assert client.post(revert, data).status_code == 302
    html = public.get(statement.get_absolute_url()).content.decode()
    assert "A wrong summary." not in html
    assert "Support for legal mechanisms protecting women." in html
