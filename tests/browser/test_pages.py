"""The public site in a real browser: Debian's Chromium, driven by Playwright, on the live server.

Every page a test visits is checked with axe-core (no "serious" or "critical" violation) and
for horizontal scrolling; the visits run on a 360 px wide screen unless a test says otherwise.
Nothing the pages load may come from another site.
"""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)
import re

import pytest
from django.urls import reverse

from tests.browser_support import (  # noqa: F401 (fixtures)
    DESKTOP,
    LANGUAGES,
    PHONE,
    SEARCH_WORD,
    chromium,
    live_demo,
    open_visitor,
    public_pages,
    shortest_click_route,
)

pytestmark = pytest.mark.browser


def link_named(visitor, name):
    """The first visible link in the main content whose accessible name matches `name`."""
    link = (
        visitor.page.locator("main")
        .get_by_role("link", name=re.compile(re.escape(name)))
        .filter(visible=True)
        .first
    )
    assert link.count(), f"No visible link named “{name}” in the main content of {visitor.path}"
    return link


def submit_with_keyboard(field):
    """From a form field, Tab to the button that submits its form and press Enter."""
    page = field.page
    field.focus()
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    else:
        pytest.fail(f"On {page.url}, Tab from a filter never reaches a button that applies it")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_visitor_goes_from_home_to_the_chair_the_conference_and_a_speaker(
    open_visitor, live_demo
):
    visitor = open_visitor(PHONE)
    visitor.visit(reverse("home"))
    visitor.check("home")

    chair = live_demo.kazakhstan_chair.get_absolute_url()
    route = shortest_click_route(visitor, reverse("home"), lambda path: path == chair, 2)
    assert route, "Kazakhstan's chairmanship is not within two clicks of the home page"
    visitor.visit(reverse("home"))
    visitor.click_route(route)
    assert visitor.path == chair
    visitor.check("Kazakhstan's chairmanship")

    visitor.follow(link_named(visitor, "Combating Gender-Based Violence in the Region"))
    assert visitor.path == live_demo.conference.get_absolute_url()
    visitor.check("the conference")
    quote = visitor.page.locator("main blockquote", has_text="Technovation Girls")
    assert quote.is_visible(), "The conference page does not show Zhuldyz Suleimenova's quote"

    visitor.follow(link_named(visitor, "Zhuldyz Suleimenova"))
    assert visitor.path == live_demo.suleimenova.get_absolute_url()
    assert "Zhuldyz Suleimenova" in visitor.page.locator("h1").inner_text()
    assert "Technovation Girls" in visitor.page.locator("main").inner_text()
    visitor.check("the speaker")

    visitor.assert_sound()


def test_a_visitor_finds_the_conference_by_a_word_of_its_title(open_visitor, live_demo):
    visitor = open_visitor(PHONE)
    visitor.visit(reverse("home"))
    search_box = visitor.page.locator('input[name="q"]').filter(visible=True)
    if not search_box.count():  # no search box on the home page: follow the link to search
        visitor.follow(
            visitor.page.locator(f'a[href="{reverse("search")}"]').filter(visible=True).first
        )
        visitor.check("search, no words yet")
    search_box = visitor.page.locator('input[name="q"]').filter(visible=True).first
    search_box.fill(SEARCH_WORD)
    with visitor.page.expect_navigation():
        search_box.press("Enter")

    assert visitor.path == f"{reverse('search')}?q={SEARCH_WORD}"
    visitor.check("search results")
    conference = live_demo.conference
    visitor.follow(link_named(visitor, conference.title))
    assert visitor.path == conference.get_absolute_url()
    visitor.assert_sound()


