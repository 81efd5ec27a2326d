"""Approved minutes are frozen: attendance, votes, decisions and texts cannot change, whoever asks; attempts are
refused and recorded."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, Decision, FrozenEditAttempt, Session
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


@pytest.fixture
def approved(profile, manager, django_capture_on_commit_callbacks, fast_pdf):
    members = assembly(9)
    session = held_session(members)
    item = AgendaItemFactory(session=session, title_ar="برنامج العمل")
    services.decision_record(item=item, votes_for=9)
    services.minutes_draft(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(session=session, by=manager)
    session.refresh_from_db()
    return session


@pytest.mark.django_db
def test_only_management_approves_minutes_outside_a_vote(profile, secretary):
    session = held_session(assembly(9))
    with pytest.raises(ValidationError, match="Only Management"):
        services.minutes_approve(session=session, by=secretary)


@pytest.mark.django_db
def test_editing_a_decision_of_approved_minutes_is_refused_and_recorded(approved):
    decision = Decision.objects.get(session=approved)
    with pytest.raises(ValidationError, match="approved"):
        services.decision_record(item=decision.item, votes_for=5, votes_against=4)
    decision.refresh_from_db()
    assert decision.votes_for == 9
    assert FrozenEditAttempt.objects.filter(session=approved, via="service").count() == 1


@pytest.mark.django_db
def test_saving_a_frozen_fact_directly_is_refused_too(approved):
    """A shell script saves models directly: the database refuses, and frozen_refusals gives its message."""
    attendance = Attendance.objects.filter(session=approved).first()
    attendance.status = Attendance.Status.UNEXCUSED
    with pytest.raises(DatabaseError), transaction.atomic():
        attendance.save()
    with pytest.raises(ValidationError), services.frozen_refusals(via="shell"):
        Decision.objects.get(session=approved).delete()
    assert FrozenEditAttempt.objects.filter(session=approved, via="shell").count() == 1
    assert Attendance.objects.get(pk=attendance.pk).status == Attendance.Status.PRESENT


@pytest.mark.django_db
def test_attendance_and_agenda_services_refuse(approved):
    member = Attendance.objects.filter(session=approved).first().member
    with pytest.raises(ValidationError):
        services.attendance_record(session=approved, member=member, status=Attendance.Status.UNEXCUSED)
    with pytest.raises(ValidationError):
        services.agenda_item_update(item=approved.items.first(), summary="<p>نص جديد</p>")


@pytest.mark.django_db
def test_the_admin_shows_approved_facts_read_only_and_refuses_a_posted_change(approved, client, secretary):
    client.force_login(secretary)
    decision = Decision.objects.get(session=approved)
    url = reverse("admin:meetings_decision_change", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="votes_for"' not in page.content.decode()
    response = client.post(
        url, {"item": decision.item_id, "votes_for": 1, "votes_against": 8, "abstentions": 0}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.votes_for == 9
    assert FrozenEditAttempt.objects.filter(session=approved, via="admin", by=secretary).exists()

    session_url = reverse("admin:meetings_session_change", args=[approved.pk])
    client.post(session_url, {"label_ar": "تغيير"})
    assert Session.objects.get(pk=approved.pk).label_ar == approved.label_ar


@pytest.mark.django_db
def test_the_final_pdf_has_no_draft_mark_and_its_hash_is_shown_in_the_admin(approved, client, secretary):
    stored = approved.minutes_pdf.read()
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_change", args=[approved.pk])).content.decode()
    assert approved.minutes_sha256 in page
    final = client.get(reverse("admin:meetings_session_final", args=[approved.pk]))
    assert b"".join(final.streaming_content) == stored


@pytest.mark.django_db
def test_a_stored_minutes_file_gone_missing_is_a_message_not_a_server_error(approved, client, secretary):
    approved.minutes_pdf.storage.delete(approved.minutes_pdf.name)
    client.force_login(secretary)
    response = client.get(reverse("admin:meetings_session_final", args=[approved.pk]), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])


@pytest.mark.django_db
def test_the_final_pdf_has_no_draft_mark(profile, manager, django_capture_on_commit_callbacks):
    from tests.conftest import require_tool
    from tests.pdftools import compact, pdf_text

    require_tool("pdftotext")
    session = held_session(assembly(4))
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(session=session, by=manager)
    session.refresh_from_db()
    text = compact(pdf_text(session.minutes_pdf.read(), raw=True))
    assert "مسودة" not in text and "مسودة"[::-1] not in text
    assert hashlib.sha256(session.minutes_pdf.open("rb").read()).hexdigest() == session.minutes_sha256


@pytest.mark.django_db
def test_an_attendance_import_into_approved_minutes_is_refused(approved):
    import tablib

    from meetings.resources import AttendanceResource

    attendance = Attendance.objects.filter(session=approved).first()
    dataset = tablib.Dataset(headers=["session", "member", "status", "reason"])
    dataset.append([approved.pk, attendance.member_id, "unexcused", ""])
    result = AttendanceResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_errors() or result.has_validation_errors()
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.PRESENT


@pytest.mark.django_db
def test_the_session_details_of_approved_minutes_cannot_be_saved(approved):
    approved.venue_ar = "مكان آخر"
    with pytest.raises(ValidationError):
        services.session_update(session=approved, venue_ar="مكان آخر")
    with pytest.raises(ValidationError), services.frozen_refusals(via="save"):
        approved.save()
    assert Session.objects.get(pk=approved.pk).venue_ar == "مقر الغرفة بفاس"
    assert FrozenEditAttempt.objects.filter(session=approved, via="save").exists()
