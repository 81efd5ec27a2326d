"""The public side: the decisions register of held sessions, approved minutes, the iCal feed, the home section."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import Session
from tests.meetings.factories import AgendaItemFactory, SessionFactory, assembly, held_session


@pytest.fixture
def approved(profile, manager, django_capture_on_commit_callbacks, fast_pdf):
    session = held_session(assembly(4))
    services.decision_record(item=AgendaItemFactory(session=session, title_ar="برنامج العمل"), votes_for=4)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(session=session, by=manager)
    return Session.objects.get(pk=session.pk)


@pytest.mark.django_db
def test_held_sessions_are_listed_with_their_decisions(client, approved, queries):
    with queries.at_most(8):
        response = client.get(reverse("meetings:session_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "صادقت الجمعية العامة بالإجماع على برنامج العمل" in page
    assert reverse("meetings:minutes_download", args=[approved.pk]) in page


@pytest.mark.django_db
def test_approved_minutes_download_unless_the_profile_forbids_it(client, approved, profile):
    response = client.get(reverse("meetings:minutes_download", args=[approved.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == approved.minutes_pdf.open("rb").read()
    profile.publish_approved_minutes = False
    profile.save()
    assert client.get(reverse("meetings:minutes_download", args=[approved.pk])).status_code == 404


@pytest.mark.django_db
def test_draft_minutes_are_not_downloadable(client, profile):
    session = held_session(assembly(4))
    assert client.get(reverse("meetings:minutes_download", args=[session.pk])).status_code == 404


@pytest.mark.django_db
def test_the_ical_feed_lists_upcoming_sessions(client, profile):
    SessionFactory(label_ar="دورة أكتوبر المقبلة", starts_at=timezone.now() + dt.timedelta(days=30))
    SessionFactory(label_ar="دورة ماضية", starts_at=timezone.now() - dt.timedelta(days=30))
    response = client.get(reverse("meetings:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["دورة أكتوبر المقبلة"]
    assert str(events[0]["LOCATION"]) == "مقر الغرفة بفاس"


@pytest.mark.django_db
def test_the_home_page_shows_the_latest_decisions_and_the_nav_link(client, approved):
    page = client.get(reverse("portal:home")).content.decode()
    assert "صادقت الجمعية العامة بالإجماع على برنامج العمل" in page
    assert reverse("meetings:session_list") in page
