"""The interactive API documentation (/api/v1/docs) passes axe in Chromium, at both widths,
under the site's Content Security Policy, loading nothing from another host."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)

import pytest

from tests.browser_support import (  # noqa: F401 (fixtures)
    DESKTOP,
    PHONE,
    chromium,
    live_demo,
    open_visitor,
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_api_documentation_passes_axe(open_visitor, live_demo, viewport):
    visitor = open_visitor(viewport)
    visitor.visit("/api/v1/docs")
    visitor.page.locator(".opblock").first.wait_for()
    visitor.check("API documentation, operations closed")
    visitor.page.locator(".opblock-summary-control").first.click()
    visitor.page.locator(".opblock-body").first.wait_for()
    visitor.check("API documentation, an operation open")
    visitor.assert_sound()
    assert not visitor.broken, visitor.broken
