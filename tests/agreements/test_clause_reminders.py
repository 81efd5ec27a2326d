"""Articles past their due date are flagged late each morning, and the Partnerships office is told: at once when one
becomes late, then every Monday while any stays late; nobody else is written to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from agreements import services
from agreements.jobs import clauses_overdue_remind_job
from agreements.models import Clause
from tests.agreements.factories import AgreementFactory, PartyFactory
from tests.jobtools import send_queued_mail

F = Clause.FollowUpStatus
TUESDAY = dt.date(2026, 12, 8)


@pytest.fixture
def clauses(db):
    agreement = AgreementFactory(reference="FM-2025-X")
    party = PartyFactory(agreement=agreement)
    make = Clause.objects.create
    return {
        "late": make(agreement=agreement, number=5, summary="تكوين 260 صانعا", due_date=dt.date(2026, 12, 1),
                     follow_up_status=F.IN_PROGRESS, responsible_party=party),
        "due_later": make(agreement=agreement, number=6, summary="معرض جهوي", due_date=dt.date(2027, 3, 1),
                          follow_up_status=F.PENDING),
        "done": make(agreement=agreement, number=7, summary="دراسة", due_date=dt.date(2026, 6, 1),
                     follow_up_status=F.DONE),
        "unfollowed": make(agreement=agreement, number=8, summary="أحكام عامة", due_date=dt.date(2026, 6, 1),
                           follow_up_status=F.NOT_FOLLOWED),
    }  # fmt: skip


def test_a_clause_past_due_is_flagged_late_and_partnerships_told_once(
    clauses, partnerships_officer, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.clauses_overdue_remind(today=TUESDAY) == 1
    send_queued_mail()
    states = {name: Clause.objects.get(pk=c.pk).follow_up_status for name, c in clauses.items()}
    assert states == {"late": F.LATE, "due_later": F.PENDING, "done": F.DONE, "unfollowed": F.NOT_FOLLOWED}
    assert [m.to for m in mail.outbox] == [[partnerships_officer.email]]  # not the Secretariat
    body = mail.outbox[0].body
    assert "FM-2025-X" in body and "5" in body and "تكوين 260 صانعا" in body

    # The next morning (a Wednesday) nothing new is late: no e-mail; on Monday, the weekly reminder.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.clauses_overdue_remind(today=TUESDAY + dt.timedelta(days=1)) == 1
    send_queued_mail()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.clauses_overdue_remind(today=dt.date(2026, 12, 14))
    send_queued_mail()
    assert len(mail.outbox) == 1


def test_the_morning_job_runs_the_reminder(clauses, partnerships_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            clauses_overdue_remind_job(
                timestamp=int(dt.datetime(2026, 12, 8, 6, 30, tzinfo=dt.UTC).timestamp())
            )
            >= 1
        )
    assert Clause.objects.get(pk=clauses["late"].pk).follow_up_status == F.LATE
