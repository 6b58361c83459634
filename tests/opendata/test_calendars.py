"""iCalendar downloads: calendar apps read them, with all-day dates, statuses and stable UIDs."""

from datetime import date

import icalendar
import pytest

from tests.factories_opendata import build_record


@pytest.fixture
def record(db):
    return build_record()


def read_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def events_by_url(calendar):
    return {str(event["URL"]).removeprefix("http://testserver"): event for event in calendar.events}


def test_the_events_calendar_has_every_event_with_its_name(client, record):
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    assert str(calendar["X-WR-CALNAME"]).endswith(": events")
    assert set(events_by_url(calendar)) == {
        record.conference.get_absolute_url(),
        record.forum.get_absolute_url(),
        record.meeting.get_absolute_url(),
    }


def test_all_day_dates_round_trip_with_an_exclusive_end(client, record):
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    events = events_by_url(calendar)

    conference = events[record.conference.get_absolute_url()]
    assert conference["DTSTART"].params["VALUE"] == "DATE"
    assert conference.decoded("DTSTART") == date(2023, 11, 30)
    assert conference.decoded("DTEND") == date(2023, 12, 2)  # the day after 1 December

    forum = events[record.forum.get_absolute_url()]  # one day, no end date recorded
    assert (forum.decoded("DTSTART"), forum.decoded("DTEND")) == (
        date(2024, 3, 5),
        date(2024, 3, 6),
    )


def test_an_event_known_only_to_the_month_spans_the_month_as_free_time(client, record):
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    meeting = events_by_url(calendar)[record.meeting.get_absolute_url()]
    assert (meeting.decoded("DTSTART"), meeting.decoded("DTEND")) == (
        date(2024, 5, 1),
        date(2024, 6, 1),
    )
    assert meeting["TRANSP"] == "TRANSPARENT"
    assert "Dates known to" in meeting["DESCRIPTION"]


def test_statuses_map_to_icalendar(client, record):
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    events = events_by_url(calendar)
    assert events[record.conference.get_absolute_url()]["STATUS"] == "CONFIRMED"  # held
    assert events[record.forum.get_absolute_url()]["STATUS"] == "CANCELLED"
    assert events[record.meeting.get_absolute_url()]["STATUS"] == "TENTATIVE"


def test_an_event_carries_summary_place_description_and_a_uid_that_survives_renaming(
    client, record
):
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    conference = events_by_url(calendar)[record.conference.get_absolute_url()]
    assert conference["SUMMARY"] == record.conference.title
    assert conference["LOCATION"] == "Palace of Independence, Astana, Kazakhstan"
    assert record.conference.theme in conference["DESCRIPTION"]
    uid = str(conference["UID"])
    assert uid == f"event-{record.conference.pk}@testserver"

    record.conference.title = "Renamed"
    record.conference.slug = "renamed"
    record.conference.save()
    _, calendar = read_calendar(client, "/en/calendar/events.ics")
    assert str(events_by_url(calendar)["/en/events/renamed/"]["UID"]) == uid


def test_cyrillic_survives_the_round_trip(client, record):
    _, calendar = read_calendar(client, f"/en/calendar/events/{record.forum.slug}.ics")
    (forum,) = calendar.events
    assert forum["SUMMARY"] == "Цифровой форум женщин"
    assert forum["LOCATION"] == "Бишкек, Kyrgyzstan"


def test_one_event_downloads_as_its_own_calendar(client, record):
    response, calendar = read_calendar(client, f"/en/calendar/events/{record.conference.slug}.ics")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{record.conference.slug}.ics"'
    )
    assert [str(event["SUMMARY"]) for event in calendar.events] == [record.conference.title]


def test_a_state_calendar_has_the_events_it_hosted_or_attended(client, record):
    _, calendar = read_calendar(client, f"/en/calendar/states/{record.kazakhstan.slug}.ics")
    assert set(events_by_url(calendar)) == {
        record.conference.get_absolute_url(),  # hosted, and attended too: listed once
        record.forum.get_absolute_url(),  # attended
    }
    assert "Kazakhstan" in str(calendar["X-WR-CALNAME"])


@pytest.mark.parametrize(
    "url", ["/en/calendar/states/atlantis.ics", "/en/calendar/events/no-such-event.ics"]
)
def test_a_calendar_for_an_unknown_slug_is_not_found(client, record, url):
    assert client.get(url).status_code == 404


def test_a_long_record_gives_a_calendar_of_its_latest_events_in_date_order(client, db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from events import calendars
    from tests.factories import EventFactory, MemberStateFactory

    monkeypatch.setattr(calendars, "CALENDAR_EVENTS", 3)
    state = MemberStateFactory(slug="kazakhstan")
    today = timezone.localdate()
    days = [date(2001, 5, 1), date(2010, 5, 1), date(2020, 5, 1), today + timedelta(days=40)]
    events = [EventFactory(starts_on=day, ends_on=day, host_state=state) for day in days]
    for url in ("/en/calendar/events.ics", "/en/calendar/states/kazakhstan.ics"):
        _, calendar = read_calendar(client, url)
        shown = [str(event["URL"]).removeprefix("http://testserver") for event in calendar.events]
        # The three latest, the upcoming one among them, oldest first; 2001 is left out.
        assert shown == [event.get_absolute_url() for event in events[1:]], url
