"""Session moves: the convocation notice with its Management override, quorum at opening, second convening."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Attendance, Session
from tests.meetings.factories import SessionFactory, assembly, held_session


@pytest.mark.django_db
def test_an_ordinary_session_cannot_be_convened_on_short_notice(profile, secretary):
    session = SessionFactory()
    with pytest.raises(ValidationError) as exc:
        services.session_convene(session=session, by=secretary, today=dt.date(2024, 6, 12))
    assert "only 7 full days" in str(exc.value) and "at least 8" in str(exc.value)
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


@pytest.mark.django_db
def test_eight_full_days_are_enough(profile, secretary):
    session = services.session_convene(session=SessionFactory(), by=secretary, today=dt.date(2024, 6, 11))
    assert session.status == Session.Status.CONVENED
    assert session.notice_override_by is None


@pytest.mark.django_db
def test_a_secretary_cannot_override_the_notice(profile, secretary):
    with pytest.raises(ValidationError, match="Only Management"):
        services.session_convene(
            session=SessionFactory(), by=secretary, override_reason="urgent", today=dt.date(2024, 6, 18)
        )


@pytest.mark.django_db
def test_management_override_is_recorded(profile, manager):
    session = services.session_convene(
        session=SessionFactory(), by=manager, override_reason="ministry deadline", today=dt.date(2024, 6, 18)
    )
    assert session.status == Session.Status.CONVENED
    assert session.notice_override_by == manager
    assert session.notice_override_reason == "ministry deadline"


@pytest.mark.django_db
def test_without_quorum_the_session_is_postponed_and_a_second_convening_copies_the_agenda(profile):
    members = assembly(9)
    session = SessionFactory(chair=members[0])
    services.agenda_item_add(session=session, title="التقرير الأدبي", kind="report")
    services.session_convene(session=session, by=None, today=dt.date(2024, 6, 1))
    session.refresh_from_db()
    for member in members[:4]:
        services.attendance_record(session=session, member=member, status=Attendance.Status.PRESENT)
    session = services.session_open(session=session)
    assert (session.status, session.present_count, session.sitting_count) == ("postponed", 4, 9)

    with pytest.raises(ValidationError, match="at least 3 days"):
        services.session_second_convening_create(
            session=session, starts_at=session.starts_at + dt.timedelta(days=2)
        )
    second = services.session_second_convening_create(
        session=session, starts_at=session.starts_at + dt.timedelta(days=3)
    )
    assert second.convening == Session.Convening.SECOND and second.first_convening == session
    assert [item.title for item in second.items.all()] == ["التقرير الأدبي"]


@pytest.mark.django_db
def test_a_second_convening_is_valid_with_few_members_unless_the_profile_says_otherwise(profile):
    members = assembly(9)
    first = held_session(members, present=3)
    assert first.status == Session.Status.POSTPONED
    second = services.session_second_convening_create(
        session=first, starts_at=first.starts_at + dt.timedelta(days=5)
    )
    services.session_convene(session=second, by=None, today=dt.date(2024, 6, 1))
    second.refresh_from_db()
    services.attendance_record(session=second, member=members[0], status=Attendance.Status.PRESENT)
    assert services.session_open(session=second).status == Session.Status.HELD


@pytest.mark.django_db
def test_an_extraordinary_session_requested_by_members_needs_two_thirds(profile):
    assembly(9)
    session = SessionFactory.build(kind="extraordinary", requested_by="members", requesting_members=5)
    with pytest.raises(ValidationError, match="two thirds"):
        services.session_validate(session=session)
    session.requesting_members = 6
    services.session_validate(session=session)


@pytest.mark.django_db
def test_an_ordinary_session_in_july_gets_a_warning():
    session = SessionFactory.build(starts_at=dt.datetime(2024, 7, 4, 10, tzinfo=dt.UTC))
    assert services.session_warnings(session=session)
    assert not services.session_warnings(session=SessionFactory.build())


@pytest.mark.django_db
def test_a_wrong_move_is_refused_with_the_status(profile):
    session = SessionFactory()
    with pytest.raises(ValidationError, match="Planned"):
        services.session_open(session=session)
