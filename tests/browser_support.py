"""What the browser and HTML validity tests share: the demo record, every page type to check,
and a Chromium driven by Playwright.

The browser is Debian's Chromium (`chromium` on the PATH, or `CHROMIUM_PATH`), never one that
Playwright downloads. Test modules import the fixtures they use from here.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from chairmanships.models import Chairmanship, Handover, MemberState, Topic
from dialogue.pages.models import SitePage
from events.models import Event
from statements.models import JointStatement, Quote, Speaker
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

REPO_ROOT = Path(__file__).resolve().parent.parent

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}

# axe-core impacts that fail a test; "moderate" and "minor" ones are only reported.
BLOCKING_IMPACTS = ("serious", "critical")

# Words from the conference's title, as a visitor would type them into the search.
SEARCH_WORD = "Combating"
SEARCH_WORDS = {"en": SEARCH_WORD, "ru": "Противодействие"}

# The languages every page type is checked in.
LANGUAGES = ["en", "ru"]


# The demo record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRecord:
    """The records of the article, as `load_demo_data` writes them."""

    kazakhstan: MemberState
    kazakhstan_chair: Chairmanship
    kyrgyzstan_chair: Chairmanship
    handover: Handover
    conference: Event
    statement: JointStatement
    suleimenova: Speaker
    narbaeva: Speaker
    quote: Quote
    topic: Topic


def load_demo_record() -> DemoRecord:
    with translation.override("en"):
        return _load_demo_record()


def _load_demo_record() -> DemoRecord:
    call_command("load_demo_data", stdout=StringIO())
    suleimenova = Speaker.objects.get(slug="zhuldyz-suleimenova")
    conference = Event.objects.get(title__startswith="Combating Gender-Based Violence")
    return DemoRecord(
        kazakhstan=MemberState.objects.get(iso_code="KZ"),
        kazakhstan_chair=Chairmanship.objects.get(state__iso_code="KZ"),
        kyrgyzstan_chair=Chairmanship.objects.get(state__iso_code="KG"),
        handover=Handover.objects.get(outgoing__state__iso_code="KZ"),
        conference=conference,
        statement=JointStatement.objects.get(event=conference),
        suleimenova=suleimenova,
        narbaeva=Speaker.objects.get(slug="tanzila-narbaeva"),
        quote=Quote.objects.get(speaker=suleimenova, event=conference),
        topic=Topic.objects.get(slug="gender-based-violence"),
    )


@pytest.fixture
def demo(db) -> DemoRecord:
    """The demo record, for tests that use the Django test client."""
    return load_demo_record()


@pytest.fixture
def live_demo(transactional_db, live_server) -> DemoRecord:
    """The demo record, committed, so the live server's thread sees it too."""
    return load_demo_record()


# Every page type ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPage:
    label: str
    path: str
    status: int = 200
    shows: str = ""  # text the page's main content must show (also without JavaScript)


def public_pages(demo: DemoRecord, language: str = "en") -> list[PublicPage]:
    """One page of every type the public sees, in `language`, with the text each must show."""
    with translation.override(language):
        return _public_pages(demo, language)


