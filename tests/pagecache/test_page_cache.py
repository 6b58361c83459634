"""The page cache: anonymous visitors get cached pages, but never one older than the record.

Each test turns the page cache on (the autouse `page_cache` fixture of this folder's
conftest), with its own local-memory cache and generations file.
"""

import time
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chairmanships.services import hand_over
from events.models import Event
from tests.factories import ChairmanshipFactory, EventFactory, MemberStateFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """The newest event, so the home page and the first page of every list show it."""
    chair = ChairmanshipFactory(starts_on=date(2020, 1, 1), ends_on=None)
    return EventFactory(
        title="Conference on water",
        starts_on=date.today() - timedelta(days=1),
        chairmanship=chair,
    )


def pages_showing(event):
    return {
        "event page": event.get_absolute_url(),
        "events list": reverse("events:event_list"),
        "home": reverse("home"),
        "events feed": reverse("opendata:feed_events_rss"),
        "API events list": "/api/v1/events",
    }


def fetch_all(client, urls):
    return {name: client.get(url) for name, url in urls.items()}


class FormValues(HTMLParser):
    """The values a browser would submit from the admin's change form, as they stand."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(attrs["name"], attrs.get("value", "on"))
                return
            self.add(attrs["name"], attrs.get("value", ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea and self.data[self.textarea][-1].startswith("\n"):
                self.data[self.textarea][-1] = self.data[self.textarea][-1][1:]
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def admin_form_data(admin_client, url):
    parser = FormValues()
    parser.feed(admin_client.get(url).content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def test_anonymous_visitors_get_the_second_visit_from_the_cache(client, event):
    url = event.get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Cookie" not in second.get("Vary", "")
    assert not second.cookies


def test_an_event_edited_in_the_admin_shows_at_once_on_every_page_that_shows_it(
    client, admin_client, event
):
    urls = pages_showing(event)
    for name, response in fetch_all(client, urls).items():
        assert response.status_code == 200, name
        assert b"Conference on water" in response.content, name
    assert all(r["X-Cache"] == "HIT" for r in fetch_all(client, urls).values())

    change = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(admin_client, change)
    data["title_en"] = "Conference on water and climate"
    data["_save"] = "Save"  # the button a browser sends
    saved = admin_client.post(change, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    event.refresh_from_db()
    assert event.title == "Conference on water and climate"

    for name, response in fetch_all(client, urls).items():
        assert response.status_code == 200, name
        assert b"Conference on water and climate" in response.content, name


def test_a_handover_through_the_service_shows_at_once_on_the_home_page_and_timeline(client):
    outgoing_state = MemberStateFactory(name="Kazakhstan")
    incoming_state = MemberStateFactory(name="Kyrgyzstan")
    ChairmanshipFactory(state=outgoing_state, starts_on=date(2020, 1, 1), ends_on=None)
    urls = {"home": reverse("home"), "timeline": reverse("chairmanships:timeline")}
    for response in fetch_all(client, urls).values():
        assert b"Kyrgyzstan" not in response.content
    assert all(r["X-Cache"] == "HIT" for r in fetch_all(client, urls).values())

    hand_over(to_state=incoming_state, on=timezone.localdate())

    home = client.get(urls["home"])
    assert home["X-Cache"] == "MISS"
    current_chair = home.content.decode().split('id="current-chair"')[1].split("</section>")[0]
    assert "Kyrgyzstan" in current_chair
    assert b"Kyrgyzstan" in client.get(urls["timeline"]).content


def test_adding_a_record_and_changing_its_links_both_show_at_once(client, event):
    speaker = SpeakerFactory(name="Aida Karimova")
    url = speaker.get_absolute_url()
    assert b"Conference on water" not in client.get(url).content
    assert client.get(url)["X-Cache"] == "HIT"
    speaker.quotes.create(
        event=event, text="Water is shared by all our peoples.", publication_status="published"
    )
    assert b"Water is shared" in client.get(url).content


def test_signed_in_staff_never_get_a_cached_page_and_never_fill_the_cache(
    client, admin_client, event
):
    url = event.get_absolute_url()
    client.get(url)
    # A change that sends no signal leaves the anonymous copy stale, on purpose here.
    Event.objects.filter(pk=event.pk).update(title="Retitled quietly")

    staff_view = admin_client.get(url)
    assert b"Retitled quietly" in staff_view.content
    assert "X-Cache" not in staff_view
    assert client.get(url)["X-Cache"] == "HIT"

    other = EventFactory(title="Seen by staff first")
    admin_client.get(other.get_absolute_url())
    assert client.get(other.get_absolute_url())["X-Cache"] == "MISS"


def test_previews_are_never_cached(client, event):
    url = event.get_absolute_url() + "?preview=1"
    assert "X-Cache" not in client.get(url)
    assert "X-Cache" not in client.get(url)


def test_a_cached_page_sends_an_etag_and_answers_a_matching_if_none_match_with_304(client, event):
    url = event.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert client.get(url)["ETag"] == etag

    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_after_an_edit_the_old_etag_no_longer_matches(client, event):
    url = event.get_absolute_url()
    etag = client.get(url)["ETag"]
    event.title = "Conference on water, day two"
    event.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_admin_and_the_health_check_are_never_cached(client, event):
    login = reverse("admin:login")
    assert client.get(login).status_code == 200
    assert "X-Cache" not in client.get(login)  # the admin is never looked up
    health = "/healthz"
    response = client.get(health)
    if response.status_code == 200:  # once the project routes it
        assert "X-Cache" not in response


def test_each_language_has_its_own_copy(client, settings, event):
    with translation.override("en"):
        english_url = event.get_absolute_url()
    with translation.override("ru"):
        russian_url = event.get_absolute_url()
    english = client.get(english_url)
    russian = client.get(russian_url)
    assert russian["X-Cache"] == "MISS"
    assert english["Content-Language"] == "en"
    assert russian["Content-Language"] == "ru"
    assert client.get(russian_url)["Content-Language"] == "ru"
    assert client.get(english_url)["Content-Language"] == "en"


def test_a_record_under_embargo_appears_when_the_embargo_ends_without_any_edit(
    client, django_capture_on_commit_callbacks
):
    # The next embargo's end is looked up when the transaction commits, as the admin's does.
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(title="Conference on water")
        embargoed = EventFactory(
            title="Embargoed summit", publish_at=timezone.now() + timedelta(seconds=1)
        )
    url = reverse("events:event_list")
    assert b"Embargoed summit" not in client.get(url).content
    assert client.get(url)["X-Cache"] == "HIT"
    deadline = embargoed.publish_at + timedelta(seconds=2.5)
    while timezone.now() < deadline and b"Embargoed summit" not in client.get(url).content:
        time.sleep(0.1)
    assert b"Embargoed summit" in client.get(url).content
