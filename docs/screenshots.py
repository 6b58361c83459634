"""Regenerate the screenshots in docs/screenshots/ from a running site.

    python docs/screenshots.py [BASE_URL]     # default http://127.0.0.1:8000

It starts nothing but Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH): run the site
first, with the demo data (`manage.py migrate && manage.py load_demo_data && manage.py
runserver`). It writes the home page, the first event listed, the chairmanship timeline, a
search with two filters and the year 2023, each as a full page at desktop width (1280 px)
and on a phone (360 px).
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
EVENT_PATH = re.compile(r"^(/[a-z-]+)?/events/[^/?#]+/$")


def first_event_path(page, base_url):
    """The path of the first event linked from the events list."""
    page.goto(urljoin(base_url, "/events/"))
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
        path = urlsplit(href).path
        if urlsplit(href).netloc == urlsplit(base_url).netloc and EVENT_PATH.match(path):
            return path
    sys.exit("No event is listed at /events/: load the demo data first (manage.py load_demo_data).")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write to ({OUT})")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page()
        pages = {"home": "/", "event": first_event_path(page, args.base_url)}
        pages["timeline"] = "/chairmanships/"
        # The faceted search: words and two filters (kinds of record and a year).
        pages["search"] = "/search/?q=women&kind=quote&kind=statement&year_from=2023&year_to=2023"
        pages["years"] = "/years/2023/"
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
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
