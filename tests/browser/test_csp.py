"""The Content Security Policy in a real browser: no page, public or admin, breaks it."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser_support import (  # noqa: F401 (fixtures)
    DESKTOP,
    chromium,
    live_demo,
    open_visitor,
    public_pages,
)

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
  });
}"""


def violations_on(visitor, path, status=200):
    """Visit `path` and return every CSP violation its console or its document reported."""
    console = []
    visitor.page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    visitor.page.add_init_script(f"({WATCH_VIOLATIONS})()")
    visitor.visit(path, status=status)
    visitor.page.wait_for_load_state("networkidle")
    reported = visitor.page.evaluate("() => window.__cspViolations || []")
    return [f"{path}: {line}" for line in console + reported]


def test_public_pages_load_without_a_content_security_policy_violation(live_demo, open_visitor):
    visitor = open_visitor(DESKTOP)
    found = []
    for page in public_pages(live_demo):
        found += violations_on(visitor, page.path, page.status)
    found += violations_on(visitor, "/api/v1/docs")
    assert not found, "\n".join(found)


def test_admin_works_under_the_policy(live_demo, open_visitor):
    get_user_model().objects.create_superuser("editor-in-chief", password="a-long-passphrase-26")
    visitor = open_visitor(DESKTOP)
    found = violations_on(visitor, reverse("admin:login"))
    visitor.page.fill("#id_username", "editor-in-chief")
    visitor.page.fill("#id_password", "a-long-passphrase-26")
    with visitor.page.expect_navigation():
        visitor.page.click("input[type=submit]")
    assert visitor.path == reverse("admin:index")

    conference = live_demo.conference
    current = live_demo.kyrgyzstan_chair
    for path in [
        reverse("admin:index"),
        reverse("admin:events_event_changelist") + "?q=gender",
        reverse("admin:events_event_change", args=[conference.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:chairmanships_chairmanship_change", args=[current.pk]),
        reverse("admin:chairmanships_chairmanship_handover", args=[current.pk]),
        reverse("admin:statements_quote_changelist"),
    ]:
        found += violations_on(visitor, path)

    # The scripted parts of the admin still run: the speaker autocomplete answers.
    visitor.visit(reverse("admin:statements_quote_add"))
    visitor.page.click(".field-speaker .select2-selection")
    visitor.page.fill(".select2-search__field", "Narb")
    visitor.page.wait_for_selector(".select2-results__option >> text=Tanzila Narbaeva")
    assert not found, "\n".join(found)
