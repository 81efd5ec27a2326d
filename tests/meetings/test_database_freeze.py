"""PostgreSQL itself refuses to change approved minutes: their facts (attendance, guests, agenda texts, votes,
decisions, recommendations but their follow-up status), the session's frozen details and the stored final minutes,
whatever the path: QuerySet.update(), bulk_update, delete, raw SQL. A refusal that reaches a service becomes the
clerk's usual message, and is recorded."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import translation

from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    FrozenEditAttempt,
    Guest,
    Recommendation,
    Session,
)
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


def _approve(session, manager, capture):
    services.minutes_draft(session=session)
    with capture(execute=True):
        services.minutes_approve(session=session, by=manager)
    session.refresh_from_db()
    return session


@pytest.fixture
def approved(profile, manager, django_capture_on_commit_callbacks, fast_pdf):
    session = held_session(assembly(9))
    services.guest_add(session=session, title="ممثل السيد الوالي")
    item = AgendaItemFactory(session=session, title_ar="برنامج العمل", summary_ar="<p>نقاش</p>")
    services.decision_record(item=item, votes_for=9)
    return _approve(session, manager, django_capture_on_commit_callbacks)


def _refused(write) -> None:
    """The write fails in the database with the freeze's mark; the test's transaction goes on (a savepoint)."""
    with pytest.raises(DatabaseError, match=r"meetings\.frozen"), transaction.atomic():
        write()


def test_update_on_a_decision_of_approved_minutes_is_refused_by_the_database(approved):
    _refused(lambda: Decision.objects.filter(session=approved).update(votes_for=5, votes_against=4))
    assert Decision.objects.get(session=approved).votes_for == 9


def test_raw_sql_on_a_decision_of_approved_minutes_is_refused(approved):
    decision = Decision.objects.get(session=approved)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE meetings_decision SET outcome = 'rejected' WHERE id = %s", [decision.pk])

    _refused(raw)
    assert Decision.objects.get(pk=decision.pk).outcome == Decision.Outcome.ADOPTED


def test_bulk_update_of_attendance_and_agenda_texts_is_refused(approved):
    rows = list(Attendance.objects.filter(session=approved))
    for row in rows:
        row.status = Attendance.Status.UNEXCUSED
    _refused(lambda: Attendance.objects.bulk_update(rows, ["status"]))
    items = list(AgendaItem.objects.filter(session=approved))
    for item in items:
        item.summary_ar = "<p>نص آخر</p>"
    _refused(lambda: AgendaItem.objects.bulk_update(items, ["summary_ar"]))
    assert not Attendance.objects.filter(session=approved, status=Attendance.Status.UNEXCUSED).exists()
    assert AgendaItem.objects.get(session=approved).summary_ar == "<p>نقاش</p>"


def test_deleting_or_adding_facts_of_approved_minutes_is_refused(approved):
    _refused(lambda: Guest.objects.filter(session=approved).delete())
    _refused(lambda: Decision.objects.filter(session=approved).delete())
    member = Attendance.objects.filter(session=approved).first().member

    def raw_insert():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO meetings_attendance (session_id, member_id, status, reason) "
                "VALUES (%s, %s, 'present', '')",
                [approved.pk, member.pk],
            )

    _refused(raw_insert)
    assert Guest.objects.filter(session=approved).count() == 1


def test_the_sessions_frozen_details_and_its_stored_minutes_are_refused(approved):
    _refused(lambda: Session.objects.filter(pk=approved.pk).update(venue_ar="مكان آخر"))
    _refused(lambda: Session.objects.filter(pk=approved.pk).update(present_count=3))
    _refused(lambda: Session.objects.filter(pk=approved.pk).update(minutes_sha256="0" * 64))
    _refused(lambda: Session.objects.filter(pk=approved.pk).update(minutes_pdf="meetings/minutes/other.pdf"))
    _refused(lambda: Session.objects.filter(pk=approved.pk).update(status=Session.Status.HELD))

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM meetings_session WHERE id = %s", [approved.pk])

    _refused(raw_delete)
    after = Session.objects.get(pk=approved.pk)
    assert (after.venue_ar, after.minutes_sha256, after.status) == (
        approved.venue_ar,
        approved.minutes_sha256,
        Session.Status.MINUTES_APPROVED,
    )


@pytest.fixture
def recommended(profile, manager, django_capture_on_commit_callbacks, fast_pdf):
    """Approved minutes with one recommendation, open."""
    session = held_session(assembly(4))
    recommendation = services.recommendation_create(
        session=session, text_ar="إعداد دراسة حول الأسواق النموذجية", owner="لجنة التنمية"
    )
    _approve(session, manager, django_capture_on_commit_callbacks)
    return recommendation


def test_the_text_of_a_recommendation_of_approved_minutes_is_refused_by_the_database(recommended):
    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE meetings_recommendation SET text_ar = 'نص آخر' WHERE id = %s", [recommended.pk]
            )

    _refused(raw)
    rows = Recommendation.objects.filter(pk=recommended.pk)
    _refused(lambda: rows.update(owner="مكتب الغرفة"))
    _refused(lambda: rows.update(deadline="2031-01-01", status=Recommendation.Status.DONE))
    assert rows.get().text_ar == "إعداد دراسة حول الأسواق النموذجية"
    assert rows.get().status == Recommendation.Status.OPEN


def test_a_recommendation_of_approved_minutes_is_neither_added_nor_deleted_nor_moved(recommended, profile):
    session = recommended.session
    _refused(lambda: Recommendation.objects.create(session=session, text_ar="توصية متأخرة", owner="اللجنة"))
    _refused(lambda: Recommendation.objects.filter(pk=recommended.pk).delete())
    elsewhere = held_session(assembly(3))
    _refused(lambda: Recommendation.objects.filter(pk=recommended.pk).update(session=elsewhere))
    assert list(session.recommendations.all()) == [recommended]


def test_the_follow_up_of_a_recommendation_of_approved_minutes_goes_on(recommended):
    rows = Recommendation.objects.filter(pk=recommended.pk)
    assert rows.update(status=Recommendation.Status.IN_PROGRESS) == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_recommendation SET status = 'done' WHERE id = %s", [recommended.pk])
    services.recommendation_update(recommendation=rows.get(), status=Recommendation.Status.DROPPED)
    assert rows.get().status == Recommendation.Status.DROPPED


def test_facts_of_minutes_not_yet_approved_still_change(profile):
    session = held_session(assembly(4))
    item = AgendaItemFactory(session=session)
    decision = services.decision_record(item=item, votes_for=4)
    assert Decision.objects.filter(pk=decision.pk).update(votes_for=3, abstentions=1) == 1
    assert Session.objects.filter(pk=session.pk).update(venue_ar="قاعة أخرى") == 1
    recommendation = services.recommendation_create(session=session, text_ar="توصية", owner="اللجنة")
    assert Recommendation.objects.filter(pk=recommendation.pk).update(text_ar="توصية معدلة") == 1
    assert Recommendation.objects.filter(pk=recommendation.pk).delete()[0] == 1


# serialized_rollback: the flush after the test must give back the geography and roles that migrations load.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_minutes_approved_while_a_clerk_edits_give_the_clerk_the_usual_message_and_a_record(
    profile, manager, secretary, fast_pdf
):
    """The service's own check passes (the approval is not committed yet); the database refuses the write."""
    session = held_session(assembly(4))
    item = AgendaItemFactory(session=session, summary_ar="<p>نقاش</p>")
    services.minutes_draft(session=session)
    outcome = []

    def clerk():
        try:
            with translation.override("ar"):
                services.agenda_item_update(item=item, summary_ar="<p>تعديل متأخر</p>", by=secretary)
            outcome.append("saved")
        except ValidationError as error:
            outcome.append(error.messages[0])
        finally:
            connections.close_all()

    with transaction.atomic():
        AgendaItem.objects.select_for_update().get(
            pk=item.pk
        )  # the clerk's write will wait for this approval
        services.minutes_approve(session=session, by=manager)
        thread = threading.Thread(target=clerk)
        thread.start()
        _wait_until_blocked()
    thread.join(30)

    assert len(outcome) == 1
    assert outcome[0].startswith("تمت المصادقة على محضر")
    assert AgendaItem.objects.get(pk=item.pk).summary_ar == "<p>نقاش</p>"
    attempt = FrozenEditAttempt.objects.get(session=session)
    assert (attempt.via, attempt.by) == ("service", secretary)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_minutes_approved_while_a_clerk_rewords_a_recommendation_give_the_usual_message(
    profile, manager, secretary, fast_pdf
):
    """As above, for a recommendation: the service's check passes, PostgreSQL's freeze refuses the new wording, and
    the clerk reads the usual message."""
    session = held_session(assembly(4))
    recommendation = services.recommendation_create(session=session, text_ar="توصية", owner="اللجنة")
    services.minutes_draft(session=session)
    outcome = []

    def clerk():
        try:
            with translation.override("ar"):
                services.recommendation_update(recommendation=recommendation, text_ar="نص آخر", by=secretary)
            outcome.append("saved")
        except ValidationError as error:
            outcome.append(error.messages[0])
        finally:
            connections.close_all()

    with transaction.atomic():
        Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        services.minutes_approve(session=session, by=manager)
        thread = threading.Thread(target=clerk)
        thread.start()
        _wait_until_blocked()
    thread.join(30)

    assert len(outcome) == 1
    assert outcome[0].startswith("تمت المصادقة على محضر")
    assert Recommendation.objects.get(pk=recommendation.pk).text_ar == "توصية"
    assert FrozenEditAttempt.objects.filter(session=session, by=secretary).exists()


def _wait_until_blocked(timeout: float = 20) -> None:
    """Until another connection to this test database waits on a lock (another test run may share the server)."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pg_stat_clear_snapshot()"
            )  # the view is cached for the transaction otherwise
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the clerk's write never waited for the approval")
