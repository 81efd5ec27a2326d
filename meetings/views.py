"""Public pages of the assembly: the decisions register of held sessions, approved minutes, and an iCal feed."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from chamber.ical import CalendarEvent, calendar_response
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
    host = request.get_host()
    events = (
        CalendarEvent(
            uid=f"session-{session.pk}@{host}",
            summary=session.label,
            start=session.starts_at,
            end=session.starts_at + dt.timedelta(hours=4),
            location=session.venue,
        )
        for session in upcoming_sessions()
    )
    return calendar_response(
        name=f"{profile.name} — {Session._meta.verbose_name_plural}",
        prodid="-//chamber portal//sessions//AR",
        events=events,
        filename="sessions.ics",
    )
