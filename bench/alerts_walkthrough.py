"""A real run of the email alerts, end to end, printed as it happens.

    DATABASE_URL=postgres://dialogue@127.0.0.1:5433/scratch \\
        .venv/bin/python -m bench.alerts_walkthrough

On that database (migrated, with the demo record) it starts a real SMTP server (aiosmtpd,
loopback port 10262), the site (`runserver`, port 10270) and a `manage.py db_worker`, both
sending through that server. Then, in Chromium: a reader subscribes, and confirms through
the link in the message the SMTP server received; a staff member signs in to the admin and
publishes a draft event; the alert the SMTP server receives is printed with its headers; a
mail program's one-click unsubscribe (RFC 8058: a POST, no cookie) ends the alerts, and a
second event published then brings nothing.
"""

import email
import email.policy
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMTP_PORT, WEB_PORT = 10262, 10270
SITE = f"http://127.0.0.1:{WEB_PORT}"
READER = "journalist@example.org"


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"only {len(self.messages)} messages arrived"
        return self.messages[count - 1]


def say(text):
    print(f"\n== {text}", flush=True)


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def main():
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "ALERTS_SITE_URL": SITE,
        "PAGE_CACHE": "false",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogue.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    from aiosmtpd.controller import Controller
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from dialogue.alerts.models import Delivery, Subscriber
    from dialogue.records.models import PublicationStatus
    from events.models import Event

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    Subscriber.objects.filter(email=READER).delete()
    Event.objects.filter(slug__startswith="walkthrough-").delete()
    draft = Event.objects.create(
        title="Walkthrough forum on digital skills",
        slug="walkthrough-forum",
        starts_on="2026-12-10",
        city="Bishkek",
        publication_status=PublicationStatus.DRAFT,
    )
    second = Event.objects.create(
        title="Walkthrough second forum",
        slug="walkthrough-second",
        starts_on="2026-12-11",
        publication_status=PublicationStatus.DRAFT,
    )
    password = secrets.token_urlsafe(16)
    User = get_user_model()  # noqa: N806
    staff, _created = User.objects.get_or_create(
        username="walkthrough", defaults={"is_staff": True, "is_superuser": True}
    )
    staff.set_password(password)
    staff.save()

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    smtp.start()
    manage = [sys.executable, "manage.py"]
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{WEB_PORT}"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-reload", "--interval=0.5", "--verbosity=0"],
        cwd=REPO, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{SITE}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            say(f"A reader subscribes at {SITE}/en/alerts/")
            page.goto(f"{SITE}/en/alerts/")
            page.get_by_label("Your email address").fill(READER)
            time.sleep(3.5)  # people take a few seconds; faster sign-ups are refused
            page.get_by_role("button", name="Subscribe").click()
            page.wait_for_load_state()
            print("page:", page.locator("h1").inner_text(), "-", page.url)

            confirmation = inbox.wait_for(1)
            print("received:", confirmation["Subject"], "to", confirmation["To"])
            link = re.search(r"http://\S+/confirm/\S+/", text_of(confirmation)).group(0)
            say("The reader follows the link in the confirmation and confirms")
            page.goto(link)
            page.get_by_role("button", name="Confirm").click()
            page.wait_for_load_state()
            print("page:", page.locator("h1").inner_text())
            print("subscriber:", Subscriber.objects.get(email=READER).status)

            say("Staff publish the draft event in the admin")
            admin = browser.new_page()
            admin.goto(f"{SITE}/admin/login/")
            admin.fill("#id_username", "walkthrough")
            admin.fill("#id_password", password)
            admin.click("input[type=submit]")
            admin.wait_for_load_state()
            admin.goto(f"{SITE}/admin/events/event/{draft.pk}/change/")
            admin.check("input[name=publication_status][value=published]")
            admin.click("input[name=_save]")
            admin.wait_for_load_state()
            notice = admin.locator(".messagelist").inner_text()
            print("admin:", " ".join(notice.split()))

            alert = inbox.wait_for(2)
            say("The alert as the SMTP server received it (headers)")
            for name, value in alert.items():
                print(f"{name}: {value}")
            say("Its plain-text part")
            print(text_of(alert))
            print("parts:", [part.get_content_type() for part in alert.iter_parts()])

            say("The mail program's one-click unsubscribe (RFC 8058): POST, no cookie")
            url = alert["List-Unsubscribe"].strip("<>")
            request = urllib.request.Request(
                url,
                data=b"List-Unsubscribe=One-Click",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                method="POST",
            )
            with urllib.request.urlopen(request) as response:
                print("POST", url.removeprefix(SITE), "->", response.status)
            print("subscriber:", Subscriber.objects.get(email=READER).status)

            say("Another event is published: nothing more arrives")
            second.publication_status = PublicationStatus.PUBLISHED
            second.save()
            time.sleep(5)
            print("messages received by the SMTP server in all:", len(inbox.messages))
            rows = Delivery.objects.filter(subscriber__email=READER)
            print("deliveries:", list(rows.values_list("title", "state")))
            browser.close()
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(20)
        server.wait(20)
        smtp.stop()
        staff.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
