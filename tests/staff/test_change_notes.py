"""Change notes, the GOV.UK way: staff mark a significant change to a published record
with a public note; the page says when it was published and last updated and lists the
notes; a minor edit moves the last-updated date only; a revert writes its own note; the
dates reach JSON-LD, the sitemap, the feeds and the API."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import formats, timezone

from chairmanships.changes import note_change, notes_of
from chairmanships.models import ChangeNote
from dialogue.records.models import PublicationStatus
from statements.models import JointStatement
from tests.factories import EventFactory, JointStatementFactory, QuoteFactory
from tests.records.test_history import admin_url, form_data

pytestmark = pytest.mark.django_db

MARCH = datetime(2024, 3, 12, 10, 0, tzinfo=UTC)
APRIL = datetime(2024, 4, 3, 10, 0, tzinfo=UTC)


def published_in_march(record):
    """A record as if published on 12 March 2024 and not touched since."""
    type(record).objects.filter(pk=record.pk).update(
        first_published_at=MARCH, last_updated_at=MARCH
    )
    record.refresh_from_db()
    return record


def edit_in_admin(client, record, **changes):
    page = client.get(admin_url(record, "change", record.pk))
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:  # as rendered: no row added
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
    data.update(changes)
    return client.post(admin_url(record, "change", record.pk), data)


def test_publishing_a_record_dates_it_and_a_draft_has_no_dates():
    draft = JointStatementFactory(publication_status=PublicationStatus.DRAFT)
    assert draft.first_published_at is None and draft.last_updated_at is None
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert draft.first_published_at is not None
    assert draft.last_updated_at == draft.first_published_at


def test_the_page_says_when_it_was_published(client):
    statement = published_in_march(JointStatementFactory())
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Published March 12, 2024" in html
    assert "last updated" not in html
    assert "Updates to this page" not in html


def test_a_minor_edit_moves_the_last_updated_date_only(admin_client):
    statement = published_in_march(JointStatementFactory(summary="A summary."))
    response = edit_in_admin(admin_client, statement, summary_en="A summary, without the typo.")
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.first_published_at == MARCH
    assert statement.last_updated_at > MARCH
    assert not notes_of(statement).exists()
    html = admin_client.get(statement.get_absolute_url()).content.decode()
    updated = formats.date_format(timezone.localtime(statement.last_updated_at), "DATE_FORMAT")
    assert f"Published March 12, 2024, last updated {updated}" in html
    assert "Updates to this page" not in html


def test_a_significant_change_in_the_admin_writes_a_public_note_with_its_history(admin_client):
    statement = published_in_march(JointStatementFactory())
    page = admin_client.get(admin_url(statement, "change", statement.pk)).content.decode()
    assert "Significant change" in page and 'name="change_note"' in page
    response = edit_in_admin(
        admin_client,
        statement,
        title_en="Joint statement, corrected",
        significant_change="on",
        change_note="Corrected the title of the statement.",
    )
    assert response.status_code == 302
    (note,) = notes_of(statement)
    assert note.note == "Corrected the title of the statement."
    assert note.history_id == statement.history.order_by("-history_id").first().history_id
    assert note.written_by.is_superuser


def test_a_significant_change_without_a_note_is_refused_with_a_message(admin_client):
    statement = published_in_march(JointStatementFactory())
    response = edit_in_admin(admin_client, statement, significant_change="on", change_note=" ")
    assert response.status_code == 200
    assert "Say in a sentence what changed" in response.content.decode()
    assert not ChangeNote.objects.exists()


def test_a_draft_offers_no_change_note(admin_client):
    draft = JointStatementFactory(publication_status=PublicationStatus.DRAFT)
    page = admin_client.get(admin_url(draft, "change", draft.pk)).content.decode()
    assert 'name="change_note"' not in page


def test_the_page_lists_the_updates_newest_first(client):
    statement = published_in_march(JointStatementFactory())
    note_change(record=statement, note="Added the full text.", changed_at=APRIL)
    note_change(record=statement, note="Corrected the date.", changed_at=APRIL + timedelta(days=30))
    JointStatement.objects.filter(pk=statement.pk).update(
        last_updated_at=APRIL + timedelta(days=30)
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Published March 12, 2024, last updated May 3, 2024" in html
    updates = html[html.index("Updates to this page") :]
    assert updates.index("Corrected the date.") < updates.index("Added the full text.")
    assert re.search(
        r'<time datetime="2024-04-03T\d\d:00:00[+-]\d\d:\d\d">April 3, 2024</time>', updates
    )


def test_the_russian_page_gives_the_dates_in_russian(client):
    statement = published_in_march(JointStatementFactory())
    note_change(record=statement, note="Corrected the date.", changed_at=APRIL)
    html = client.get(f"/ru/statements/{statement.slug}/").content.decode()
    assert "Опубликовано 12 марта 2024" in html
    assert "Обновления этой страницы" in html
    assert '<span lang="en">Corrected the date.</span>' in html


def test_reverting_a_published_record_writes_its_own_note(admin_client):
    statement = published_in_march(JointStatementFactory(title="The right title"))
    good_version = statement.history.order_by("-history_id").first()
    edit_in_admin(admin_client, statement, title_en="A wrong title")
    revert_url = admin_url(statement, "simple_history", statement.pk, good_version.history_id)
    form = admin_client.get(revert_url).context["adminform"].form
    assert admin_client.post(revert_url, form_data(form)).status_code == 302
    statement.refresh_from_db()
    assert statement.title == "The right title"
    (note,) = notes_of(statement)
    assert note.note.startswith("Reverted to the version of ")
    assert note.history_id == statement.history.order_by("-history_id").first().history_id
    html = admin_client.get(statement.get_absolute_url()).content.decode()
    assert note.note in html


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_json_ld_gives_date_published_and_date_modified(client):
    event = published_in_march(EventFactory())
    statement = published_in_march(JointStatementFactory(event=event))
    quote = published_in_march(QuoteFactory(event=event))
    for record in (event, statement, quote):
        data = json_ld(client.get(record.get_absolute_url()).content.decode())
        assert data["datePublished"] == "2024-03-12T10:00:00+00:00"
        assert data["dateModified"] == "2024-03-12T10:00:00+00:00"


def test_the_sitemap_gives_each_records_last_update(client):
    statement = published_in_march(JointStatementFactory())
    page = reverse("sitemap_section", args=["statements"])
    root = ET.fromstring(client.get(page).content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmods = {
        url.find("s:loc", ns).text: url.find("s:lastmod", ns) for url in root.findall("s:url", ns)
    }
    entry = lastmods[f"http://testserver/en/statements/{statement.slug}/"]
    assert entry is not None and entry.text == "2024-03-12"


def test_the_atom_feeds_give_each_entrys_update(client):
    statement = published_in_march(JointStatementFactory())
    published_in_march(statement.event)
    feed = feedparser.parse(client.get(reverse("opendata:feed_statements_atom")).content)
    (entry,) = [e for e in feed.entries if statement.slug in e.link]
    assert entry.updated.startswith("2024-03-12T10:00:00")
    feed = feedparser.parse(client.get(reverse("opendata:feed_events_atom")).content)
    assert feed.entries[0].updated.startswith("2024-03-12T10:00:00")


def test_the_api_gives_the_publication_dates(client):
    statement = published_in_march(JointStatementFactory())
    data = client.get(f"/api/v1/statements/{statement.slug}").json()
    assert data["first_published_at"] == "2024-03-12T10:00:00Z"
    assert data["last_updated_at"] == "2024-03-12T10:00:00Z"
    event = client.get(f"/api/v1/events/{statement.event.slug}").json()
    assert event["first_published_at"] is not None
