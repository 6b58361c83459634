"""The Russian admin has no English left from the libraries (Django 6.1's strings that its
own Russian catalogue lacks are translated in the project's)."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def test_a_select_offers_its_empty_choice_in_russian(admin_client):
    html = admin_client.get(reverse("admin:events_event_add"), **RUSSIAN).content.decode()
    assert "— Выберите значение —" in html
    assert "Select an option" not in html


def test_the_date_drill_down_is_labelled_in_russian(admin_client):
    EventFactory()
    html = admin_client.get(reverse("admin:events_event_changelist"), **RUSSIAN).content.decode()
    assert "Фильтр по полю" in html
    assert "Filter by" not in html


def test_the_calendar_and_time_zone_note_scripts_speak_russian(admin_client):
    script = admin_client.get(reverse("admin:jsi18n"), **RUSSIAN).content.decode()
    assert "\\u0421\\u0435\\u0433\\u043e\\u0434\\u043d\\u044f" in script or "Сегодня" in script
    assert "Today (%(date)s)" in script  # the message id, mapped to its Russian text
    assert "Enter times in the %(timezone)s timezone" in script
