"""Every public page answers, shows what a reader came for, and carries its <head> metadata."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from chairmanships.models import Chairmanship
from events.models import Event
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.factories_public import build_world, page_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(scale=1)


PAGES = [
    "home",
    "search",
    "timeline",
    "chairmanship_detail",
    "state_list",
    "state_detail",
    "topic_list",
    "topic_detail",
    "event_list",
    "event_detail",
    "statement_list",
    "statement_detail",
    "speaker_list",
    "speaker_detail",
    "quote_detail",
    "year_list",
    "year_detail",
]


def json_ld(html):
    """The page's JSON-LD, parsed back, or None."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_answers_with_its_own_title_and_the_site_frame(client, world, page_name):
    url = page_urls(world)[page_name]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    # One document title; the <title>s inside the charts' inline SVG name their shapes.
    assert html.split("</head>")[0].count("<title>") == 1
    assert re.search(r'<meta name="description" content="[^"]+">', html)
    path = url.split("?")[0]
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert '<meta property="og:title"' in html
    assert f'<meta property="og:url" content="http://testserver{path}">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert "/static/css/site.css" in html


@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_has_one_h1_unique_ids_and_no_external_requests(client, world, page_name):
    html = client.get(page_urls(world)[page_name]).content.decode()
    assert html.count("<h1") == 1
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [name for name, count in ids.items() if count > 1]
    # Nothing is loaded from another site: no external scripts, styles, fonts or images.
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://(?!testserver)', html)
    assert "<img" not in html or re.search(r"<img[^>]+alt=", html)


def test_page_titles_differ_from_page_to_page(client, world):
    titles = [
        re.search(r"<title>(.*?)</title>", client.get(url).content.decode(), re.S).group(1)
        for url in (page_urls(world)[name] for name in PAGES)
    ]
    assert len(set(titles)) == len(titles)


def test_navigation_marks_the_current_page(client, world):
    html = client.get(reverse("events:event_list")).content.decode()
    assert f'<a href="{reverse("events:event_list")}" aria-current="page">' in html
    for label in (
        "Home",
        "Chairmanships",
        "Member states",
        "Events",
        "Years",
        "Statements",
        "People",
        "Topics",
        "Search",
    ):
        assert f">{label}</a>" in html
    detail = client.get(world.event.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("events:event_list")}" class="in-section">' in detail


