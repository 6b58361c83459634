"""Regenerate the screenshots in docs/screenshots/ from a running site.

    python docs/screenshots.py [BASE_URL]     # default http://127.0.0.1:8000

It starts nothing but Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH): run the site
first, with the demo data (`manage.py migrate && manage.py load_demo_data && manage.py
runserver`). It writes the home page, the first event listed, the chairmanship timeline, the
first person and the first partner organisation listed, each as a full page at desktop width
(1280 px) and on a phone (360 px); `--only person organisation` writes just those.
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
EVENT_PATH = re.compile(r"^/(?:[a-z]{2}/)?events/[^/?#]+/$")
PERSON_PATH = re.compile(r"^/(?:[a-z]{2}/)?speakers/[^/?#]+/$")
ORGANISATION_PATH = re.compile(r"^/(?:[a-z]{2}/)?organisations/[^/?#]+/$")


def first_linked_path(page, base_url, list_path, pattern):
    """The path of the first record linked from a list page."""
    page.goto(urljoin(base_url, list_path))
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
        path = urlsplit(href).path
        if urlsplit(href).netloc == urlsplit(base_url).netloc and pattern.match(path):
            return path
    sys.exit(f"Nothing is listed at {list_path}: load the demo data first (load_demo_data).")


def first_event_path(page, base_url):
    """The path of the first event linked from the events list."""
    return first_linked_path(page, base_url, "/events/", EVENT_PATH)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write to ({OUT})")
    parser.add_argument("--only", nargs="*", help="only these pages (e.g. person organisation)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page()
        pages = {"home": "/", "event": first_event_path(page, args.base_url)}
        pages["timeline"] = "/chairmanships/"
        pages["person"] = first_linked_path(page, args.base_url, "/en/speakers/", PERSON_PATH)
        pages["organisation"] = first_linked_path(
            page, args.base_url, "/en/organisations/", ORGANISATION_PATH
        )
        if args.only:
            pages = {name: path for name, path in pages.items() if name in args.only}
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
