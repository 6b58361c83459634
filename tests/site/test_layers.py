"""The layers import only the layers beneath them.

From the bottom up: `dialogue.records` (what every record shares), then `chairmanships`,
`events`, `statements`, then the site layer (`dialogue`'s pages, search, open data, staff
tools). A module may import its own layer and those below it, never one above.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)

# Top-level packages, and the part of `dialogue` each layer may use.
APPS = ("chairmanships", "events", "statements")
RECORDS = "dialogue.records"


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def modules_of(folder):
    return [
        path
        for path in (BASE / folder).rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    ]


def refused(name, forbidden):
    return any(name == top or name.startswith(f"{top}.") for top in forbidden)


def violations(folder, forbidden):
    found = []
    for path in modules_of(folder):
        for name in imported_modules(path):
            if refused(name, forbidden) and not (name == RECORDS or name.startswith(RECORDS + ".")):
                found.append(f"{path.relative_to(BASE)} imports {name}")
    return found


def test_the_shared_record_layer_imports_no_app_and_nothing_of_the_site():
    found = []
    for path in modules_of("dialogue/records"):
        for name in imported_modules(path):
            if refused(name, APPS) or (
                refused(name, ("dialogue",)) and not name.startswith(RECORDS)
            ):
                found.append(f"{path.relative_to(BASE)} imports {name}")
    assert found == []


@pytest.mark.parametrize(
    "app, above",
    [
        ("chairmanships", ("events", "statements", "dialogue")),
        ("events", ("statements", "dialogue")),
        ("statements", ("dialogue",)),
    ],
)
def test_each_app_imports_only_the_layers_beneath_it(app, above):
    """`dialogue` here means the site layer: an app may use `dialogue.records` only."""
    assert violations(app, above) == []
