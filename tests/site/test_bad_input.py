"""Junk in any public URL or query string gets a 404 or a 400 (or a clean page), never a 500."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories_public import build_world

# Characters a visitor, a crawler or an attacker might put in a URL, including ones
# that must be percent-encoded, HTML and SQL metacharacters, and non-Latin letters.
JUNK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcxyz019-_.~!$&'()*+,;=:@%/?#[]<>\"\\` ^{|}") + ["ж", "ё", "ğ", "\u200b", "🙂"]
    ),
    max_size=40,
)
QUERY_KEYS = st.sampled_from(
    ["page", "year", "host_state", "topic", "kind", "status", "q", "preview", "format", "x"]
)


def public_route_templates():
    """Every public URL pattern as a template with its converters, e.g.
    en/events/<slug:slug>/ (the language prefix is the default language's)."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin" or route.startswith("admin"):
                    continue
                yield from walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and not route.startswith("admin"):
                yield prefix + route

    return sorted(set(walk(get_resolver().url_patterns)))


pytestmark = pytest.mark.django_db

ROUTES = [route for route in public_route_templates() if not route.startswith("^")]


def fill(route, segment):
    """Put `segment` where each converter is (the converter may then refuse it: a 404)."""
    return "/" + re.sub(r"<(?:\w+:)?\w+>", segment, route)


def quote_segment(text):
    from urllib.parse import quote

    return quote(text, safe="") or "x"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world(1)
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


def answer(client, path, query=None):
    response = client.get(path, query or {})
    assert response.status_code < 500, f"{path} {query} answered {response.status_code}"
    return response


@pytest.mark.django_db
def test_the_url_list_covers_the_public_site():
    assert "en/events/<slug:slug>/" in ROUTES
    assert "en/search/" in ROUTES
    assert "api/v1/events" in ROUTES
    assert len(ROUTES) >= 20


@pytest.mark.parametrize("route", ROUTES)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(segment=JUNK_TEXT, query=st.dictionaries(QUERY_KEYS, JUNK_TEXT, max_size=4))
def test_junk_path_segments_and_query_strings_never_give_a_server_error(
    world, route, segment, query
):
    client = Client(raise_request_exception=False)
    answer(client, fill(route, quote_segment(segment)), query)
    if "<" not in route:
        answer(client, "/" + route, query)
