"""bench/run loads a page of every public URL pattern, and each page it picks answers."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps

from bench import pages as bench_pages
from tests.factories import QuoteFactory
from tests.factories_opendata import build_record


@pytest.fixture
def found(db):
    # The footer pages a migration makes (a test that empties the database removes them).
    import_module("dialogue.pages.migrations.0002_footer_pages").create(django_apps, None)
    record = build_record()
    QuoteFactory(event=record.conference, speaker=record.speaker)
    return bench_pages.pages()


def test_every_url_pattern_has_a_page_in_the_benchmark(found):
    assert bench_pages.uncovered(found) == []


def test_a_new_page_without_a_benchmark_entry_is_named(found, monkeypatch):
    real = bench_pages.url_patterns()
    monkeypatch.setattr(bench_pages, "url_patterns", lambda: [*real, "events:new_page"])
    assert bench_pages.uncovered(found) == ["events:new_page"]


def test_every_page_the_benchmark_picks_answers(client, found):
    for label, page in found.items():
        response = client.get(page["url"])
        assert response.status_code == 200, (label, page["url"])
