"""Partner organisations' pages: the events each took part in (as a partner, or through the
people who represented it), with JSON-LD, a bounded list and the filtered events list."""

import json
import re

import pytest

from dialogue.records.models import PublicationStatus
from events.models import Organisation
from statements.models import Participation
from statements.views import RECORDS_ON_PERSON_PAGE
from tests.factories import EventFactory, OrganisationFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def undp():
    organisation = OrganisationFactory(
        name="United Nations Development Programme", acronym="UNDP", url="https://undp.org/"
    )
    event = EventFactory(title="Regional forum", title_ru="Региональный форум")
    event.partner_organisations.add(organisation)
    person = SpeakerFactory(name="Aida Balaeva")
    Participation.objects.create(
        event=EventFactory(title="Expert meeting", title_ru="Встреча экспертов"),
        person=person,
        organisation=organisation,
        role=Participation.Role.OBSERVER,
    )
    return organisation


def test_an_organisation_gets_its_web_address_name_from_its_acronym():
    assert OrganisationFactory(name="UN Women", acronym="UNW").slug == "unw"
    assert OrganisationFactory(name="Another", acronym="UNW").slug == "unw-2"


@pytest.mark.parametrize(
    ("language", "events", "role"),
    [
        ("en", ("Regional forum", "Expert meeting"), "Observer"),
        ("ru", ("Региональный форум", "Встреча экспертов"), "Наблюдатель"),
    ],
)
def test_the_organisation_page_lists_its_events_and_representatives(
    client, undp, language, events, role
):
    response = client.get(f"/{language}/organisations/{undp.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    for title in events:
        assert title in html
    assert "Aida Balaeva" in html
    assert role in html
    assert f"/{language}/events/?organisation={undp.slug}" in html
    listing = client.get(f"/{language}/organisations/").content.decode()
    assert undp.get_absolute_url().replace("/en/", f"/{language}/") in listing


def test_the_organisation_page_describes_a_schema_org_organization(client, undp):
    data = json_ld(client.get(undp.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "United Nations Development Programme"
    assert data["alternateName"] == "UNDP"
    assert data["sameAs"] == ["https://undp.org/"]
    assert data["url"] == f"http://testserver{undp.get_absolute_url()}"


def test_the_event_page_links_its_partners_pages(client, undp):
    event = undp.events.get()
    assert undp.get_absolute_url() in client.get(event.get_absolute_url()).content.decode()


def test_an_organisation_only_in_drafts_stays_hidden(client):
    organisation = OrganisationFactory(name="Hidden partner")
    draft = EventFactory(title="Embargoed summit", publication_status=PublicationStatus.DRAFT)
    draft.partner_organisations.add(organisation)
    assert not Organisation.objects.published().filter(pk=organisation.pk).exists()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert "Hidden partner" not in client.get("/en/organisations/").content.decode()
    assert client.get(f"/en/events/?organisation={organisation.slug}").status_code == 200


def test_a_public_organisation_page_hides_its_draft_events(client, undp):
    draft = EventFactory(title="Embargoed summit", publication_status=PublicationStatus.DRAFT)
    draft.partner_organisations.add(undp)
    html = client.get(undp.get_absolute_url()).content.decode()
    assert "Embargoed summit" not in html
    listed = client.get(f"/en/events/?organisation={undp.slug}").content.decode()
    assert "Embargoed summit" not in listed


def test_the_events_list_filtered_by_organisation_holds_partners_and_representations(client, undp):
    html = client.get(f"/en/events/?organisation={undp.slug}").content.decode()
    assert "Regional forum" in html
    assert "Expert meeting" in html
    assert html.count('<li class="record">') == 2
    unfiltered = EventFactory(title="Unrelated meeting")
    assert unfiltered.title not in html


def test_the_organisation_page_shows_the_first_few_events(client):
    organisation = OrganisationFactory()
    for number in range(RECORDS_ON_PERSON_PAGE + 3):
        EventFactory(title=f"Partnered event {number}").partner_organisations.add(organisation)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert html.count("Partnered event") == RECORDS_ON_PERSON_PAGE
    events = client.get(f"/en/events/?organisation={organisation.slug}").content.decode()
    assert events.count("Partnered event") == RECORDS_ON_PERSON_PAGE + 3


@pytest.mark.parametrize("scale", [1, 5])
def test_the_organisation_page_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, scale
):
    organisation = OrganisationFactory()
    for _number in range(scale * 4):
        event = EventFactory()
        event.partner_organisations.add(organisation)
        Participation.objects.create(
            event=event, person=SpeakerFactory(), organisation=organisation
        )
    with django_assert_max_num_queries(3):
        assert client.get(organisation.get_absolute_url()).status_code == 200
