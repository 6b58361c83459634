"""What the alerts' tests share: a real SMTP server (aiosmtpd) on a loopback port, started
once for the session, that keeps every message it accepted; the mailer pointed at it; and
ways to run the task workers: in this process (the worker's own loop, `--batch`) or as real
`manage.py db_worker` processes on the test database."""

import asyncio
import contextlib
import email
import email.policy
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: every SMTP line
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SMTP_HOST = "127.0.0.1"
SMTP_PORT = int(os.environ.get("ALERTS_TEST_SMTP_PORT", "10251"))


class MailServer:
    """An SMTP server that accepts everything and keeps it; it can be stopped and started
    again on the same port, and made slow (each message answered after `delay` seconds).

    Like a real mail server, it keeps a message only if the client is still connected when
    it answers "accepted" (a client that died mid-message did not send it)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.messages: list[email.message.EmailMessage] = []
        self.delay = 0.0
        self.started_data = 0  # messages whose content began to arrive
        self.data_begun = threading.Condition()
        self._lock = threading.Lock()
        self._controller = None

    # aiosmtpd handler hook
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.data_begun:
            self.started_data += 1
            self.data_begun.notify_all()
        if self.delay:
            await asyncio.sleep(self.delay)
        if server.transport is None or server.transport.is_closing():
            return "451 Client went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self):
        if self._controller is None:
            self._controller = Controller(self, hostname=self.host, port=self.port)
            self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self):
        return self._controller is not None

    def clear(self):
        with self._lock:
            self.messages.clear()
        self.started_data = 0
        self.delay = 0.0

    def to(self, address: str) -> list:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, timeout: float = 30.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)

    def wait_for_data(self, count: int, timeout: float = 30.0) -> bool:
        with self.data_begun:
            return self.data_begun.wait_for(lambda: self.started_data >= count, timeout)


@pytest.fixture(scope="session")
def smtp_server():
    server = MailServer(SMTP_HOST, SMTP_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_server(smtp_server, settings):
    """The session's SMTP server, emptied, running, with the site's mailer sending to it."""
    smtp_server.start()
    smtp_server.clear()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": SMTP_HOST, "port": SMTP_PORT, "timeout": 10},
        }
    }
    settings.ALERTS_SITE_URL = "https://records.example.org"
    settings.ALERTS_MIN_FORM_SECONDS = 0
    settings.ALERTS_RETRY_SECONDS = 1
    yield smtp_server
    smtp_server.start()
    smtp_server.clear()


def use_tasks_backend(settings, backend: str):
    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    for alias in ("default",):
        with contextlib.suppress(AttributeError):
            del task_backends[alias]


DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
IMMEDIATE_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database queue (the default); run them with `run_tasks`."""
    use_tasks_backend(settings, DATABASE_BACKEND)
    yield
    use_tasks_backend(settings, DATABASE_BACKEND)


@pytest.fixture
def immediate_tasks(settings):
    """Each task runs at once, in the code that queued it (no worker)."""
    use_tasks_backend(settings, IMMEDIATE_BACKEND)
    yield
    use_tasks_backend(settings, DATABASE_BACKEND)


def run_tasks():
    """Run the database queue's ready tasks in this process, with the worker's own loop,
    until none is left (`manage.py db_worker --batch`)."""
    call_command(
        "db_worker", batch=True, reload=False, interval=0, startup_delay=False, verbosity=0
    )


# Real worker processes ---------------------------------------------------------------------


def worker_environment(**extra) -> dict:
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("worker processes share the test database on PostgreSQL only")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    url = (
        f"postgres://{quote(settings_dict['USER'])}{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://{SMTP_HOST}:{SMTP_PORT}",
        "DJANGO_SETTINGS_MODULE": "tests.alerts.worker_settings",
        "PYTHONPATH": str(REPO_ROOT),
        **extra,
    }


def start_worker(**extra) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval=0.2",
            "--no-startup-delay",
            "--verbosity=0",
        ],
        cwd=REPO_ROOT,
        env=worker_environment(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_worker(process: subprocess.Popen):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