def _public_pages(demo: DemoRecord, language: str) -> list[PublicPage]:
    conference = demo.conference
    tajikistan = MemberState.objects.get(iso_code="TJ")
    climate = Topic.objects.get(slug="climate-change")
    events = reverse("events:event_list")
    search = reverse("search")
    return [
        PublicPage("home", reverse("home"), shows=demo.kyrgyzstan_chair.state.name),
        PublicPage(
            "timeline", reverse("chairmanships:timeline"), shows=demo.kyrgyzstan_chair.state.name
        ),
        PublicPage(
            "chairmanship", demo.kazakhstan_chair.get_absolute_url(), shows=demo.kazakhstan.name
        ),
        PublicPage("states list", reverse("chairmanships:state_list"), shows=tajikistan.name),
        PublicPage("state", demo.kazakhstan.get_absolute_url(), shows=demo.kazakhstan.name),
        PublicPage("events list", events, shows=conference.title),
        PublicPage(
            "events list, filtered",
            f"{events}?year={conference.starts_on.year}&topic={demo.topic.slug}&kind=conference",
            shows=conference.title,
        ),
        PublicPage("events list, nothing matches", f"{events}?host_state=tajikistan"),
        PublicPage("events list, year not on offer", f"{events}?year=1900"),
        PublicPage("event", conference.get_absolute_url(), shows=conference.title),
        PublicPage(
            "statements list", reverse("statements:statement_list"), shows=demo.statement.title
        ),
        PublicPage("statement", demo.statement.get_absolute_url(), shows=demo.statement.title),
        PublicPage("speakers list", reverse("statements:speaker_list"), shows="Tanzila Narbaeva"),
        PublicPage("speaker", demo.suleimenova.get_absolute_url(), shows="Zhuldyz Suleimenova"),
        PublicPage("quote", demo.quote.get_absolute_url(), shows="Technovation Girls"),
        PublicPage("topics list", reverse("chairmanships:topic_list"), shows=climate.name),
        PublicPage("topic", demo.topic.get_absolute_url(), shows=demo.topic.name),
        PublicPage(
            "search with results",
            f"{search}?{urlencode({'q': SEARCH_WORDS.get(language, SEARCH_WORD)})}",
            # PostgreSQL's full-text search reads the default language's text until the
            # search gets a vector per language (the search issue); SQLite's finds it.
            shows=(
                conference.title if language == "en" or connection.vendor != "postgresql" else ""
            ),
        ),
        PublicPage("search, nothing found", f"{search}?q=xylophone"),
        PublicPage("search, no words yet", search),
        PublicPage("open data", reverse("opendata:index"), shows="CSV"),
        PublicPage("years list", reverse("years:year_list"), shows=str(conference.starts_on.year)),
        PublicPage(
            "year",
            reverse("years:year_detail", kwargs={"year": conference.starts_on.year}),
            shows=conference.title,
        ),
        PublicPage("year with nothing", reverse("years:year_detail", kwargs={"year": 1900}), 404),
        PublicPage("page not found", f"/{language}/no-such-page/", status=404),
        PublicPage(
            "about",
            reverse("pages:page", args=["about"]),
            shows=SitePage.objects.get(slug="about").title,
        ),
        PublicPage("accessibility", reverse("pages:page", args=["accessibility"]), shows="WCAG"),
        PublicPage("privacy", reverse("pages:page", args=["privacy"]), shows="csrftoken"),
    ]


# The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """Debian's Chromium, headless, for one test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    which Django's async-safety check takes for an async context; the check is switched off
    for the module's tests only, and Playwright is stopped before the next module runs.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's `chromium` package or set "
            "CHROMIUM_PATH (never `playwright install`)."
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Visitor:
    """One browser tab on the live server, remembering every request it made."""

    page: object  # playwright.sync_api.Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # axe findings of lesser impact

    def visit(self, path: str, status: int = 200):
        response = self.page.goto(urljoin(self.base_url, path))
        assert response is not None, f"No response for {path}"
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        return response

    @property
    def path(self) -> str:
        url = urlsplit(self.page.url)
        return url.path + (f"?{url.query}" if url.query else "")

    def check(self, label: str | None = None, blocking=BLOCKING_IMPACTS):
        """Note the page's axe violations and horizontal overflow; `assert_sound` reports them."""
        label = label or self.path
        for impact, line in axe_findings(self.page):
            (self.problems if impact in blocking else self.notes).append(f"{label}: {line}")
        overflow = horizontal_overflow(self.page)
        if overflow:
            self.problems.append(f"{label}: {overflow}")

    def assert_sound(self):
        """Fail with every blocking problem noted so far, or with requests to other sites."""
        if self.notes:
            print("axe findings of moderate or minor impact (allowed):\n" + "\n".join(self.notes))
        offsite = self.offsite_requests()
        assert not offsite, "Requests to other sites:\n" + "\n".join(offsite)
        assert not self.problems, "Problems found on the pages visited:\n" + "\n".join(
            self.problems
        )

    def offsite_requests(self) -> list[str]:
        here = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != here
        ]

    def follow(self, link):
        """Click a link and wait until the page it leads to has loaded."""
        with self.page.expect_navigation():
            link.click()
        self.page.wait_for_load_state()

    def click_route(self, route: list[str]):
        """Follow `route` (link targets as written in the pages) by clicking visible links."""
        for href in route:
            link = self.page.locator(f'a[href="{href}"]').filter(visible=True).first
            assert link.count(), f"No visible link to {href} on {self.path}"
            self.follow(link)


