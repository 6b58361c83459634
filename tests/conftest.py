import pytest
from django.db import connection
from django.test import Client
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


class _ReadableStreamingResponse:
    """A streamed answer, read to its end as a visitor's download is: whole as `content`,
    and chunk by chunk, as sent, as `streaming_content`."""

    @property
    def streaming_content(self):
        return iter(self._chunks_read)

    @property
    def content(self):
        return b"".join(self._chunks_read)

    @property
    def text(self):
        return self.content.decode(self.charset)


class ReadingClient(Client):
    """The test client, whose streamed answers (the downloads) are read to the end at once,
    and can be read again like any other."""

    def request(self, **request):
        response = super().request(**request)
        if response.streaming and not isinstance(response, _ReadableStreamingResponse):
            # Read it all now, as a visitor does before asking again (the page cache keeps
            # a download once it was read to the end), keeping its chunks to look at.
            chunks = list(response.streaming_content)
            response.__class__ = type(
                f"Readable{type(response).__name__}",
                (_ReadableStreamingResponse, type(response)),
                {},
            )
            response._chunks_read = chunks
        return response


@pytest.fixture
def client():
    """pytest-django's `client`, reading streamed answers whole on `.content`."""
    return ReadingClient()
