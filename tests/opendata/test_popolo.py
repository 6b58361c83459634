"""The Popolo export validates against Popolo's own JSON Schemas (shipped in tests/data/popolo)."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from tests.factories_opendata import build_record

SCHEMAS = Path(__file__).parent.parent / "data" / "popolo"
CLASSES = {
    "organizations": "organization",
    "memberships": "membership",
    "persons": "person",
    "events": "event",
    "speeches": "speech",
    "posts": "post",
}


def popolo_registry():
    """Every shipped schema under the addresses the schemas use to $ref each other."""
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource(json.loads(path.read_text()), specification=DRAFT3)
        for host in ("http://www.popoloproject.com", "http://popoloproject.com"):
            resources.append((f"{host}/schemas/{path.name}", resource))
    return Registry().with_resources(resources)


REGISTRY = popolo_registry()


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=REGISTRY)


@pytest.fixture
def record(db):
    return build_record()


@pytest.fixture
def popolo(client, record):
    response = client.get("/en/open-data/popolo.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_the_shipped_schemas_come_with_their_licence():
    licence = (SCHEMAS / "LICENSE.md").read_text()
    assert "Creative Commons Attribution 4.0" in licence
    for name in set(CLASSES.values()) | {"contact_detail", "link", "identifier", "other_name"}:
        Draft3Validator.check_schema(json.loads((SCHEMAS / f"{name}.json").read_text()))


def test_the_validator_refuses_what_popolo_does_not_allow(popolo):
    """The schemas bite: a bad date or an identifier without its value fails."""
    membership = dict(popolo["memberships"][0], start_date="1 January 2023")
    assert list(validator("membership").iter_errors(membership))
    organization = dict(popolo["organizations"][1], identifiers=[{"scheme": "ISO"}])
    assert list(validator("organization").iter_errors(organization))


@pytest.mark.parametrize(("collection", "schema"), CLASSES.items())
def test_every_popolo_object_validates_against_its_schema(popolo, collection, schema):
    objects = popolo[collection]
    assert objects, f"no {collection} exported"
    check = validator(schema)
    for obj in objects:
        errors = [f"{list(e.path)}: {e.message}" for e in check.iter_errors(obj)]
        assert not errors, f"{obj.get('id')}: {errors}"


def test_the_dialogue_and_its_states_are_organizations(popolo, record):
    organizations = {org["id"]: org for org in popolo["organizations"]}
    assert organizations["dialogue"]["classification"] == "dialogue"
    kazakhstan = organizations["state/kazakhstan"]
    assert kazakhstan["classification"] == "member state"
    assert kazakhstan["identifiers"] == [{"identifier": "KZ", "scheme": "ISO 3166-1 alpha-2"}]
    assert kazakhstan["other_names"][0]["name"] == "Republic of Kazakhstan"


def test_chairmanships_are_chair_memberships_of_the_dialogue(popolo, record):
    chairs = [m for m in popolo["memberships"] if m["role"] == "chair"]
    assert [chair["id"] for chair in chairs] == [
        "chairmanship/kazakhstan-2023",
        "chairmanship/kyrgyzstan-2023",
    ]
    kazakh, kyrgyz = chairs
    assert kazakh["member"] == {"@type": "Organization", "id": "state/kazakhstan"}
    assert kazakh["organization_id"] == "dialogue"
    assert (kazakh["start_date"], kazakh["end_date"]) == ("2023-01-01", "2023-12-01")
    assert kazakh["+handed_over_to"] == "chairmanship/kyrgyzstan-2023"
    assert kazakh["+priorities"] == ["Climate change"]
    assert "end_date" not in kyrgyz  # current
    members = {m["member"]["id"] for m in popolo["memberships"] if m["role"] == "member"}
    assert members == {"state/kazakhstan", "state/kyrgyzstan"}


def test_events_persons_and_speeches_link_up(popolo, record):
    events = {event["id"]: event for event in popolo["events"]}
    conference = events["event/combating-gender-based-violence"]
    assert conference["start_date"] == "2023-11-30"
    assert conference["end_date"] == "2023-12-01"
    assert conference["location"] == "Palace of Independence, Astana, Kazakhstan"
    assert conference["organization_id"] == "dialogue"
    assert conference["sources"] == [
        {
            "url": "https://example.org/news/dialogue-2023",
            "note": "Kazakhstan concludes chairmanship",
        }
    ]
    assert events["event/working-meeting"]["start_date"] == "2024-05"  # only the month is known
    assert events["event/digital-forum"]["status"] == "cancelled"

    (person,) = popolo["persons"]
    assert person["id"] == "person/aigul-example"
    speeches = {speech["text"]: speech for speech in popolo["speeches"]}
    english = speeches[record.quote.text]
    assert english["creator_id"] == person["id"]
    assert english["event_id"] == "event/combating-gender-based-violence"
    assert english["role"] == "Member of the Mazhilis"  # the position when speaking
    assert english["language"] == "en"
    assert english["date"] == "2023-11-30"
    assert speeches[record.russian_quote.text]["language"] == "ru"

    (statement,) = popolo["+joint_statements"]
    assert statement["event_id"] == conference["id"]
    assert statement["signatory_ids"] == ["state/kazakhstan", "state/kyrgyzstan"]


def test_the_api_serves_the_same_document(client, popolo):
    from_api = client.get("/api/v1/popolo").json()
    for key in ("organizations", "memberships", "persons", "events", "speeches"):
        assert from_api[key] == popolo[key]
    assert from_api["+meta"]["licence"]["name"] == "CC BY 4.0"


def test_an_unchanged_record_gives_the_same_document_and_etag(client, popolo):
    assert client.get("/en/open-data/popolo.json").json() == popolo
    first = client.get("/api/v1/popolo")
    again = client.get("/api/v1/popolo", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
