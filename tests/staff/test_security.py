"""Production settings, headers, sign-in protection and friendly failure pages."""

import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import EventFactory

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-production-secret-key-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "records.example.org",
    "DATABASE_URL": "sqlite:////tmp/dialogue-deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://records:secret@smtp.example.org:587",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "ALERTS_SITE_URL": "https://records.example.org",
}


def run_manage(*arguments, environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_documented_production_environment():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION_ENVIRONMENT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", environment=environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "events:event_list", "admin:login"])
def test_pages_send_a_strict_content_security_policy(client, url_name):
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";"))
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def staff_member(db):
    return get_user_model().objects.create_user(
        "press-officer", password="a-strong-passphrase-2026", is_staff=True
    )


def sign_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_five_wrong_passwords_lock_the_account_and_the_lock_is_logged(client, staff_member, caplog):
    caplog.set_level(logging.INFO, logger="dialogue.signin")
    for _attempt in range(4):
        assert sign_in(client, "press-officer", "wrong-password").status_code == 200
    locked = sign_in(client, "press-officer", "wrong-password")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.text

    # Even the right password is refused during the cool-off.
    assert sign_in(client, "press-officer", "a-strong-passphrase-2026").status_code == 429
    assert "_auth_user_id" not in client.session

    messages = [record.getMessage() for record in caplog.records]
    assert "sign-in failed user=press-officer ip=203.0.113.7" in messages
    assert "sign-in locked out user=press-officer ip=203.0.113.7" in messages


def test_successful_sign_in_is_logged_and_rotates_the_session(client, staff_member, caplog):
    caplog.set_level(logging.INFO, logger="dialogue.signin")
    client.get(reverse("admin:login"))
    before = client.cookies.get("sessionid")
    response = sign_in(client, "press-officer", "a-strong-passphrase-2026")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert "sign-in succeeded user=press-officer ip=203.0.113.7" in [
        record.getMessage() for record in caplog.records
    ]


def test_staff_sessions_end_when_the_browser_closes_and_after_an_idle_hour(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


@pytest.mark.django_db
def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short-pass1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple")


@pytest.mark.django_db
def test_database_outage_gives_a_friendly_503_not_a_stack_trace():
    event = EventFactory()
    client = Client(raise_request_exception=False)
    with mock.patch(
        "events.views.EventDetailView.get_object",
        side_effect=OperationalError("connection to server at 127.0.0.1 failed"),
    ):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Back in a moment" in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_other_errors_give_the_500_page():
    event = EventFactory()
    client = Client(raise_request_exception=False)
    with mock.patch("events.views.EventDetailView.get_object", side_effect=RuntimeError("bug")):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 500
    assert "Something went wrong" in response.text
