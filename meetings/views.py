"""Public pages of the assembly: the decisions register of held sessions, approved minutes, and an iCal feed."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from icalendar import Calendar, Event

from chamber.selectors import chamber_profile
from meetings.models import Session
from meetings.selectors import posting_deadline, published_sessions, upcoming_sessions


def session_list(request):
    sessions = list(published_sessions())
    for session in sessions:
        session.posting_deadline = posting_deadline(session)
    return render(
        request,
        "meetings/portal/session_list.html",
        {"sessions": sessions, "minutes_public": chamber_profile().publish_approved_minutes},
    )


def minutes_download(request, pk: int):
    if not chamber_profile().publish_approved_minutes:
        raise Http404
    session = get_object_or_404(Session, pk=pk, status=Session.Status.MINUTES_APPROVED)
    if not session.minutes_pdf:
        raise Http404
    try:
        handle = session.minutes_pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type="application/pdf", filename=f"minutes-{session.pk}.pdf")


def calendar_feed(request):
    profile = chamber_profile()
    calendar = Calendar()
    calendar.add("prodid", "-//chamber portal//sessions//AR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{profile.name} — {Session._meta.verbose_name_plural}")
    host = request.get_host()
    for session in upcoming_sessions():
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("summary", session.label)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + dt.timedelta(hours=4))
        event.add("dtstamp", timezone.now())
        event.add("location", session.venue)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    return response