@pytest.mark.parametrize(
    "name",
    [
        "chairmanships:chairmanship_detail",
        "chairmanships:state_detail",
        "chairmanships:topic_detail",
        "events:event_detail",
        "statements:statement_detail",
        "statements:speaker_detail",
    ],
)
def test_unknown_slug_is_a_404_in_the_site_design(client, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-record"}))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_quote_is_a_404(client):
    assert client.get(reverse("statements:quote_detail", kwargs={"pk": 999999})).status_code == 404


# Home ----------------------------------------------------------------------------------------


def test_home_shows_the_current_chair_its_priorities_latest_records_and_a_quote(client, world):
    current = Chairmanship.objects.current().get()
    html = client.get(reverse("home")).content.decode()
    assert current.state.name in html
    assert str(current.period) in html
    for priority in current.priorities.all():
        assert priority.title in html
    assert world.event.title in html
    assert world.statement.title in html
    assert "From the record" in html
    data = json_ld(html)
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["@type"] == "SearchAction"


def test_home_without_any_records_still_reads_well(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "No chairmanship is recorded as current." in response.content.decode()


# Chairmanships -------------------------------------------------------------------------------


def test_timeline_lists_every_chairmanship_and_handover_with_where_it_was_announced(client, world):
    html = client.get(reverse("chairmanships:timeline")).content.decode()
    assert '<ol class="timeline">' in html
    for chair in world.chairmanships:
        assert chair.get_absolute_url() in html
    for handover in world.handovers:
        assert f'id="handover-{handover.pk}"' in html
    # The first handover was announced at the featured event; the link is there.
    assert world.event.get_absolute_url() in html
    assert html.index(world.chairmanships[0].slug) < html.index(world.chairmanships[-1].slug)
    assert "Current chair" in html


def test_handover_links_land_on_its_place_in_the_timeline(client, world):
    handover = world.handovers[0]
    path, anchor = handover.get_absolute_url().split("#")
    assert f'id="{anchor}"' in client.get(path).content.decode()


def test_timeline_copes_with_a_handover_announced_nowhere(client, world):
    Event.objects.filter(announced_handover__isnull=False).update(announced_handover=None)
    response = client.get(reverse("chairmanships:timeline"))
    assert response.status_code == 200
    assert "announced at" not in response.content.decode()


def test_chairmanship_page_shows_priorities_initiatives_events_statements_and_handovers(
    client, world
):
    chair = world.chairmanship
    chair.outcomes = "Brought the dialogue to the international level."
    chair.save()
    html = client.get(chair.get_absolute_url()).content.decode()
    for priority in chair.priorities.all():
        assert priority.title in html
    for initiative in chair.initiatives.all():
        assert initiative.name in html
    assert "Brought the dialogue to the international level." in html
    for event in world.events:
        assert event.title in html
    assert world.statement.title in html
    # Passed on to the next chairmanship, announced at the featured event.
    assert world.chairmanships[1].get_absolute_url() in html
    assert "announced at" in html


def test_current_chairmanship_page_says_it_is_still_in_the_chair(client, world):
    current = world.chairmanships[-1]
    html = client.get(current.get_absolute_url()).content.decode()
    assert "Still in the chair." in html
    assert world.chairmanships[-2].state.name in html


# Member states -------------------------------------------------------------------------------


def test_state_list_names_every_state_and_marks_the_current_chair(client, world):
    html = client.get(reverse("chairmanships:state_list")).content.decode()
    for state in world.states:
        assert state.get_absolute_url() in html
    assert "Current chair" in html


def test_state_page_shows_chairmanships_events_statements_speakers_and_organization_json_ld(
    client, world
):
    state = world.state
    html = client.get(state.get_absolute_url()).content.decode()
    assert world.chairmanship.get_absolute_url() in html
    assert world.event.title in html
    assert world.statement.title in html
    assert world.speaker.name in html
    data = json_ld(html)
    assert data["@type"] == "Organization"
    assert data["name"] == state.official_name
    assert data["address"]["addressCountry"] == state.iso_code


def test_state_page_links_to_all_its_events_when_there_are_many(client):
    state = MemberStateFactory()
    for _ in range(21):
        EventFactory(host_state=state)
    html = client.get(state.get_absolute_url()).content.decode()
    assert f"?host_state={state.slug}" in html


def test_state_that_has_done_nothing_yet_reads_well(client):
    state = MemberStateFactory()
    html = client.get(state.get_absolute_url()).content.decode()
    assert "has not chaired the dialogue yet" in html


# Topics --------------------------------------------------------------------------------------


def test_topic_list_and_page_gather_events_statements_and_priorities(client, world):
    topic = world.topic
    assert topic.name in client.get(reverse("chairmanships:topic_list")).content.decode()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert world.event.title in html
    assert world.statement.title in html
    assert topic.priorities.first().title in html
    assert json_ld(html)["@type"] == "DefinedTerm"


# Events --------------------------------------------------------------------------------------


def test_event_page_shows_theme_dates_place_chair_statements_quotes_handover_and_source(
    client, world
):
    event = world.event
    html = client.get(event.get_absolute_url()).content.decode()
    assert event.theme in html
    assert event.dates in html
    assert event.venue in html and event.city in html and event.host_state.name in html
    assert event.chairmanship.get_absolute_url() in html
    assert world.statement.title in html
    quote = world.quote
    assert quote.text in html and quote.position_at_time in html and quote.speaker.name in html
    assert "Handover of the chair announced" in html
    assert world.handovers[0].get_absolute_url() in html
    assert 'href="https://example.org/news"' in html and "Press release" in html


def test_event_dates_show_no_more_than_the_source_gives(client):
    from datetime import date

    event = EventFactory(starts_on=date(2023, 12, 12), ends_on=None, date_precision="year")
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<time datetime="2023">2023</time>' in html
    assert json_ld(html)["startDate"] == "2023"


def test_event_json_ld_is_an_event_with_status_location_and_organizer(client, world):
    event = world.event
    data = json_ld(client.get(event.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == event.starts_on.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == event.city
    assert data["location"]["address"]["addressCountry"] == event.host_state.iso_code
    assert any(org["name"] == event.host_state.official_name for org in data["organizer"])


def test_cancelled_event_says_so_in_words_and_in_json_ld(client):
    event = EventFactory(status=Event.Status.CANCELLED)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event was cancelled." in html
    assert json_ld(html)["eventStatus"] == "https://schema.org/EventCancelled"


def test_event_without_place_chair_or_quotes_reads_well(client):
    event = EventFactory(city="", host_state=None)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "location" not in json_ld(response.content.decode())


# Statements ----------------------------------------------------------------------------------


def test_statement_list_is_newest_first(client, world):
    html = client.get(reverse("statements:statement_list")).content.decode()
    newest, oldest = world.statements[0], world.statements[-1]
    assert html.index(newest.get_absolute_url()) < html.index(oldest.get_absolute_url())


def test_statement_page_shows_text_adoption_event_signatories_topics_and_json_ld(client, world):
    statement = world.statement
    html = client.get(statement.get_absolute_url()).content.decode()
    assert statement.text in html
    assert statement.adopted in html
    assert statement.event.get_absolute_url() in html
    for state in statement.signatories.all():
        assert state.get_absolute_url() in html
    for topic in statement.topics.all():
        assert topic.get_absolute_url() in html
    data = json_ld(html)
    assert data["@type"] == "CreativeWork"
    assert data["text"] == statement.text
    assert {author["name"] for author in data["author"]} == {
        state.official_name for state in statement.signatories.all()
    }


def test_statement_known_only_by_its_summary_says_so(client):
    statement = JointStatementFactory(text="", summary="Support for legal mechanisms.")
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Support for legal mechanisms." in html
    assert "Only a summary of this statement is on record" in html


def test_site_stylesheet_prints_a_statement_as_one_clean_document(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert "@media print" in css
    print_rules = css[css.index("@media print") :]
    for hidden in (".site-nav", ".site-footer", ".skip-link", ".quote-link"):
        assert hidden in print_rules


# Speakers and quotes -------------------------------------------------------------------------


def test_speaker_list_and_page_show_each_quote_with_the_position_held_then(client, world):
    speaker = world.speaker
    assert speaker.name in client.get(reverse("statements:speaker_list")).content.decode()
    speaker.position = "Senator"
    speaker.save()
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert "Senator" in html
    for quote in world.quotes:
        if quote.speaker_id == speaker.pk:
            assert quote.text in html
            assert quote.get_absolute_url() in html
    assert world.quote.position_at_time in html
    assert world.event.title in html
    assert json_ld(html)["@type"] == "Person"


def test_quote_page_shows_words_speaker_event_citation_and_quotation_json_ld(client, world):
    quote = world.quote
    html = client.get(quote.get_absolute_url()).content.decode()
    assert quote.text in html
    assert quote.speaker.get_absolute_url() in html
    assert quote.event.get_absolute_url() in html
    assert "Cite this quote" in html
    assert f"http://testserver{quote.get_absolute_url()}" in html
    data = json_ld(html)
    assert data["@type"] == "Quotation"
    assert data["text"] == quote.text
    assert data["creator"]["name"] == quote.speaker.name
    assert data["creator"]["jobTitle"] == quote.position_at_time


def test_a_quote_in_another_language_is_marked_with_its_language(client):
    quote = QuoteFactory(text="Мы уделяем особое внимание цифровым навыкам.", language="ru")
    english = QuoteFactory(event=quote.event, text="We focus on digital skills.", language="en")
    html = client.get(quote.event.get_absolute_url()).content.decode()
    assert '<blockquote lang="ru"><p>Мы уделяем' in html
    assert "<blockquote><p>We focus on digital skills." in html
    assert '<blockquote lang="ru">' in client.get(quote.get_absolute_url()).content.decode()
    assert english.pk


def test_speaker_without_quotes_reads_well(client):
    speaker = SpeakerFactory()
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert "No quotes by this speaker are published yet." in html


# Errors --------------------------------------------------------------------------------------


def test_500_page_renders_without_any_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Something went wrong" in html
    assert '<html lang="en">' in html


def test_topic_page_of_unused_topic_reads_well(client):
    topic = TopicFactory()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "No events on this topic are recorded." in html
