import pytest
from django.db import connection
from django.utils import translation


@pytest.fixture
def on_postgres():
    """Skip a test that exercises a PostgreSQL-only guarantee when running on another backend."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only guarantee; the CI runs the suite on PostgreSQL too")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to a /ru/ page leaves Russian
    active in the test's thread, which would otherwise leak into the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_caches(settings, tmp_path):
    """Each test starts with empty caches and its own page-cache generations file: no page cached by
    one test is served in another."""
    from django.core.cache import caches

    settings.PAGE_CACHE_GENERATIONS_FILE = str(tmp_path / "page-cache-generations")
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path):
    """Each test stores uploads (the demo's photos, social cards) in a folder of its own, never
    in the project's media/ folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
