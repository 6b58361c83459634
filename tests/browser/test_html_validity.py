"""Every type of public page is valid HTML, as the Nu HTML Checker (vnu.jar) reads it.

The pages are rendered with the Django test client into one folder and checked in a single
`java -jar vnu.jar` run. The checker comes from npm (`npm ci` at the repository root); if it
is missing the test fails and says so, it never skips.
"""

# ruff: noqa: F811 (the fixtures imported from browser_support are test arguments here)
import json
import subprocess
import warnings

from tests.browser_support import (  # noqa: F401
    LANGUAGES,
    demo,
    file_name,
    public_pages,
    vnu_command,
)


def describe(message, pages_by_file):
    page = pages_by_file.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
    where = f"line {message['lastLine']}" if "lastLine" in message else "document"
    extract = " ".join(message.get("extract", "").split())
    return f"{page}, {where}: {message['message']}" + (f"  «{extract}»" if extract else "")


def test_every_page_type_is_valid_html(client, demo, tmp_path):
    """In every language: one checker run for all the pages."""
    checker = vnu_command([])  # fails at once, saying what to install, if it is missing
    pages_by_file, files = {}, []
    every_page = [page for language in LANGUAGES for page in public_pages(demo, language)]
    for page in every_page:
        response = client.get(page.path)
        assert response.status_code == page.status, (
            f"{page.label} ({page.path}) answered {response.status_code}, not {page.status}"
        )
        assert response["Content-Type"].startswith("text/html"), page.label
        name = f"{len(files) + 1:02d}-{file_name(page.label)}"
        (tmp_path / name).write_bytes(response.content)
        pages_by_file[name] = f"{page.label} ({page.path})"
        files.append(tmp_path / name)

    result = subprocess.run(
        [*checker, *map(str, files)], capture_output=True, text=True, timeout=300
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(
            f"vnu.jar gave no JSON report (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        ) from None

    errors = [describe(m, pages_by_file) for m in messages if m["type"] != "info"]
    notes = [describe(m, pages_by_file) for m in messages if m["type"] == "info"]
    if notes:
        print("Nu HTML Checker warnings (allowed):\n" + "\n".join(notes))
        warnings.warn(
            f"The Nu HTML Checker has {len(notes)} warning(s):\n" + "\n".join(notes),
            stacklevel=1,
        )
    assert not errors, (
        f"The Nu HTML Checker found {len(errors)} error(s) in {len(files)} pages:\n"
        + "\n".join(errors)
    )
