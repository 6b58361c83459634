"""Every kind of record as data: the CSV tables and API lists of chairmanships (with their
priorities and initiatives), handovers, member states, speakers and topics, checked row by
row against the records, and the chair's post in Popolo."""

import pytest

from chairmanships.models import Chairmanship, Handover, MemberState, Topic
from statements.models import Speaker
from tests.factories import QuoteFactory, SpeakerFactory
from tests.factories_opendata import build_record
from tests.opendata.test_downloads import download_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return build_record()


def api_items(client, path):
    response = client.get(f"/api/v1/{path}?page_size=100")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == len(data["items"])
    return data["items"]


def test_chairmanships_csv_has_every_term_with_priorities_and_initiatives(client, record):
    rows = download_csv(client, "chairmanships")
    terms = list(Chairmanship.objects.order_by("-starts_on", "pk"))
    assert [row["slug"] for row in rows] == [term.slug for term in terms]
    kyrgyz, kazakh = rows
    assert kazakh["state_iso_code"] == "KZ"
    assert kazakh["starts_on"] == "2023-01-01" and kazakh["ends_on"] == "2023-12-01"
    assert kazakh["priorities"] == "Climate change"
    assert kazakh["initiatives"] == "Technovation Girls"
    assert kazakh["is_current"] == "no" and kyrgyz["is_current"] == "yes"
    assert kyrgyz["ends_on"] == ""
    assert kazakh["url"] == "http://testserver/en/chairmanships/kazakhstan-2023/"


def test_priorities_and_initiatives_csvs_name_their_chairmanship(client, record):
    (priority,) = download_csv(client, "priorities")
    assert priority == {
        "chairmanship": "kazakhstan-2023",
        "position": "1",
        "title": "Climate change",
        "description": "",
        "topics": "gender-based-violence",
    }
    (initiative,) = download_csv(client, "initiatives")
    assert initiative["chairmanship"] == "kazakhstan-2023"
    assert initiative["name"] == "Technovation Girls"


def test_handovers_csv_and_api_list_every_handover(client, record):
    (row,) = download_csv(client, "handovers")
    handover = Handover.objects.get()
    assert row["id"] == str(handover.pk)
    assert row["handed_over_on"] == "2023-12-01"
    assert row["outgoing_chairmanship"] == "kazakhstan-2023"
    assert row["outgoing_state_iso_code"] == "KZ"
    assert row["incoming_chairmanship"] == "kyrgyzstan-2023"
    assert row["incoming_state_iso_code"] == "KG"
    assert row["url"] == f"http://testserver/en/chairmanships/#handover-{handover.pk}"
    (item,) = api_items(client, "handovers")
    assert item["id"] == handover.pk
    assert item["handed_over_on"] == "2023-12-01"
    assert item["outgoing_state"]["iso_code"] == "KZ"
    assert item["incoming_chairmanship"] == "kyrgyzstan-2023"
    detail = client.get(f"/api/v1/handovers/{handover.pk}").json()
    assert detail == item
    assert client.get(f"/api/v1/handovers/{handover.pk + 100}").status_code == 404
    index = client.get("/api/v1/").json()
    assert index["handovers"] == "http://testserver/api/v1/handovers"


def test_the_chairmanship_api_list_carries_priorities_and_initiatives(client, record):
    items = api_items(client, "chairmanships")
    assert [item["slug"] for item in items] == ["kyrgyzstan-2023", "kazakhstan-2023"]
    kazakh = items[1]
    assert [p["title"] for p in kazakh["priorities"]] == ["Climate change"]
    assert [i["name"] for i in kazakh["initiatives"]] == ["Technovation Girls"]
    assert kazakh["handover_out"]["incoming_state"]["iso_code"] == "KG"


def test_member_states_csv_and_api_match_the_states(client, record):
    rows = download_csv(client, "member_states")
    states = list(MemberState.objects.order_by("name", "pk"))
    assert [row["iso_code"] for row in rows] == [state.iso_code for state in states]
    assert rows[0]["official_name"] == "Republic of Kazakhstan"
    assert rows[0]["url"] == "http://testserver/en/states/kazakhstan/"
    assert [item["iso_code"] for item in api_items(client, "member-states")] == ["KZ", "KG"]


def test_topics_csv_and_api_match_the_topics(client, record):
    rows = download_csv(client, "topics")
    assert [row["slug"] for row in rows] == list(
        Topic.objects.order_by("name", "pk").values_list("slug", flat=True)
    )
    assert [item["slug"] for item in api_items(client, "topics")] == [row["slug"] for row in rows]


def test_speakers_csv_and_api_list_only_public_speakers(client, record):
    hidden = SpeakerFactory(name="Quoted only in a draft")
    QuoteFactory(speaker=hidden, publication_status="draft")
    rows = download_csv(client, "speakers")
    public = list(Speaker.objects.published().order_by("name", "pk"))
    assert [row["slug"] for row in rows] == [speaker.slug for speaker in public]
    assert hidden.slug not in {row["slug"] for row in rows}
    aigul = next(row for row in rows if row["slug"] == "aigul-example")
    assert aigul["position"] == "Deputy Chair of the Senate"
    assert aigul["organisation"] == "Parliament of Kazakhstan"
    assert aigul["state_iso_code"] == "KZ"
    assert [item["slug"] for item in api_items(client, "speakers")] == [s.slug for s in public]


def test_popolo_gives_the_chair_as_a_post_held_by_each_chairmanship(client, record):
    popolo = client.get("/en/open-data/popolo.json").json()
    (post,) = popolo["posts"]
    assert post["role"] == "chair" and post["organization_id"] == "dialogue"
    chairs = [m for m in popolo["memberships"] if m["role"] == "chair"]
    assert len(chairs) == 2
    assert {m["post_id"] for m in chairs} == {post["id"]}
