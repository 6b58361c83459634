"""People: speakers and participants are one kind of person, public by one rule, with a
page of what each attended, said and signed; participants entered on the event's admin page."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from dialogue.records.models import PublicationStatus
from statements.models import Participation, Signatory, Speaker
from statements.views import RECORDS_ON_PERSON_PAGE
from tests.admin_support import change_url, management_form
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    OrganisationFactory,
    QuoteFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def participate(person, event=None, **fields):
    return Participation.objects.create(person=person, event=event or EventFactory(), **fields)


# The public rule ------------------------------------------------------------------------------


def test_someone_who_only_attended_a_draft_event_stays_hidden_until_it_is_published(client):
    person = SpeakerFactory(name="Aigul Draftova")
    event = EventFactory(publication_status=DRAFT)
    participate(person, event, role=Participation.Role.DELEGATE)

    assert not Speaker.objects.published().filter(pk=person.pk).exists()
    assert client.get(person.get_absolute_url()).status_code == 404
    assert "Aigul Draftova" not in client.get(reverse("statements:speaker_list")).content.decode()

    event.publication_status = PublicationStatus.PUBLISHED
    event.save()
    assert person.is_public()
    assert client.get(person.get_absolute_url()).status_code == 200


def test_a_participant_of_a_public_event_is_public_without_any_quote(client):
    person = SpeakerFactory()
    participate(person)
    assert person.is_public()
    assert person.name in client.get(reverse("statements:speaker_list")).content.decode()


def test_someone_linked_to_nothing_yet_is_public_and_a_draft_signature_hides(client):
    nobody = SpeakerFactory()
    assert nobody.is_public()
    signer = SpeakerFactory()
    statement = JointStatementFactory(publication_status=DRAFT)
    Signatory.objects.create(statement=statement, name=signer.name, person=signer)
    assert not signer.is_public()
    statement.publication_status = PublicationStatus.PUBLISHED
    statement.save()
    assert signer.is_public()


def test_a_public_participation_does_not_show_the_draft_events_beside_it(client):
    person = SpeakerFactory()
    participate(person, EventFactory(title="The open forum"))
    participate(person, EventFactory(title="The embargoed meeting", publication_status=DRAFT))
    html = client.get(person.get_absolute_url()).content.decode()
    assert "The open forum" in html
    assert "The embargoed meeting" not in html


# Validation -----------------------------------------------------------------------------------


def test_a_participant_represents_a_state_or_an_organisation_never_both():
    participation = Participation(
        person=SpeakerFactory(),
        event=EventFactory(),
        state=MemberStateFactory(),
        organisation=OrganisationFactory(),
    )
    with pytest.raises(ValidationError) as error:
        participation.full_clean()
    assert "not both" in str(error.value.message_dict["organisation"])
    with pytest.raises(IntegrityError), transaction.atomic():
        participation.save()


def test_a_person_is_listed_once_per_event():
    first = participate(SpeakerFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        participate(first.person, first.event)


# The person's page ----------------------------------------------------------------------------


@pytest.fixture
def delegate():
    uzbekistan = MemberStateFactory(name="Uzbekistan", name_ru="Узбекистан", slug="uzbekistan")
    person = SpeakerFactory(
        name="Tanzila Narbaeva",
        position="Chairperson of the Senate",
        position_ru="Председатель Сената",
        state=uzbekistan,
        profile_url="https://senat.uz/en/chairperson",
    )
    senate = OrganisationFactory(name="Senate of the Oliy Majlis", slug="senate")
    event = EventFactory(title="Closing conference", title_ru="Итоговая конференция")
    participate(
        person,
        event,
        role=Participation.Role.HEAD_OF_DELEGATION,
        organisation=senate,
        position_at_time="Chairperson of the Senate",
        position_at_time_ru="Председатель Сената",
    )
    QuoteFactory(speaker=person, event=event, text="Our dialogue reached the world.")
    statement = JointStatementFactory(event=event, title="Closing statement")
    Signatory.objects.create(statement=statement, name=person.name, person=person)
    return person


@pytest.mark.parametrize(
    ("language", "role", "event_title", "state"),
    [
        ("en", "Head of delegation", "Closing conference", "Uzbekistan"),
        ("ru", "Глава делегации", "Итоговая конференция", "Узбекистан"),
    ],
)
def test_the_person_page_lists_what_they_attended_said_and_signed(
    client, delegate, language, role, event_title, state
):
    response = client.get(f"/{language}/speakers/{delegate.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    assert role in html
    assert event_title in html
    assert "Senate of the Oliy Majlis" in html
    assert reverse("organisations:organisation_detail", kwargs={"slug": "senate"}) in html
    assert "Our dialogue reached the world." in html
    assert "Closing statement" in html
    assert state in html


def test_the_person_page_describes_a_schema_org_person(client, delegate):
    data = json_ld(client.get(delegate.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == "Tanzila Narbaeva"
    assert data["jobTitle"] == "Chairperson of the Senate"
    assert data["url"] == f"http://testserver{delegate.get_absolute_url()}"
    assert data["sameAs"] == ["https://senat.uz/en/chairperson"]
    assert data["affiliation"]["name"].endswith("Uzbekistan")
    assert [body["name"] for body in data["memberOf"]] == ["Senate of the Oliy Majlis"]
    assert all(body["@type"] == "Organization" for body in data["memberOf"])


def test_each_list_on_the_person_page_shows_the_first_few_and_links_to_the_whole_list(client):
    person = SpeakerFactory()
    count = RECORDS_ON_PERSON_PAGE + 2
    for number in range(count):
        event = EventFactory(title=f"Forum number {number}")
        participate(person, event)
        QuoteFactory(speaker=person, event=event)
        statement = JointStatementFactory(event=event)
        Signatory.objects.create(statement=statement, name=person.name, person=person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.count('<figure class="quote">') == RECORDS_ON_PERSON_PAGE
    assert html.count("Forum number") == 3 * RECORDS_ON_PERSON_PAGE  # attended, said, signed
    events_link = f"{reverse('events:event_list')}?person={person.slug}"
    quotes_link = f"{reverse('statements:quote_list')}?speaker={person.slug}"
    statements_link = f"{reverse('statements:statement_list')}?person={person.slug}"
    for link in (events_link, quotes_link, statements_link):
        assert f'href="{link}"' in html

    events = client.get(events_link).content.decode()
    assert events.count('<li class="record">') == count
    quotes = client.get(quotes_link).content.decode()
    assert quotes.count('<figure class="quote">') == count
    statements = client.get(statements_link).content.decode()
    assert statements.count('<li class="record">') == count


def test_a_short_person_page_has_no_see_all_links(client, delegate):
    html = client.get(delegate.get_absolute_url()).content.decode()
    assert "?person=" not in html
    assert "?speaker=" not in html


@pytest.mark.parametrize("scale", [1, 4])
def test_the_person_page_costs_the_same_queries_however_much_they_did(
    client, django_assert_max_num_queries, scale
):
    person = SpeakerFactory(state=MemberStateFactory())
    for _number in range(scale * 5):
        event = EventFactory()
        participate(person, event, organisation=OrganisationFactory())
        QuoteFactory(speaker=person, event=event)
        statement = JointStatementFactory(event=event)
        Signatory.objects.create(statement=statement, name=person.name, person=person)
    with django_assert_max_num_queries(4):
        assert client.get(person.get_absolute_url()).status_code == 200


# The admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", password="x")
    client.force_login(user)
    return client


def event_form(event, **fields):
    """The event's change page as saved unchanged, with the given participants' rows."""
    return {
        "version": event.version,
        "title_en": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "status": event.status,
        "theme_en": "",
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "date_precision": event.date_precision,
        "city_en": event.city,
        "host_state": event.host_state_id,
        "publication_status": event.publication_status,
        "publish_at_0": "",
        "publish_at_1": "",
        **management_form("statements"),
        **management_form("quotes"),
        **management_form("documents"),
        **fields,
    }


def test_the_event_page_offers_participants_with_searches_for_people_states_and_organisations(
    admin,
):
    html = admin.get(change_url(EventFactory())).content.decode()
    assert 'id="participations-group"' in html
    for field in ("person", "state", "organisation"):
        assert f'name="participations-__prefix__-{field}"' in html
    assert 'id="add_id_participations-__prefix__-person"' in html  # "+": add a new person
    assert html.count("admin-autocomplete") >= 3


def test_staff_add_a_participant_on_the_event_page_and_read_it_back(admin):
    event = EventFactory()
    person = SpeakerFactory()
    state = MemberStateFactory()
    response = admin.post(
        change_url(event),
        event_form(
            event,
            **management_form("participations", total=1),
            **{
                "participations-0-person": person.pk,
                "participations-0-role": "delegate",
                "participations-0-order": "1",
                "participations-0-position_at_time_en": "Deputy Speaker",
                "participations-0-position_at_time_ru": "Заместитель Председателя",
                "participations-0-state": state.pk,
                "participations-0-organisation": "",
            },
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    participation = Participation.objects.get()
    assert (participation.person, participation.state, participation.role) == (
        person,
        state,
        "delegate",
    )
    assert participation.position_at_time_ru == "Заместитель Председателя"
    html = admin.get(change_url(event)).content.decode()
    assert 'value="Deputy Speaker"' in html


def test_the_event_page_refuses_a_participant_for_a_state_and_an_organisation_at_once(admin):
    event = EventFactory()
    response = admin.post(
        change_url(event),
        event_form(
            event,
            **management_form("participations", total=1),
            **{
                "participations-0-person": SpeakerFactory().pk,
                "participations-0-role": "delegate",
                "participations-0-order": "0",
                "participations-0-state": MemberStateFactory().pk,
                "participations-0-organisation": OrganisationFactory().pk,
            },
        ),
    )
    assert response.status_code == 200
    assert "represents a member state or a partner organisation, not both" in (
        response.content.decode()
    )
    assert not Participation.objects.exists()
