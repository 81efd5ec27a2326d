"""The morning reminder of calls for participation closing: the Exhibitions office is e-mailed once per call that
closes within a week, not again the next morning, and again only if the call's closing day is moved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from procrastinate.contrib.django import app

from exhibitions.models import Exhibition
from tests.exhibitions.factories import ExhibitionFactory
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

S = Exhibition.Status
MONDAY = dt.date(2026, 12, 7)


def _morning(day: dt.date) -> None:
    timestamp = int(dt.datetime(day.year, day.month, day.day, 7, 5, tzinfo=dt.UTC).timestamp())
    app.configure_task("exhibitions.calls_closing_remind").defer(timestamp=timestamp)
    run_jobs()


def _call(title: str, closes_on: dt.date, status=S.CALL_OPEN) -> Exhibition:
    return ExhibitionFactory(
        title=title,
        status=status,
        call_closes_on=closes_on,
        start_date=closes_on + dt.timedelta(days=30),
        end_date=closes_on + dt.timedelta(days=34),
    )


def test_the_exhibitions_office_is_told_once_per_call_closing(exhibitions_officer, secretary):
    _call("معرض الزربية", MONDAY + dt.timedelta(days=5))
    _call("معرض الفخار", MONDAY + dt.timedelta(days=20))  # closes later than a week
    _call("معرض النحاس", MONDAY + dt.timedelta(days=3), status=S.PLANNED)  # no open call

    _morning(MONDAY)
    assert [m.to for m in mail.outbox] == [[exhibitions_officer.email]]
    body = mail.outbox[0].body
    assert "معرض الزربية" in body and "معرض الفخار" not in body and "معرض النحاس" not in body
    assert "12 دجنبر 2026" in body

    mail.outbox.clear()
    _morning(MONDAY + dt.timedelta(days=1))
    _morning(MONDAY + dt.timedelta(days=2))
    assert mail.outbox == []  # no daily repeat


def test_a_call_whose_closing_day_is_moved_is_reminded_again(exhibitions_officer):
    call = _call("معرض الزربية", MONDAY + dt.timedelta(days=5))
    _morning(MONDAY)
    mail.outbox.clear()
    Exhibition.objects.filter(pk=call.pk).update(call_closes_on=MONDAY + dt.timedelta(days=8))
    _morning(MONDAY + dt.timedelta(days=2))
    assert len(mail.outbox) == 1 and "15 دجنبر 2026" in mail.outbox[0].body
