"""The session desk: one admin screen for the session's steps, the attendance grid and the guests, every write
through meetings.services."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Attendance, FrozenEditAttempt, Guest, Member, Session
from tests.meetings.factories import MemberFactory, SessionFactory, assembly, held_session


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """The desk's messages are asserted in English (the msgids): this client chose English in the switcher."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def convened_session(**fields) -> Session:
    session = SessionFactory(**fields)
    services.session_convene(
        session=session, by=None, today=(session.starts_at - dt.timedelta(days=20)).date()
    )
    session.refresh_from_db()
    return session


def desk_url(session) -> str:
    return reverse("admin:meetings_session_desk", args=[session.pk])


def checked_status(page: str, member) -> str:
    """The status whose radio button is checked on the member's row."""
    for status in ("present", "excused", "unexcused"):
        tag = page.split(f'id="status-{member.pk}-{status}"')[1].split(">")[0]
        if "checked" in tag:
            return status
    return ""


def grid_post(members, *, status="present", exceptions=None) -> dict:
    data = {"form": "attendance"}
    for member in members:
        data[f"status-{member.pk}"] = status
    for member, (value, reason) in (exceptions or {}).items():
        data[f"status-{member.pk}"] = value
        data[f"reason-{member.pk}"] = reason
    return data


@pytest.mark.django_db
def test_it_is_reached_from_the_session_list_and_the_session_form(client, secretary, profile):
    session = SessionFactory()
    client.force_login(secretary)
    listing = client.get(reverse("admin:meetings_session_changelist")).content.decode()
    form = client.get(reverse("admin:meetings_session_change", args=[session.pk])).content.decode()
    assert desk_url(session) in listing
    assert desk_url(session) in form
    assert client.get(desk_url(session)).status_code == 200


@pytest.mark.django_db
def test_it_lists_every_sitting_member_in_protocol_order_prefilled_as_absent(client, secretary, profile):
    members = assembly(6)
    MemberFactory(name_ar="عضو مستقيل", status=Member.Status.RESIGNED)
    session = convened_session()
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    positions = [page.index(f'id="member-{m.pk}"') for m in members]
    assert positions == sorted(positions)
    assert "عضو مستقيل" not in page
    assert [checked_status(page, m) for m in members] == ["unexcused"] * 6


@pytest.mark.django_db
def test_it_shows_the_last_recorded_state(client, secretary, profile):
    members = assembly(4)
    session = convened_session()
    services.attendance_record(session=session, member=members[1], status="excused", reason="مرض")
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert 'value="مرض"' in page
    assert checked_status(page, members[1]) == "excused"


@pytest.mark.django_db
def test_it_saves_the_whole_grid_in_one_post(client, secretary, profile):
    members = assembly(9)
    session = convened_session()
    client.force_login(secretary)
    data = grid_post(
        members,
        exceptions={
            members[4]: ("excused", "سفر"),
            members[5]: ("excused", "مرض"),
            members[6]: ("unexcused", ""),
        },
    )
    response = client.post(desk_url(session), data, follow=True)
    assert response.status_code == 200
    statuses = dict(Attendance.objects.filter(session=session).values_list("member_id", "status"))
    assert list(statuses.values()).count("present") == 6
    assert statuses[members[4].pk] == "excused" and statuses[members[6].pk] == "unexcused"
    assert Attendance.objects.get(session=session, member=members[5]).reason == "مرض"
    assert "6 present, 2 excused, 1 absent without excuse" in response.content.decode()


