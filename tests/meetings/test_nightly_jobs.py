"""The nightly check of stored final minutes: a missing or changed file fails the job, visibly, with the record named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from chamber.models import JobRecord
from meetings import services
from meetings.jobs import StoredDocumentsDamaged, documents_verify_job
from meetings.models import Session
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


def _at_night(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, 2, 10, tzinfo=dt.UTC).timestamp())


@pytest.fixture
def approved_session(profile, fast_pdf):
    session = held_session(assembly(4))
    AgendaItemFactory(session=session, title_ar="برنامج العمل")
    services.minutes_draft(session=session)
    return services.minutes_freeze(session=session)


@pytest.mark.django_db
def test_the_nightly_check_fails_visibly_on_changed_minutes(approved_session):
    result = documents_verify_job(timestamp=_at_night(dt.date(2026, 12, 1)))
    assert result == {"verified": 1}
    assert JobRecord.objects.get().state == JobRecord.State.SUCCEEDED

    storage = Session._meta.get_field("minutes_pdf").storage
    name = approved_session.minutes_pdf.name
    storage.delete(name)
    storage.save(name, ContentFile(b"%PDF-1.7 not the approved minutes"))
    with pytest.raises(StoredDocumentsDamaged, match=str(approved_session.pk)):
        documents_verify_job(timestamp=_at_night(dt.date(2026, 12, 2)))
    failed = JobRecord.objects.latest("pk")
    assert failed.state == JobRecord.State.FAILED and "mismatch" in failed.error
