"""The JSON API: lists, filters, records, errors, caching headers, CORS and its documentation."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from tests.factories_opendata import add_busy_year, build_record


@pytest.fixture
def record(db):
    return build_record()


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), url
    assert response["Access-Control-Allow-Origin"] == "*", url
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["items"]]


# Lists and records --------------------------------------------------------------------------


def test_the_event_list_is_newest_first_and_paginated(client, record):
    page = get_json(client, "/api/v1/events?page_size=2")
    assert page["count"] == 3
    assert slugs(page) == [record.meeting.slug, record.forum.slug]
    assert page["previous"] is None
    assert page["next"] == "http://testserver/api/v1/events?page=2&page_size=2"
    second = get_json(client, page["next"])
    assert slugs(second) == [record.conference.slug]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/events?page=1&page_size=2"


def test_an_event_in_the_list_gives_its_facts_and_page(client, record):
    (conference,) = get_json(client, "/api/v1/events?year=2023")["items"]
    assert conference == {
        "slug": "combating-gender-based-violence",
        "title": record.conference.title,
        "kind": "conference",
        "status": "held",
        "theme": record.conference.theme,
        "starts_on": "2023-11-30",
        "ends_on": "2023-12-01",
        "date_precision": "day",
        "city": "Astana",
        "venue": "Palace of Independence",
        "host_state": {"slug": "kazakhstan", "name": "Kazakhstan", "iso_code": "KZ"},
        "chairmanship": "kazakhstan-2023",
        "topics": ["gender-based-violence"],
        "url": "http://testserver/en/events/combating-gender-based-violence/",
        "source_url": "https://example.org/news/dialogue-2023",
        "source_title": "Kazakhstan concludes chairmanship",
        "source_accessed_on": None,
        "first_published_at": conference["first_published_at"],
        "last_updated_at": conference["last_updated_at"],
    }
    assert conference["first_published_at"] and conference["last_updated_at"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2024", ["working-meeting", "digital-forum"]),
        ("host_state=kazakhstan", ["combating-gender-based-violence"]),
        ("topic=digital-skills", ["working-meeting", "digital-forum"]),
        ("kind=forum", ["digital-forum"]),
        ("status=tentative", ["working-meeting"]),
        ("year=2024&host_state=kyrgyzstan&status=cancelled", ["digital-forum"]),
        ("host_state=atlantis", []),
        ("topic=no-such-topic", []),
    ],
)
def test_events_filter_like_the_public_list(client, record, query, expected):
    assert slugs(get_json(client, f"/api/v1/events?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "year=soon",
        "year=0",
        "year=123456789012345678901234567890",
        "kind=party",
        "status=maybe",
        "host_state=not%20a%20slug",
        "topic=%00",
        "page=0",
        "page=99999999999999999999",
        "page_size=101",
    ],
)
def test_a_refused_filter_is_a_422_with_reasons(client, record, query):
    body = get_json(client, f"/api/v1/events?{query}", status=422)
    assert body["detail"] and "loc" in body["detail"][0]


def test_a_page_past_the_end_is_empty_not_an_error(client, record):
    page = get_json(client, "/api/v1/events?page=50")
    assert page["items"] == [] and page["count"] == 3 and page["next"] is None


def test_an_event_record_has_its_participants_and_the_handover_it_announced(client, record):
    event = get_json(client, f"/api/v1/events/{record.conference.slug}")
    assert event["summary"] == record.conference.summary
    assert [state["slug"] for state in event["participating_states"]] == [
        "kazakhstan",
        "kyrgyzstan",
    ]
    assert event["partner_organisations"] == [{"name": "UN Women", "acronym": "", "url": ""}]
    handover = event["announced_handover"]
    assert handover["outgoing_chairmanship"] == "kazakhstan-2023"
    assert handover["incoming_state"]["slug"] == "kyrgyzstan"
    assert handover["handed_over_on"] == "2023-12-01"


def test_chairmanships_come_with_their_handovers(client, record):
    page = get_json(client, "/api/v1/chairmanships")
    assert slugs(page) == ["kyrgyzstan-2023", "kazakhstan-2023"]
    current, previous = page["items"]
    assert current["is_current"] and current["ends_on"] is None
    assert current["handover_in"]["outgoing_state"]["slug"] == "kazakhstan"
    assert current["handover_out"] is None
    assert previous["handover_out"]["incoming_chairmanship"] == "kyrgyzstan-2023"
    assert slugs(get_json(client, "/api/v1/chairmanships?state=kazakhstan")) == ["kazakhstan-2023"]

    detail = get_json(client, "/api/v1/chairmanships/kazakhstan-2023")
    assert detail["outcomes"] == record.kazakh_chair.outcomes
    assert detail["priorities"][0]["title"] == "Climate change"
    assert detail["priorities"][0]["topics"] == ["gender-based-violence"]
    assert detail["initiatives"][0]["name"] == "Technovation Girls"


def test_statements_speakers_quotes_states_and_topics(client, record):
    statement = get_json(client, f"/api/v1/statements/{record.statement.slug}")
    assert statement["text"] == record.statement.text
    assert statement["event"]["slug"] == record.conference.slug
    assert [s["iso_code"] for s in statement["signatories"]] == ["KZ", "KG"]
    assert slugs(
        get_json(client, "/api/v1/statements?signatory=kyrgyzstan&topic=gender-based-violence")
    )

    speaker = get_json(client, f"/api/v1/speakers/{record.speaker.slug}")
    assert [quote["language"] for quote in speaker["quotes"]] == ["ru", "en"]

    quotes = get_json(client, "/api/v1/quotes?language=ru")["items"]
    assert [quote["text"] for quote in quotes] == ["Мы поддерживаем равные возможности."]
    quote = get_json(client, f"/api/v1/quotes/{record.quote.pk}")
    assert quote["position_at_time"] == "Member of the Mazhilis"
    assert quote["speaker"]["slug"] == record.speaker.slug

    assert slugs(get_json(client, "/api/v1/member-states")) == ["kazakhstan", "kyrgyzstan"]
    assert get_json(client, "/api/v1/member-states/kazakhstan")["iso_code"] == "KZ"
    assert slugs(get_json(client, "/api/v1/topics")) == ["digital-skills", "gender-based-violence"]
    assert get_json(client, "/api/v1/topics/digital-skills")["name"] == "Digital skills"


def test_text_is_sent_as_utf8_not_escaped(client, record):
    response = client.get(f"/api/v1/events/{record.forum.slug}")
    assert "Цифровой форум".encode() in response.content


def test_the_api_root_gives_the_address_of_every_list(client, record):
    index = get_json(client, "/api/v1/")
    assert index["events"] == "http://testserver/api/v1/events"
    assert index["documentation"] == "http://testserver/api/v1/docs"
    for address in index.values():
        assert client.get(address).status_code == 200, address


# Errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/no-such-event",
        "/api/v1/statements/no-such-statement",
        "/api/v1/speakers/nobody",
        "/api/v1/chairmanships/atlantis-2099",
        "/api/v1/member-states/atlantis",
        "/api/v1/topics/nothing",
        "/api/v1/quotes/999999",
        "/api/v1/no-such-endpoint",
        "/api/v1/events/a/b",
    ],
)
def test_what_does_not_exist_is_a_json_404(client, record, url):
    assert get_json(client, url, status=404)["detail"].startswith("Not Found")


@pytest.mark.parametrize(
    "url", ["/api/v1/events/not%20a%20slug", "/api/v1/quotes/0", "/api/v1/quotes/one"]
)
def test_a_malformed_identifier_is_a_json_422(client, record, url):
    get_json(client, url, status=422)


def test_only_get_is_allowed(client, record):
    response = client.post("/api/v1/events", {})
    assert response.status_code == 405


# Caching and CORS ---------------------------------------------------------------------------


def test_an_unchanged_answer_is_not_sent_again(client, record):
    first = client.get("/api/v1/events")
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    assert first["Access-Control-Expose-Headers"] == "ETag"

    again = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"

    record.meeting.title = "Working meeting, renamed"
    record.meeting.save()
    changed = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_api_answers_are_revalidated_each_time_so_an_edit_shows_at_once(client, record):
    response = client.get("/api/v1/events")
    assert response["Cache-Control"] == "no-cache"
    assert "max-age" not in response["Cache-Control"]


def test_the_openapi_document_is_open_to_other_sites_too(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.has_header("ETag")


# The API's documentation ----------------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3(client, db):
    document = get_json(client, "/api/v1/openapi.json")
    validate(document)
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v1/member-states",
        "/api/v1/chairmanships/{slug}",
        "/api/v1/events",
        "/api/v1/statements",
        "/api/v1/speakers/{slug}",
        "/api/v1/quotes/{id}",
        "/api/v1/topics",
        "/api/v1/popolo",
    ):
        assert "get" in document["paths"][path], path


def test_the_interactive_docs_load_nothing_from_another_host(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not on this site"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        assert f"/static/api-docs/{name}" in assets
        assert finders.find(f"api-docs/{name}"), name
    settings = json.loads(
        re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html)[1]
    )
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # no document sent to validator.swagger.io


# Query counts ---------------------------------------------------------------------------------

LIST_URLS = [
    "/api/v1/member-states",
    "/api/v1/chairmanships",
    "/api/v1/topics",
    "/api/v1/events",
    "/api/v1/statements",
    "/api/v1/speakers",
    "/api/v1/quotes",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}?page_size=100")
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_list_costs_the_same_queries_for_two_or_twenty_times_the_rows(
    client, record, url, django_assert_max_num_queries
):
    add_busy_year(record, 2)
    few, few_rows = queries_for(client, url)
    add_busy_year(record, 20, first_day=record.meeting.starts_on.replace(year=2030))
    many, many_rows = queries_for(client, url)
    assert many_rows >= few_rows + 20
    assert many == few, f"{url}: {few} queries for {few_rows} rows, {many} for {many_rows}"
    with django_assert_max_num_queries(4):
        client.get(f"{url}?page_size=100")