@pytest.mark.django_db
def test_an_excused_absence_without_reason_writes_nothing_and_keeps_the_input(client, secretary, profile):
    members = assembly(5)
    session = convened_session()
    client.force_login(secretary)
    data = grid_post(members, exceptions={members[3]: ("excused", "  ")})
    response = client.post(desk_url(session), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Give the reason for the excused absence of {members[3]}" in page
    assert not Attendance.objects.filter(session=session).exists()
    assert checked_status(page, members[0]) == "present"
    assert checked_status(page, members[3]) == "excused"


@pytest.mark.django_db
def test_a_status_outside_the_list_is_refused_naming_the_member(client, secretary, profile):
    members = assembly(4)
    session = convened_session()
    client.force_login(secretary)
    data = grid_post(members, exceptions={members[2]: ("late", "")})
    page = client.post(desk_url(session), data).content.decode()
    assert f"{members[2]}: “late” is not an attendance status." in page
    assert not Attendance.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_management_reads_the_desk_but_cannot_post_attendance(client, manager, profile):
    members = assembly(4)
    session = convened_session()
    client.force_login(manager)
    assert client.get(desk_url(session)).status_code == 200
    assert client.post(desk_url(session), grid_post(members)).status_code == 403
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_planned_session_shows_why_attendance_is_not_open_yet(client, secretary, profile):
    assembly(4)
    session = SessionFactory()
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert "Convene the session first." in page
    assert 'id="save-attendance"' not in page


@pytest.mark.django_db
def test_the_quorum_is_shown_with_the_number_needed(client, secretary, profile):
    members = assembly(45)
    session = convened_session()
    services.attendance_record_many(
        session=session, entries=[services.AttendanceEntry(member=m, status="present") for m in members[:22]]
    )
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert 'data-needed="23"' in page
    assert '<output id="present-count">22</output> / 45' in page
    assert "quorum not met" in page


def test_the_quorum_threshold_is_an_absolute_majority_by_default(db, profile):
    assert services.quorum_threshold(sitting=45, second_convening=False) == 23
    assert services.quorum_threshold(sitting=44, second_convening=False) == 23


@pytest.mark.django_db
def test_the_grid_service_is_all_or_nothing_and_saves_only_changes(profile):
    members = assembly(4)
    session = convened_session()
    entries = [services.AttendanceEntry(member=m, status="present") for m in members]
    assert services.attendance_record_many(session=session, entries=entries).changed == 4
    assert services.attendance_record_many(session=session, entries=entries).changed == 0
    wrong = [*entries[:3], services.AttendanceEntry(member=members[3], status="excused")]
    with pytest.raises(services.ValidationError):
        services.attendance_record_many(session=session, entries=wrong)
    assert Attendance.objects.get(session=session, member=members[3]).status == "present"


@pytest.mark.django_db
def test_the_grid_service_refuses_approved_minutes(profile, fast_pdf):
    members = assembly(4)
    session = held_session(members)
    services.minutes_freeze(session=session)
    with pytest.raises(services.ValidationError):
        services.attendance_record_many(
            session=session, entries=[services.AttendanceEntry(member=members[0], status="unexcused")]
        )
    assert FrozenEditAttempt.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_a_guest_is_added_from_the_desk(client, secretary, profile):
    session = convened_session()
    client.force_login(secretary)
    client.post(
        desk_url(session), {"form": "guest", "guest_title": "ممثل السيد الوالي", "guest_kind": "official"}
    )
    assert Guest.objects.get(session=session).title == "ممثل السيد الوالي"
    page = client.post(desk_url(session), {"form": "guest", "guest_title": ""}, follow=True).content.decode()
    assert "Give the guest&#x27;s title" in page
    assert Guest.objects.filter(session=session).count() == 1


@pytest.mark.django_db
def test_the_step_buttons_bring_the_secretary_back_to_the_desk(client, secretary, profile):
    assembly(4)
    session = convened_session()
    client.force_login(secretary)
    response = client.post(reverse("admin:meetings_session_act", args=[session.pk, "open"]), {"from": "desk"})
    assert response.status_code == 302 and response["Location"] == desk_url(session)


@pytest.mark.django_db
def test_the_desk_does_not_grow_in_queries_with_members(client, secretary, profile, queries):
    assembly(5)
    session = convened_session()
    client.force_login(secretary)
    client.get(desk_url(session))
    with queries.at_most(30) as first:
        assert client.get(desk_url(session)).status_code == 200
    MemberFactory.create_batch(20)
    with queries.exactly(len(first.captured_queries)):
        assert client.get(desk_url(session)).status_code == 200
