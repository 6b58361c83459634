"""Drafts and embargoed records stay off every public page until they are published.

`published()` on each QuerySet is the one place that decides; these tests look at the
querysets, every kind of public page, the search and the machine outputs, then at the
staff preview that shows a draft's page before anyone else can see it.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from dialogue.records.models import PublicationStatus
from dialogue.staff.roles import EDITOR, sync_roles
from events.models import Event
from statements.models import JointStatement, Quote, Speaker
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def in_a_minute():
    return timezone.now() + timedelta(minutes=1)


@pytest.fixture
def record():
    """A public conference beside records the public must not see yet.

    - a draft event, with a (published) statement and quote: hidden by its event;
    - an embargoed event (published, publish_at in a minute), with its statement;
    - on the public conference: a draft statement, a draft quote, an embargoed quote;
    - a speaker quoted only at the draft event.
    """
    state = MemberStateFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    topic = TopicFactory(name="Digital skills", slug="digital-skills")
    chair = ChairmanshipFactory(
        state=state, starts_on=date(2023, 1, 1), ends_on=None, slug="kazakhstan-2023"
    )

    def event(title, slug, **fields):
        made = EventFactory(
            title=title,
            slug=slug,
            starts_on=date(2023, 5, 1),
            ends_on=date(2023, 5, 2),
            host_state=state,
            chairmanship=chair,
            **fields,
        )
        made.topics.set([topic])
        made.participating_states.set([state])
        return made

    public = event("Open Conference Aurora", "open-conference")
    draft = event("Secret Summit Xylophonic", "secret-summit", publication_status=DRAFT)
    embargoed = event("Embargoed Forum Quokkalike", "embargoed-forum", publish_at=in_a_minute())

    def statement(title, slug, on, **fields):
        made = JointStatementFactory(
            title=title, slug=slug, event=on, adopted_on=on.starts_on, **fields
        )
        made.signatories.set([state])
        made.topics.set([topic])
        return made

    statement("Statement of the draft summit Zanzibarish", "draft-summit-statement", draft)
    statement("Statement of the embargoed forum Quetzalish", "embargoed-statement", embargoed)
    statement("Unadopted statement Wobbleprose", "unadopted", public, publication_status=DRAFT)
    statement("Adopted statement Sunnyprose", "adopted", public)

    speaker = SpeakerFactory(name="Visible Speaker", slug="visible-speaker", state=state)
    hidden = SpeakerFactory(name="Hidden Speaker Wombatish", slug="hidden-speaker", state=state)
    QuoteFactory(speaker=speaker, event=public, text="Public words about literacy.")
    QuoteFactory(
        speaker=speaker, event=public, text="Draft words Gibberlish", publication_status=DRAFT
    )
    QuoteFactory(
        speaker=speaker, event=public, text="Embargoed words Snorklish", publish_at=in_a_minute()
    )
    QuoteFactory(speaker=hidden, event=draft, text="Words at the secret summit Blorptish")
    return {"public": public, "draft": draft, "embargoed": embargoed, "hidden": hidden}


HIDDEN_MARKERS = [
    "Xylophonic",
    "secret-summit",
    "Quokkalike",
    "embargoed-forum",
    "Zanzibarish",
    "Quetzalish",
    "Wobbleprose",
    "Gibberlish",
    "Snorklish",
    "Wombatish",
    "Blorptish",
]

PUBLIC_PAGES = [
    "/en/",
    "/en/events/",
    "/en/events/?year=2023",
    "/en/events/?topic=digital-skills",
    "/en/events/open-conference/",
    "/en/statements/",
    "/en/statements/adopted/",
    "/en/speakers/",
    "/en/speakers/visible-speaker/",
    "/en/chairmanships/",
    "/en/chairmanships/kazakhstan-2023/",
    "/en/states/",
    "/en/states/kazakhstan/",
    "/en/topics/",
    "/en/topics/digital-skills/",
    "/en/feeds/events.rss",
    "/en/feeds/statements.atom",
    "/en/calendar/events.ics",
    "/api/v1/events",
    "/api/v1/statements",
    "/api/v1/quotes",
    "/api/v1/speakers",
    "/en/open-data/events.csv",
    "/en/open-data/quotes.csv",
    "/sitemap.xml",
    "/sitemap-events.xml",
    "/sitemap-statements.xml",
    "/sitemap-quotes.xml",
    "/sitemap-speakers.xml",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_drafts_and_embargoed_records_are_on_no_public_page(client, record, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    for marker in HIDDEN_MARKERS:
        assert marker not in content, f"{url} shows {marker!r}"


def test_the_control_the_public_records_are_there(client, record):
    html = client.get("/en/events/open-conference/").content.decode()
    assert "Adopted statement Sunnyprose" in html
    assert "Public words about literacy." in html
    assert "Visible Speaker" in client.get("/en/speakers/").content.decode()


@pytest.mark.parametrize("word", HIDDEN_MARKERS)
def test_search_finds_no_draft_or_embargoed_record(client, record, word):
    response = client.get(reverse("search"), {"q": word})
    assert response.status_code == 200
    assert all(not section["hits"] for section in response.context["sections"]), word


def test_search_finds_the_published_ones(client, record):
    response = client.get(reverse("search"), {"q": "Sunnyprose"})
    assert sum(len(section["hits"]) for section in response.context["sections"]) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/en/events/secret-summit/",
        "/en/events/embargoed-forum/",
        "/en/statements/draft-summit-statement/",
        "/en/statements/embargoed-statement/",
        "/en/statements/unadopted/",
        "/en/speakers/hidden-speaker/",
    ],
)
def test_a_record_that_is_not_public_has_no_page(client, record, url):
    assert client.get(url).status_code == 404


def test_quotes_that_are_not_public_have_no_page(client, record):
    for quote in Quote.objects.exclude(text="Public words about literacy."):
        assert client.get(quote.get_absolute_url()).status_code == 404, quote.text


def test_the_published_querysets_leave_out_drafts_embargoes_and_what_hangs_on_them(record):
    assert list(Event.objects.published()) == [record["public"]]
    assert list(JointStatement.objects.published().values_list("slug", flat=True)) == ["adopted"]
    assert list(Quote.objects.published().values_list("text", flat=True)) == [
        "Public words about literacy."
    ]
    assert list(Speaker.objects.published().values_list("slug", flat=True)) == ["visible-speaker"]


def test_a_speaker_not_quoted_anywhere_yet_is_public():
    speaker = SpeakerFactory()
    assert list(Speaker.objects.published()) == [speaker]


def test_once_the_embargo_passes_the_public_sees_everything_without_any_process_running(
    client, record
):
    Event.objects.filter(pk=record["embargoed"].pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    Quote.objects.filter(text__contains="Snorklish").update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/en/events/embargoed-forum/").status_code == 200
    assert "Quetzalish" in client.get("/en/statements/").content.decode()
    assert "Snorklish" in client.get("/en/events/open-conference/").content.decode()


def test_unpublishing_takes_a_record_off_the_site_again(client, record):
    event = record["public"]
    event.publication_status = DRAFT
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Sunnyprose" not in client.get("/en/statements/").content.decode()


def test_records_made_in_the_admin_start_as_drafts():
    assert Event().publication_status == DRAFT
    assert JointStatement().publication_status == DRAFT
    assert Quote().publication_status == DRAFT


# Preview: staff see a draft's page, marked and never cached; nobody else does.


@pytest.fixture
def staff(client, django_user_model):
    sync_roles()
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url, words",
    [
        ("/en/events/secret-summit/", ["Secret Summit Xylophonic", "Blorptish", "Zanzibarish"]),
        ("/en/events/embargoed-forum/", ["Embargoed Forum Quokkalike", "Embargoed until"]),
        ("/en/events/open-conference/", ["Wobbleprose", "Gibberlish", "Snorklish"]),
        ("/en/statements/unadopted/", ["Unadopted statement Wobbleprose", "Draft"]),
        ("/en/statements/draft-summit-statement/", ["its event is not public yet"]),
        ("/en/speakers/hidden-speaker/", ["Hidden Speaker Wombatish", "Blorptish", "linked only"]),
    ],
)
def test_staff_preview_a_page_before_it_is_public(staff, record, url, words):
    response = staff.get(url, {"preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview for staff." in html
    assert '<meta name="robots" content="noindex">' in html
    for word in words:
        assert word in html, word
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_draft_quote_can_be_previewed_by_staff(staff, record):
    quote = Quote.objects.get(text__contains="Gibberlish")
    response = staff.get(quote.get_absolute_url(), {"preview": "1"})
    assert response.status_code == 200
    assert "Preview for staff." in response.content.decode()


def test_without_asking_for_a_preview_staff_see_the_public_site(staff, record):
    assert staff.get("/en/events/secret-summit/").status_code == 404
    html = staff.get("/en/events/open-conference/").content.decode()
    assert "Gibberlish" not in html and "Preview for staff." not in html


@pytest.mark.parametrize(
    "url",
    ["/en/events/secret-summit/", "/en/statements/unadopted/", "/en/speakers/hidden-speaker/"],
)
def test_the_public_asking_for_a_preview_gets_the_usual_404(client, record, url):
    response = client.get(url, {"preview": "1"})
    assert response.status_code == 404
    assert "Xylophonic" not in response.content.decode()


def test_a_signed_in_non_staff_user_gets_no_preview(client, record, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get("/en/events/secret-summit/", {"preview": "1"}).status_code == 404


def test_a_public_page_asked_for_as_a_preview_by_the_public_is_the_plain_page(client, record):
    response = client.get("/en/events/open-conference/", {"preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview for staff." not in html and "Gibberlish" not in html
    assert "no-store" in response["Cache-Control"]


def test_the_admin_offers_a_preview_link_for_a_draft_and_view_on_site_once_public(
    admin_client, record
):
    draft = record["draft"]
    change = reverse("admin:events_event_change", args=[draft.pk])
    html = admin_client.get(change).content.decode()
    assert f"{draft.get_absolute_url()}?preview=1" in html
    assert "View on site" not in html

    public = record["public"]
    html = admin_client.get(reverse("admin:events_event_change", args=[public.pk])).content
    assert b"View on site" in html and b"?preview=1" not in html
