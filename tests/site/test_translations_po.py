"""The translation catalogues: complete, well-formed, in step with the code, and used by the site.

Every interface string the code marks must reach a Russian reader translated, so these tests
fail on an untranslated, fuzzy or stale entry, on a placeholder or HTML tag the translation
lost, and on a string newly marked in the code that the catalogue does not have yet (run
`makemessages`, see the README, and translate it).
"""

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import find_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))

# Folders (at the top of the project) whose text is not the project's interface: tools,
# tests, vendored files and build output. The README's makemessages command ignores the same.
NOT_EXTRACTED = {
    ".git", ".venv", "node_modules", "bench", "tests", "docs", "static", "staticfiles", "media",
    "locale",
}  # fmt: skip

# %(name)s, %s, %d, %% and {} / {name} placeholders.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
)
HTML_TAG = re.compile(r"<[^<>]+>")


def entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def describe(found):
    return "\n".join(f"  {ctxt + ' | ' if ctxt else ''}{msgid!r}" for ctxt, msgid, _ in found)


def translations(entry):
    """Each msgstr with the msgid it translates (the plural forms translate msgid_plural)."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, form) for form in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


def placeholders(text):
    found = PLACEHOLDER.findall(text)
    named = {p for p in found if p.startswith("%(") or (p.startswith("{") and p != "{}")}
    return named, Counter(p for p in found if p not in named)


def nplurals(catalogue):
    return int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))


@pytest.fixture(params=CATALOGUES, ids=lambda path: str(path.relative_to(LOCALE_DIR)))
def catalogue_path(request):
    return request.param


def test_every_interface_language_has_a_catalogue():
    languages = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    missing = {code for code in languages if not (LOCALE_DIR / code / "LC_MESSAGES").is_dir()}
    assert "ru" in languages
    assert not missing, f"no catalogue under locale/ for {sorted(missing)}"


def test_catalogue_header_names_its_language_plurals_and_encoding(catalogue_path):
    catalogue = polib.pofile(str(catalogue_path))
    language = catalogue_path.parent.parent.name
    assert catalogue.metadata["Language"] == language
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]
    assert not catalogue.metadata_is_fuzzy
    assert nplurals(catalogue) >= 1


def test_catalogue_has_no_untranslated_fuzzy_or_obsolete_entries(catalogue_path):
    catalogue = polib.pofile(str(catalogue_path))
    forms = nplurals(catalogue)
    untranslated = [
        key(e)
        for e in catalogue
        if not e.obsolete
        and (
            not e.translated()
            or (e.msgid_plural and len([s for s in e.msgstr_plural.values() if s]) != forms)
        )
    ]
    fuzzy = [key(e) for e in catalogue.fuzzy_entries()]
    obsolete = [key(e) for e in catalogue.obsolete_entries()]
    assert not untranslated, "untranslated:\n" + describe(untranslated)
    assert not fuzzy, "fuzzy (check, then remove the flag):\n" + describe(fuzzy)
    assert not obsolete, "obsolete #~ entries (delete them):\n" + describe(obsolete)


def test_translations_keep_every_placeholder_and_html_tag(catalogue_path):
    wrong = []
    for entry in entries(catalogue_path):
        for msgid, msgstr in translations(entry):
            if not msgstr:
                continue  # reported by the completeness test
            if placeholders(msgstr) != placeholders(msgid):
                wrong.append(f"{msgid!r}: placeholders {PLACEHOLDER.findall(msgstr)}")
            if Counter(HTML_TAG.findall(msgstr)) != Counter(HTML_TAG.findall(msgid)):
                wrong.append(f"{msgid!r}: HTML {HTML_TAG.findall(msgstr)}")
    assert not wrong, "\n".join(wrong)


def test_russian_text_uses_russian_quotation_marks():
    """Quotation marks in Russian are «ёлочки», not the English “” or straight quotes."""
    wrong = [
        msgstr
        for entry in entries(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po")
        for _, msgstr in translations(entry)
        if re.search(r"[“”\"]", HTML_TAG.sub("", msgstr))
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (Debian package gettext) absent")
def test_msgfmt_compiles_catalogue_without_errors_or_gaps(catalogue_path, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), catalogue_path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr), result.stderr


@pytest.mark.skipif(not find_command("xgettext"), reason="xgettext (Debian package gettext) absent")
def test_catalogue_holds_exactly_the_strings_the_code_marks(tmp_path, monkeypatch):
    """Extract the marked strings afresh (makemessages on a copy) and compare with each catalogue.

    A string newly marked in a template or in Python fails here until it is translated; a
    string the code no longer uses fails until `makemessages` drops it.
    """
    source = tmp_path / "source"

    def not_extracted(folder, names):
        top = {name for name in names if Path(folder) == Path(settings.BASE_DIR)}
        return (top & NOT_EXTRACTED) | {
            name for name in names if name == "__pycache__" or name.endswith(".egg-info")
        }

    shutil.copytree(settings.BASE_DIR, source, ignore=not_extracted, symlinks=True)
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["en"], verbosity=0)
    marked = {key(e) for e in entries(source / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    assert marked, "makemessages found no marked strings at all"

    for path in CATALOGUES:
        if path.name != "django.po":
            continue
        held = {key(e) for e in entries(path)}
        new, stale = sorted(marked - held, key=str), sorted(held - marked, key=str)
        assert not new, f"{path}: marked in the code but not in the catalogue:\n" + describe(new)
        assert not stale, f"{path}: in the catalogue but no longer in the code:\n" + describe(stale)


@pytest.fixture
def russian(tmp_path):
    """The Russian catalogue, compiled here into its own locale folder (no build step needed)."""
    catalogue = polib.pofile(str(LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po"))
    compiled = tmp_path / "ru" / "LC_MESSAGES"
    compiled.mkdir(parents=True)
    catalogue.save_as_mofile(str(compiled / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield catalogue


@pytest.mark.django_db
def test_russian_page_shows_the_russian_interface(client, russian):
    text = {e.msgid: e.msgstr for e in russian if not e.msgid_plural}
    with translation.override("ru"):
        url = reverse("chairmanships:state_list")
    response = client.get(url, headers={"accept-language": "ru"})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<html[^>]* lang="ru"', html)
    for msgid in ["Member states", "Skip to main content", "No member states are recorded yet."]:
        assert escape(text[msgid]) in html
        assert msgid not in html


def test_russian_counts_take_one_few_and_many_forms(russian):
    (event,) = [e for e in russian if e.msgid == "%(counter)s event"]
    one, few, many = (event.msgstr_plural[i] for i in range(3))
    expected = {1: one, 21: one, 3: few, 22: few, 0: many, 5: many, 11: many, 12: many}
    with translation.override("ru"):
        shown = {n: ngettext(event.msgid, event.msgid_plural, n) for n in expected}
    assert shown == expected
    assert nplurals(russian) == 3 and len({one, few, many}) == 3
