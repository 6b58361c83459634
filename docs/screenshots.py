"""Regenerate the screenshots in docs/screenshots/ from a running site.

    python docs/screenshots.py [BASE_URL]     # default http://127.0.0.1:8000

It starts nothing but Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH): run the site
first, with the demo data (`manage.py migrate && manage.py load_demo_data && manage.py
runserver`). It writes the home page, the first event listed and the chairmanship timeline,
each as a full page at desktop width (1280 px) and on a phone (360 px); that event's photo
gallery at both widths (gallery-*.png); and the social card of the statement adopted there
in English and in Russian (card-en.png, card-ru.png: the og:image of its two pages).
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
EVENT_PATH = re.compile(r"^(?:/[a-z]{2})?(/events/[^/?#]+/)$")
STATEMENT_PATH = re.compile(r"^/[a-z]{2}/statements/[^/?#]+/$")


def first_event_path(page, base_url):
    """The path of the first event linked from the events list, without its language."""
    page.goto(urljoin(base_url, "/events/"))
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
        path = urlsplit(href).path
        found = EVENT_PATH.match(path)
        if urlsplit(href).netloc == urlsplit(base_url).netloc and found:
            return found.group(1)
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
        page = browser.new_page()
        for language in ("en", "ru"):
            # The event shares its first photo; the joint statement adopted there, its card.
            page.goto(urljoin(args.base_url, f"/{language}{pages['event']}"))
            links = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
            statement = next((h for h in links if STATEMENT_PATH.match(urlsplit(h).path)), None)
            if statement:
                page.goto(statement)
            card = page.locator('meta[property="og:image"]').get_attribute("content")
            target = args.out / f"card-{language}.png"
            target.write_bytes(page.request.get(card).body())
            print(f"{target}  ({urlsplit(card).path})")
        browser.close()


if __name__ == "__main__":
    main()
