"""Schemathesis against a live server: the API keeps the promises of its OpenAPI document.

For every operation, Schemathesis generates requests from the document and checks each
answer: no server error, only documented status codes, content types and headers, and
bodies that match the documented schemas. Bounded to 25 examples an operation,
derandomized, so the run is short and the same every time.

The document is the one /api/v1/openapi.json serves (`api.get_openapi_schema()`), loaded
when the tests are collected; the requests go to pytest-django's live server.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dialogue.opendata.api import api
from tests.factories_opendata import add_busy_year, build_record

DOCUMENT = json.loads(json.dumps(api.get_openapi_schema()))  # as served: status codes as text

# Slugs of records that build_record() makes, as explicit examples: besides the generated
# (mostly unknown) slugs, each detail endpoint is also called for a record that exists.
EXAMPLES = {
    "/api/v1/member-states/{slug}": "kazakhstan",
    "/api/v1/chairmanships/{slug}": "kazakhstan-2023",
    "/api/v1/topics/{slug}": "digital-skills",
    "/api/v1/events/{slug}": "combating-gender-based-violence",
    "/api/v1/statements/{slug}": "joint-statement-legal-protection",
    "/api/v1/speakers/{slug}": "aigul-example",
}


def with_examples(document):
    document = json.loads(json.dumps(document))
    for path, slug in EXAMPLES.items():
        for parameter in document["paths"][path]["get"]["parameters"]:
            if parameter["name"] == "slug":
                parameter["example"] = slug
    return document


schema = schemathesis.openapi.from_dict(with_examples(DOCUMENT))


@pytest.fixture
def api_data(transactional_db):
    record = build_record()
    add_busy_year(record, 3)
    return record


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_the_promises_of_its_openapi_document(case, live_server, api_data):
    case.call_and_validate(base_url=live_server.url)


def test_the_live_document_is_the_one_tested(live_server, client, db):
    assert client.get("/api/v1/openapi.json").json() == DOCUMENT