def test_a_visitor_filters_the_events_with_the_keyboard(open_visitor, live_demo):
    visitor = open_visitor(PHONE)
    visitor.visit(reverse("home"))
    visitor.follow(
        visitor.page.locator(f'a[href="{reverse("events:event_list")}"]').filter(visible=True).first
    )
    assert visitor.path == reverse("events:event_list")
    visitor.check("events list")
    page = visitor.page
    conference = live_demo.conference

    page.get_by_label("Year", exact=True).select_option(str(conference.starts_on.year))
    page.get_by_label("Topic", exact=True).select_option(label=live_demo.topic.name)
    kind = page.get_by_label("Kind", exact=True)
    kind.select_option(label="Conference")
    submit_with_keyboard(kind)

    assert f"topic={live_demo.topic.slug}" in visitor.path
    assert f"year={conference.starts_on.year}" in visitor.path
    visitor.check("events list, filtered")
    assert link_named(visitor, conference.title).is_visible()

    # A filter that matches nothing says so instead of listing the conference.
    host_state = page.get_by_label("Host state", exact=True)
    host_state.select_option(label="Tajikistan")
    submit_with_keyboard(host_state)
    assert "host_state=tajikistan" in visitor.path
    visitor.check("events list, nothing matches")
    titles = page.locator("main").get_by_role("link", name=re.compile("Combating"))
    assert not titles.count(), "Filtering by Tajikistan still lists the conference"
    visitor.assert_sound()


def test_the_handover_and_the_statement_are_three_clicks_from_home_on_a_phone(
    open_visitor, live_demo
):
    visitor = open_visitor(PHONE)
    home = reverse("home")
    handover = live_demo.handover
    timeline = handover.get_absolute_url().split("#")[0]
    statement = live_demo.statement.get_absolute_url()

    route = shortest_click_route(visitor, home, lambda path: path == timeline, 3)
    assert route, "The timeline with the Kazakhstan → Kyrgyzstan handover is not 3 clicks away"
    visitor.visit(home)
    visitor.click_route(route)
    entry = visitor.page.locator(f"#handover-{handover.pk}")
    assert entry.is_visible(), f"{visitor.path} has no visible #handover-{handover.pk}"
    assert "Kazakhstan" in entry.inner_text() and "Kyrgyzstan" in entry.inner_text()

    route = shortest_click_route(visitor, home, lambda path: path == statement, 3)
    assert route, "The conference's joint statement is not within 3 clicks of the home page"
    visitor.visit(home)
    visitor.click_route(route)
    assert visitor.path == statement
    assert live_demo.statement.title in visitor.page.locator("h1").inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_page_type_passes_axe_and_fits_the_screen(
    open_visitor,
    live_demo,
    viewport,
    language,
):
    visitor = open_visitor(viewport)
    for page in public_pages(live_demo, language):
        visitor.visit(page.path, page.status)
        visitor.check(f"{page.label} ({page.path})")
    # The API documentation, once Swagger UI has drawn it (tests/browser/test_api_docs.py
    # also opens an operation).
    visitor.visit("/api/v1/docs")
    visitor.page.locator(".opblock").first.wait_for()
    visitor.check("API documentation (/api/v1/docs)")
    visitor.assert_sound()


def test_no_request_leaves_the_site(open_visitor, live_demo):
    visitor = open_visitor(PHONE)
    for page in public_pages(live_demo):
        visitor.visit(page.path, page.status)
    assert visitor.requests, "No request was recorded"
    assert not visitor.offsite_requests(), "Requests to other sites:\n" + "\n".join(
        visitor.offsite_requests()
    )
    assert not visitor.broken, "Files the pages need that failed to load:\n" + "\n".join(
        visitor.broken
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reads_without_javascript(open_visitor, live_demo, language):
    visitor = open_visitor(PHONE, javascript=False)
    unreadable = []
    for page in public_pages(live_demo, language):
        visitor.visit(page.path, page.status)
        heading = visitor.page.locator("h1")
        main = visitor.page.locator("main")
        if not heading.first.is_visible():
            unreadable.append(f"{page.label} ({page.path}): no visible <h1>")
        if not main.is_visible() or not main.inner_text().strip():
            unreadable.append(f"{page.label} ({page.path}): the main content is not visible")
        elif page.shows and page.shows not in main.inner_text():
            unreadable.append(f"{page.label} ({page.path}): does not show “{page.shows}”")
    assert not unreadable, "Without JavaScript:\n" + "\n".join(unreadable)
