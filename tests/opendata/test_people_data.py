"""People and organisations as data: Popolo persons, partner organisations and
participations as memberships (valid against Popolo's schemas), and the API's endpoints."""

import pytest

from dialogue.records.models import PublicationStatus
from statements.models import Participation
from tests.factories import EventFactory, OrganisationFactory, SpeakerFactory
from tests.factories_opendata import build_record
from tests.opendata.test_popolo import validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    record = build_record()
    undp = OrganisationFactory(
        name="United Nations Development Programme", acronym="UNDP", url="https://undp.org/"
    )
    record.conference.partner_organisations.add(undp)
    delegate = SpeakerFactory(
        name="Aida Balaeva", slug="aida-balaeva", profile_url="https://example.org/balaeva"
    )
    Participation.objects.create(
        event=record.conference,
        person=delegate,
        role=Participation.Role.HEAD_OF_DELEGATION,
        state=record.kyrgyzstan,
        position_at_time="Deputy Speaker",
    )
    Participation.objects.create(
        event=record.conference,
        person=record.speaker,
        role=Participation.Role.SPEAKER,
        organisation=undp,
    )
    hidden = SpeakerFactory(name="Hidden Delegate", slug="hidden-delegate")
    Participation.objects.create(
        event=EventFactory(publication_status=PublicationStatus.DRAFT, slug="draft-summit"),
        person=hidden,
        role=Participation.Role.DELEGATE,
        organisation=OrganisationFactory(name="Draft partner", slug="draft-partner"),
    )
    return record


@pytest.fixture
def popolo(client, record):
    return client.get("/en/open-data/popolo.json").json()


def test_popolo_lists_partner_organisations_beside_the_dialogue_and_states(popolo):
    by_id = {o["id"]: o for o in popolo["organizations"]}
    undp = by_id["organisation/undp"]
    assert undp["classification"] == "partner organisation"
    assert undp["other_names"] == [{"name": "UNDP", "note": "Acronym"}]
    assert {"url": "https://undp.org/", "note": "Website"} in undp["links"]
    assert {o["classification"] for o in popolo["organizations"]} == {
        "dialogue",
        "member state",
        "partner organisation",
    }
    check = validator("organization")
    assert not list(check.iter_errors(undp))


def test_popolo_gives_each_public_participation_as_a_membership(popolo):
    participations = [m for m in popolo["memberships"] if m["id"].startswith("participation/")]
    assert len(participations) == 2  # the draft summit's is left out
    by_person = {m["person_id"]: m for m in participations}
    delegate = by_person["person/aida-balaeva"]
    assert delegate["organization_id"] == "state/kyrgyzstan"
    assert delegate["role"] == "head_of_delegation"
    assert delegate["+event_id"].startswith("event/")
    assert delegate["+position_at_time"] == "Deputy Speaker"
    assert by_person[f"person/{participations[0]['person_id'].split('/')[1]}"]
    check = validator("membership")
    for membership in participations:
        assert not list(check.iter_errors(membership)), membership


def test_popolo_persons_are_every_public_person_and_none_hidden(popolo):
    persons = {p["id"]: p for p in popolo["persons"]}
    assert "person/aida-balaeva" in persons
    assert "person/hidden-delegate" not in persons
    assert "organisation/draft-partner" not in {o["id"] for o in popolo["organizations"]}
    assert {"url": "https://example.org/balaeva", "note": "Official profile"} in persons[
        "person/aida-balaeva"
    ]["links"]
    check = validator("person")
    for person in persons.values():
        assert not list(check.iter_errors(person))


def test_popolo_stays_byte_stable(client, record):
    first = client.get("/en/open-data/popolo.json").content
    assert client.get("/en/open-data/popolo.json").content == first


def test_the_api_lists_people_and_one_person_with_their_participations(client, record):
    listing = client.get("/api/v1/persons").json()
    slugs = [person["slug"] for person in listing["items"]]
    assert "aida-balaeva" in slugs
    assert "hidden-delegate" not in slugs
    assert client.get("/api/v1/persons?event=draft-summit").json()["items"] == []
    by_state = client.get("/api/v1/persons?organisation=undp").json()["items"]
    assert [person["slug"] for person in by_state] == [record.speaker.slug]

    person = client.get("/api/v1/persons/aida-balaeva").json()
    assert person["profile_url"] == "https://example.org/balaeva"
    (participation,) = person["participations"]
    assert participation["role"] == "head_of_delegation"
    assert participation["state"]["slug"] == "kyrgyzstan"
    assert participation["organisation"] is None
    assert participation["event"]["slug"] == record.conference.slug
    assert client.get("/api/v1/persons/hidden-delegate").status_code == 404


def test_the_api_lists_organisations_and_one_with_its_events_and_representatives(client, record):
    listing = client.get("/api/v1/organisations").json()
    assert "undp" in [o["slug"] for o in listing["items"]]
    assert "draft-partner" not in [o["slug"] for o in listing["items"]]
    undp = client.get("/api/v1/organisations/undp").json()
    assert undp["website"] == "https://undp.org/"
    assert undp["url"] == "http://testserver/en/organisations/undp/"
    assert [e["slug"] for e in undp["events"]] == [record.conference.slug]
    assert [r["person"]["slug"] for r in undp["representatives"]] == [record.speaker.slug]
    assert client.get("/api/v1/organisations/draft-partner").status_code == 404
    assert client.get("/api/v1/organisations/no-such").status_code == 404


@pytest.mark.parametrize("scale", [1, 5])
def test_the_people_endpoints_cost_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, record, scale
):
    for _number in range(scale * 3):
        Participation.objects.create(
            event=record.conference, person=SpeakerFactory(), state=record.kazakhstan
        )
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/persons").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/organisations/undp").status_code == 200
