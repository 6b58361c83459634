"""The staff forms: errors beside the field they are about, a handover's date precision,
the site's admin title on the lockout page, and wide title inputs."""

from datetime import date

import pytest
from django.urls import reverse

from chairmanships.models import Chairmanship, Handover
from dialogue.records.models import DatePrecision
from events.models import Event
from tests.factories import ChairmanshipFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


def management_form(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**fields):
    return {
        "title_en": "Combating Gender-Based Violence in the Region",
        "slug": "combating-gbv",
        "kind": "conference",
        "status": "held",
        "starts_on": "2024-05-21",
        "ends_on": "2024-05-20",
        "date_precision": "day",
        **management_form("statements"),
        **management_form("quotes"),
        **management_form("participations"),
        **management_form("documents"),
        **fields,
    }


def test_an_event_ending_before_it_starts_is_refused_beside_the_end_date(admin_client):
    response = admin_client.post(reverse("admin:events_event_add"), event_form())
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["ends_on"] == ["An event cannot end before it starts."]
    assert not form.non_field_errors()
    assert not Event.objects.exists()


def test_the_model_reports_the_end_date_too_not_only_the_admin():
    state = MemberStateFactory()
    chairmanship = Chairmanship(
        state=state, starts_on=date(2024, 5, 2), ends_on=date(2024, 5, 1), slug="x-2024"
    )
    with pytest.raises(Exception) as refused:
        chairmanship.full_clean()
    assert "A chairmanship cannot end before it starts." in refused.value.message_dict["ends_on"]


@pytest.fixture
def current_chair():
    return ChairmanshipFactory(
        state=MemberStateFactory(name="Kazakhstan"), starts_on=date(2023, 1, 1), ends_on=None
    )


def handover_url(chairmanship):
    return reverse("admin:chairmanships_chairmanship_handover", args=[chairmanship.pk])


def test_the_handover_form_asks_for_the_precision_of_the_date(admin_client, current_chair):
    page = admin_client.get(handover_url(current_chair)).content.decode()
    assert 'name="date_precision"' in page and "Month only" in page
    kyrgyzstan = MemberStateFactory(name="Kyrgyzstan")
    data = {"to_state": kyrgyzstan.pk, "on": "2024-01-01", "date_precision": "month"}
    confirmation = admin_client.post(handover_url(current_chair), data)
    assert "January 2024" in confirmation.content.decode()
    admin_client.post(handover_url(current_chair), {**data, "confirm": "yes"})
    handover = Handover.objects.get()
    assert handover.incoming.date_precision == DatePrecision.MONTH


def test_every_admin_page_loads_the_staff_form_styles(admin_client):
    html = admin_client.get(reverse("admin:events_event_add")).content.decode()
    assert "/static/admin-extra/forms.css" in html
    assert "/static/admin-extra/date-fields.js" in html
