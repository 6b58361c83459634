"""Events as iCalendar (RFC 5545), for calendar apps to subscribe to or import.

- /calendar/events.ics: the latest public events (`CALENDAR_EVENTS`, upcoming ones first
  among them);
- /calendar/states/<slug>.ics: the latest events a member state hosted or took part in;
- /calendar/events/<slug>.ics: one event, to add to a calendar.

Events are all-day: DTSTART and DTEND are dates, and DTEND is the day after the last day
(RFC 5545 makes it exclusive). Where the source gives only the month or the year, the
event spans that whole month or year, shows as free time, and its description says so.
Each event's UID is built from its number, so it stays the same if the title or address
is changed. Status: cancelled is CANCELLED, tentative is TENTATIVE, confirmed and held are
CONFIRMED.
"""

from datetime import date, timedelta
from urllib.parse import urlsplit

import icalendar
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from chairmanships.models import MemberState
from dialogue.records.i18n import dialogue_name
from dialogue.records.models import DatePrecision

from .feeds import event_place
from .models import Event

ICAL_STATUS = {
    Event.Status.TENTATIVE: "TENTATIVE",
    Event.Status.CONFIRMED: "CONFIRMED",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}
PRODID = "-//Dialogue records//Open data//EN"


def _host(request):
    return urlsplit(f"//{request.get_host()}").hostname or "localhost"


def event_uid(event, request):
    return f"event-{event.pk}@{_host(request)}"


def _next_month(day):
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def all_day_span(event):
    """(first day, day after the last) as the source's precision allows."""
    last = event.last_day
    if event.date_precision == DatePrecision.YEAR:
        return date(event.starts_on.year, 1, 1), date(last.year + 1, 1, 1)
    if event.date_precision == DatePrecision.MONTH:
        return event.starts_on.replace(day=1), _next_month(last)
    return event.starts_on, last + timedelta(days=1)


def event_description(event, url):
    lines = []
    if event.date_precision != DatePrecision.DAY:
        lines.append(_("Dates known to: %(precision)s.") % {"precision": event.dates})
    lines += [event.theme, event.summary, url]
    return "\n\n".join(line for line in lines if line)


def event_component(event, request, stamp):
    url = request.build_absolute_uri(event.get_absolute_url())
    start, end = all_day_span(event)
    component = icalendar.Event.new(
        uid=event_uid(event, request),
        summary=event.title,
        description=event_description(event, url),
        start=start,
        end=end,
        stamp=stamp,
        status=ICAL_STATUS.get(event.status, "CONFIRMED"),
        location=event_place(event) or None,
        url=url,
        categories=[event.get_kind_display()],
        transparency="OPAQUE" if event.date_precision == DatePrecision.DAY else "TRANSPARENT",
    )
    return component


# A subscribed calendar holds the latest events (every upcoming one among them): a
# calendar app re-reads it often and keeps all of it, so it is bounded however long the
# record grows. The whole record of events is in the open data (events.csv, the zip).
CALENDAR_EVENTS = 200


def latest(events):
    """The `CALENDAR_EVENTS` latest of `events` (newest dates), in date order."""
    newest = list(events.order_by("-starts_on", "-pk")[:CALENDAR_EVENTS])
    return newest[::-1]


def calendar_response(request, events, name, filename, attachment=False):
    stamp = timezone.now().replace(microsecond=0)
    calendar = icalendar.Calendar.new(
        name=name,
        prodid=PRODID,
        uid=f"{filename}@{_host(request)}",
        url=request.build_absolute_uri(),
    )
    for event in events:
        calendar.add_component(event_component(event, request, stamp))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def events():
    return Event.objects.public_listing().order_by("starts_on", "title", "pk")


def all_events(request):
    """/calendar/events.ics"""
    name = _("%(dialogue)s: events") % {"dialogue": dialogue_name()}
    return calendar_response(request, latest(events()), name, "events.ics")


def state_events(request, slug):
    """/calendar/states/<slug>.ics"""
    state = get_object_or_404(MemberState, slug=slug)
    name = _("%(dialogue)s: events of %(state)s") % {
        "dialogue": dialogue_name(),
        "state": state.name,
    }
    return calendar_response(
        request, latest(events().taking_part(state)), name, f"{state.slug}.ics"
    )


def event_calendar(request, slug):
    """/calendar/events/<slug>.ics"""
    event = get_object_or_404(events(), slug=slug)
    return calendar_response(request, [event], event.title, f"{event.slug}.ics", attachment=True)
