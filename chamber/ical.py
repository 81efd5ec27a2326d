"""The one iCalendar builder: every public calendar feed (sessions, exhibitions) is a list of events given to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime  # for an all-day event, the day after the last one (DTEND is exclusive)
    location: str = ""
    url: str = ""
    description: str = ""


def calendar_bytes(*, name: str, prodid: str, events: Iterable[CalendarEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    now = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("dtstamp", now)
        for key, value in (("location", item.location), ("url", item.url), ("description", item.description)):
            if value:
                event.add(key, value)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(
    *, name: str, prodid: str, events: Iterable[CalendarEvent], filename: str
) -> HttpResponse:
    response = HttpResponse(
        calendar_bytes(name=name, prodid=prodid, events=events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
