"""Regenerate the screenshots in docs/screenshots/ from a running site.

    python docs/screenshots.py [BASE_URL]     # default http://127.0.0.1:8000

It starts nothing but Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH): run the site
first, with the demo data (`manage.py migrate && manage.py load_demo_data && manage.py
runserver`). It writes the home page, the first event listed, the chairmanship timeline, the
about page, the first person and organisation listed, each as a full page at desktop width
(1280 px) and on a phone (360 px); that event's photo gallery at both widths (gallery-*.png);
and the social card of the statement adopted there in English and in Russian (card-en.png,
card-ru.png: the og:image of its two pages).

    python docs/screenshots.py --announced --only timeline-announced [BASE_URL]

writes the timeline as `timeline-announced` too, for a site where a handover is recorded
ahead of its date (an announced next chair); `--only` takes the names to write (the cards
are written when no `--only` is given, or when it names `card`).
"""

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (after the path)

OUT = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 780}}
# Each path without its language prefix (the site adds the visitor's).
EVENT_PATH = re.compile(r"^(?:/[a-z]{2})?(/events/[^/?#]+/)$")
PERSON_PATH = re.compile(r"^(?:/[a-z]{2})?(/speakers/[^/?#]+/)$")
ORGANISATION_PATH = re.compile(r"^(?:/[a-z]{2})?(/organisations/[^/?#]+/)$")
STATEMENT_PATH = re.compile(r"^/[a-z]{2}/statements/[^/?#]+/$")


def first_linked_path(page, base_url, list_path, pattern):
    """The path of the first record linked from a list page, without its language."""
    page.goto(urljoin(base_url, list_path))
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
        found = pattern.match(urlsplit(href).path)
        if urlsplit(href).netloc == urlsplit(base_url).netloc and found:
            return found.group(1)
    sys.exit(f"Nothing is listed at {list_path}: load the demo data first (load_demo_data).")


def save_cards(browser, base_url, event_path, out):
    """The event shares its first photo; the joint statement adopted there, its card."""
    page = browser.new_page()
    for language in ("en", "ru"):
        page.goto(urljoin(base_url, f"/{language}{event_path}"))
        links = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
        statement = next((h for h in links if STATEMENT_PATH.match(urlsplit(h).path)), None)
        if statement:
            page.goto(statement)
        card = page.locator('meta[property="og:image"]').get_attribute("content")
        target = out / f"card-{language}.png"
        target.write_bytes(page.request.get(card).body())
        print(f"{target}  ({urlsplit(card).path})")
    page.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write to ({OUT})")
    parser.add_argument(
        "--announced", action="store_true", help="also timeline-announced (a next chair announced)"
    )
    parser.add_argument("--only", default="", help="comma-separated names to write, e.g. about")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    only = [name for name in args.only.split(",") if name]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page()
        event = first_linked_path(page, args.base_url, "/events/", EVENT_PATH)
        pages = {"home": "/", "event": event, "timeline": "/chairmanships/", "about": "/about/"}
        pages["person"] = first_linked_path(page, args.base_url, "/speakers/", PERSON_PATH)
        pages["organisation"] = first_linked_path(
            page, args.base_url, "/organisations/", ORGANISATION_PATH
        )
        if args.announced:
            pages["timeline-announced"] = "/chairmanships/"
        # The faceted search: words and two filters (kinds of record and a year).
        pages["search"] = "/search/?q=women&kind=quote&kind=statement&year_from=2023&year_to=2023"
        pages["years"] = "/years/2023/"
        if only:
            pages = {name: path for name, path in pages.items() if name in only}
        page.close()
        for width_name, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(urljoin(args.base_url, path), wait_until="networkidle")
                if response is None or not response.ok:
                    sys.exit(f"{path} answered {response and response.status}: is the site up?")
                target = args.out / f"{name}-{width_name}.png"
                page.screenshot(path=target, full_page=True)
                print(f"{target}  ({path}, {viewport['width']} px wide)")
                if name == "event":
                    gallery = page.locator("section.gallery")
                    if gallery.count():
                        gallery.scroll_into_view_if_needed()
                        page.wait_for_load_state("networkidle")
                        target = args.out / f"gallery-{width_name}.png"
                        gallery.screenshot(path=target)
                        print(f"{target}  (the gallery of {path}, {viewport['width']} px wide)")
            context.close()
        if not only or "card" in only:
            save_cards(browser, args.base_url, event, args.out)
        browser.close()


if __name__ == "__main__":
    main()
