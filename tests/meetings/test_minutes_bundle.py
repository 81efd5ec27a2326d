"""A year's minutes in one archive, made by a job: the admin action answers at once, the job's record links to a
ZIP holding the approved minutes byte for byte (checked against their frozen hash) and the others as drafts."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from chamber.models import JobRecord
from meetings import services
from meetings.models import Session
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.meetings.factories import TZ, AgendaItemFactory, assembly, held_session

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


@pytest.fixture
def year_2024(profile, fast_pdf):
    members = assembly(4)
    approved = held_session(members)  # 20 June 2024
    AgendaItemFactory(session=approved, title_ar="برنامج العمل")
    services.minutes_draft(session=approved)
    approved = services.minutes_freeze(session=approved)
    draft = held_session(
        members, starts_at=dt.datetime(2024, 10, 3, 10, 0, tzinfo=TZ), label_ar="دورة أكتوبر"
    )
    return approved, draft


def _bundle(client, sessions):
    return client.post(
        reverse("admin:meetings_session_changelist"),
        {"action": "minutes_bundle", "_selected_action": [s.pk for s in sessions]},
        follow=True,
    )


def test_the_action_answers_at_once_and_the_job_stores_the_years_archive(year_2024, secretary, client):
    approved, draft = year_2024
    client.force_login(secretary)
    response = _bundle(client, [draft])
    assert response.status_code == 200
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.QUEUED and record.progress_total == 2
    assert reverse("admin:chamber_jobrecord_change", args=[record.pk]) in response.content.decode()

    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED
    assert record.result == {"sessions": 2, "approved": 1, "drafts": 1}
    download = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert names == [
        f"2024-06-20-{approved.pk}-minutes.pdf",
        f"2024-10-03-{draft.pk}-minutes-draft.pdf",
        "SHA256SUMS",
    ]
    with approved.minutes_pdf.open("rb") as stored:
        assert archive.read(names[0]) == stored.read()  # the legal document itself, byte for byte
    sums = archive.read("SHA256SUMS").decode()
    assert f"{hashlib.sha256(archive.read(names[1])).hexdigest()}  {names[1]}" in sums


def test_changed_approved_minutes_fail_the_job_naming_the_session(year_2024, secretary, client):
    approved, _draft = year_2024
    storage = Session._meta.get_field("minutes_pdf").storage
    name = approved.minutes_pdf.name
    storage.delete(name)
    storage.save(name, ContentFile(b"%PDF-1.7 not the approved minutes"))
    client.force_login(secretary)
    _bundle(client, [approved])
    run_jobs()
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.FAILED and str(approved) in record.error
    assert not record.result_file and not default_storage.exists("minutes-bundles")


def test_a_year_without_held_sessions_is_refused_with_a_message(profile, secretary, client):
    from tests.meetings.factories import SessionFactory

    planned = SessionFactory(starts_at=dt.datetime(2027, 3, 1, 10, 0, tzinfo=TZ))
    client.force_login(secretary)
    response = _bundle(client, [planned])
    assert response.status_code == 200
    assert "2027" in " ".join(str(m) for m in response.context["messages"])
    assert JobRecord.objects.count() == 0
