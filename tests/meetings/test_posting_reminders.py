"""The morning reminder of decisions to post: the Secretariat is e-mailed once when a decision's posting limit is two
days away, once more when it has passed, and never again for the same decision in the same state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from procrastinate.contrib.django import app

from chamber.models import JobRecord
from meetings.models import Decision, Session
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.meetings.factories import TZ, AgendaItemFactory, SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

# A session on 20 June 2024: with 8 full days to post, the limit is 29 June.
SESSION_DAY = dt.date(2024, 6, 20)


def _decision(number: int, *, day: dt.date = SESSION_DAY, posted_on=None) -> Decision:
    session = SessionFactory(
        starts_at=dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ),
        status=Session.Status.HELD,
        label_ar=f"دورة {number}",
    )
    return Decision.objects.create(
        item=AgendaItemFactory(session=session),
        session=session,
        year=day.year,
        number=number,
        votes_for=5,
        outcome=Decision.Outcome.ADOPTED,
        wording="قررت الجمعية العامة المصادقة.",
        decided_on=day,
        posted_on=posted_on,
    )


def _morning(day: dt.date) -> None:
    """The morning job of `day`, run by the real worker with the e-mails it queues."""
    timestamp = int(dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ).timestamp())
    app.configure_task("meetings.decisions_posting_remind").defer(timestamp=timestamp)
    run_jobs()


def test_the_secretariat_is_told_once_when_the_limit_is_two_days_away(
    profile, secretary, exhibitions_officer
):
    _decision(7)
    _decision(8, posted_on=SESSION_DAY)  # posted already
    _decision(9, day=SESSION_DAY + dt.timedelta(days=5))  # its limit is a week away

    _morning(dt.date(2024, 6, 26))  # three days left: not yet
    assert mail.outbox == []

    _morning(dt.date(2024, 6, 27))
    assert [m.to for m in mail.outbox] == [[secretary.email]]  # the Secretariat only
    body = mail.outbox[0].body
    assert "7/2024" in body and "8/2024" not in body and "9/2024" not in body
    assert "29 يونيو 2024" in body  # the limit, in Arabic by default

    mail.outbox.clear()
    _morning(dt.date(2024, 6, 28))  # the next morning: nothing new, no second e-mail
    assert mail.outbox == []
    assert JobRecord.objects.filter(task_name="meetings.decisions_posting_remind").count() == 3


def test_the_secretariat_is_told_once_more_when_the_limit_has_passed(profile, secretary):
    _decision(7)
    _morning(dt.date(2024, 6, 27))
    mail.outbox.clear()

    _morning(dt.date(2024, 6, 30))
    assert len(mail.outbox) == 1 and "7/2024" in mail.outbox[0].body
    mail.outbox.clear()
    _morning(dt.date(2024, 7, 1))
    _morning(dt.date(2024, 7, 2))
    assert mail.outbox == []


def test_a_decision_posted_meanwhile_is_not_reminded(profile, secretary):
    decision = _decision(7)
    _morning(dt.date(2024, 6, 27))
    mail.outbox.clear()
    Decision.objects.filter(pk=decision.pk).update(posted_on=dt.date(2024, 6, 28))
    _morning(dt.date(2024, 6, 30))
    assert mail.outbox == []