@pytest.fixture
def open_visitor(chromium, live_server) -> Iterator[Callable[..., Visitor]]:
    """Open a tab at a viewport (PHONE by default), optionally with JavaScript switched off."""
    contexts = []

    def open_(viewport=PHONE, javascript=True) -> Visitor:
        context = chromium.new_context(
            viewport=viewport, java_script_enabled=javascript, base_url=live_server.url
        )
        contexts.append(context)
        visitor = Visitor(context.new_page(), live_server.url)
        visitor.page.set_default_timeout(10_000)
        context.on("request", lambda request: visitor.requests.append(request.url))
        context.on(
            "requestfailed",
            lambda request: visitor.broken.append(f"{request.url} ({request.failure})"),
        )

        def note_broken(response):
            if response.status >= 400 and response.request.resource_type != "document":
                visitor.broken.append(f"{response.url} ({response.status})")

        context.on("response", note_broken)
        return visitor

    yield open_
    for context in contexts:
        context.close()


# What is checked on each page --------------------------------------------------------------


def axe_findings(page) -> list[tuple[str, str]]:
    """axe-core's violations on the page: (impact, one readable line) per element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    findings = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            findings.append(
                (
                    violation["impact"],
                    f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
                    f"at {' '.join(map(str, node['target']))} — {summary} "
                    f"[{violation['helpUrl']}]",
                )
            )
    return findings


OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const root = document.documentElement;
  if (root.scrollWidth <= width) return null;
  const describe = el => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    return name;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    const parent = el.parentElement.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5 && parent.right <= width + 0.5) {
      culprits.push(`${describe(el)} (right edge at ${Math.round(box.right)} px)`);
    } else if (box.right <= width + 0.5 && el.scrollWidth > el.clientWidth + 1
               && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0
               && [...el.children].every(child => child.scrollWidth <= child.clientWidth + 1
                                          && child.getBoundingClientRect().right <= width)) {
      culprits.push(`${describe(el)}'s content (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  return {scrollWidth: root.scrollWidth, width, culprits: culprits.slice(0, 8)};
}"""


def horizontal_overflow(page) -> str:
    """'' if the page fits its viewport's width; else what sticks out."""
    found = page.evaluate(OVERFLOW_SCRIPT)
    if not found:
        return ""
    return (
        f"horizontal overflow: scrollWidth {found['scrollWidth']} > {found['width']} px; "
        f"widest elements: {', '.join(found['culprits']) or 'none found'}"
    )


VISIBLE_LINKS_SCRIPT = """() => [...document.querySelectorAll("a[href]")]
  .filter(a => a.checkVisibility() && a.getClientRects().length)
  .map(a => [a.getAttribute("href"), a.href])"""


def shortest_click_route(
    visitor: Visitor, start: str, is_target: Callable[[str], bool], max_clicks: int
) -> list[str] | None:
    """The fewest visible same-site links to click from `start` to a page `is_target` accepts.

    Breadth-first over the links a visitor can see at the tab's viewport; `is_target` gets
    each link's path (with its query). Returns the links' href attributes, or None.
    """
    here = urlsplit(visitor.base_url).netloc
    frontier = [(start, [])]
    seen = {start}
    for _depth in range(max_clicks):
        next_frontier = []
        for path, route in frontier:
            try:
                visitor.page.goto(urljoin(visitor.base_url, path))
            except Exception:  # a download (a calendar file, a feed) is not a page
                continue
            for href, absolute in visitor.page.evaluate(VISIBLE_LINKS_SCRIPT):
                url = urlsplit(absolute)
                if url.netloc != here or url.path.startswith("/admin/"):
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                if is_target(target):
                    return [*route, href]
                if target not in seen:
                    seen.add(target)
                    next_frontier.append((target, [*route, href]))
        frontier = next_frontier
    return None


# The Nu HTML Checker -----------------------------------------------------------------------

VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command(files: list[Path]) -> list[str]:
    """The one `java -jar vnu.jar` run that checks all `files`; fails the test if unavailable."""
    if not VNU_JAR.exists():
        pytest.fail(
            f"The Nu HTML Checker is not installed ({VNU_JAR.relative_to(REPO_ROOT)} is "
            "missing): run `npm ci` at the repository root (or `make install`)."
        )
    java = shutil.which("java")
    if java is None:
        pytest.fail("The Nu HTML Checker needs Java: install a JRE (Debian: default-jre-headless).")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)]


def file_name(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".html"
