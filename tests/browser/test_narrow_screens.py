"""At 360 px, in both languages: no horizontal scroll, no visible skip link until it is
focused, and no word of the menu broken in the middle (Chromium)."""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)

import pytest

from tests.browser_support import (  # noqa: F401 (fixtures)
    LANGUAGES,
    PHONE,
    chromium,
    horizontal_overflow,
    live_demo,
    open_visitor,
    public_pages,
)

# Each menu link's text: how many lines it takes, and whether a word is cut without a hyphen.
MENU_LINES = """() => [...document.querySelectorAll('.site-nav a')].map(link => {
  const range = document.createRange();
  range.selectNodeContents(link);
  const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
  return [link.textContent.trim(), tops.size];
})"""
SKIP_LINK_BOX = """() => {
  const box = document.querySelector('.skip-link').getBoundingClientRect();
  return [box.top, box.bottom, box.height];
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_360px_the_menu_words_are_whole_and_the_skip_link_hidden_until_focused(
    open_visitor, live_demo, language
):
    visitor = open_visitor(PHONE)
    problems = []
    for page in public_pages(live_demo, language):
        visitor.visit(page.path, page.status)
        label = f"{page.label} ({page.path})"
        overflow = horizontal_overflow(visitor.page)
        if overflow:
            problems.append(f"{label}: {overflow}")
        top, bottom, height = visitor.page.evaluate(SKIP_LINK_BOX)
        if bottom > 0:
            problems.append(f"{label}: the skip link shows ({height:.0f} px tall, bottom {bottom})")
        for text, lines in visitor.page.evaluate(MENU_LINES):
            if lines > 1 and not {" ", "-"} & set(text):  # a break at a space or hyphen is fine
                problems.append(f"{label}: the menu breaks “{text}” over {lines} lines")
    assert not problems, "\n".join(problems)
    visitor.page.keyboard.press("Tab")
    top, bottom, height = visitor.page.evaluate(SKIP_LINK_BOX)
    assert top >= 0 and bottom <= PHONE["height"], "the focused skip link is not on screen"
