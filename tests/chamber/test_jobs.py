"""Background jobs run by Procrastinate's real worker on PostgreSQL: queued after commit, recorded for staff, retried."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from chamber.jobs import job_probe, job_start, recorded_task
from chamber.models import JobRecord
from tests.jobtools import job_queue, job_statuses, make_retries_due, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

FAILURES_LEFT = {"n": 0}


@recorded_task(name="tests.flaky_job")
def flaky_job(*, record: JobRecord, value: int) -> dict:
    if FAILURES_LEFT["n"] > 0:
        FAILURES_LEFT["n"] -= 1
        raise ConnectionError("the other side hung up")
    return {"twice": value * 2}


def test_it_runs_a_queued_job_with_the_worker_and_records_its_result():
    with transaction.atomic():
        record = job_start(task=job_probe, label="probe")
    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED
    assert record.result == {"answer": "ok"}
    assert record.attempts == 1
    assert record.finished_at is not None
    assert job_statuses() == ["succeeded"]


def test_it_queues_nothing_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        job_start(task=job_probe, label="probe")
        raise RuntimeError("the service failed after starting the job")
    assert job_statuses() == []
    assert not JobRecord.objects.exists()


def test_a_failing_job_is_recorded_retried_with_backoff_and_then_succeeds():
    FAILURES_LEFT["n"] = 2
    with transaction.atomic():
        record = job_start(task=flaky_job, label="flaky", value=21)
    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.RETRYING
    assert record.error == "ConnectionError: the other side hung up"
    # The retry waits (backoff): a worker running now finds nothing due.
    run_jobs()
    record.refresh_from_db()
    assert record.attempts == 1

    assert make_retries_due() == 1
    run_jobs()
    record.refresh_from_db()
    assert (record.state, record.attempts) == (JobRecord.State.RETRYING, 2)

    make_retries_due()
    run_jobs()
    record.refresh_from_db()
    assert (record.state, record.attempts, record.error) == (JobRecord.State.SUCCEEDED, 3, "")
    assert record.result == {"twice": 42}


def test_a_job_that_keeps_failing_ends_failed_after_its_last_try():
    FAILURES_LEFT["n"] = 100
    with transaction.atomic():
        record = job_start(task=flaky_job, label="flaky", value=1)
    for _ in range(10):
        run_jobs()
        if not make_retries_due():
            break
    record.refresh_from_db()
    FAILURES_LEFT["n"] = 0
    assert record.state == JobRecord.State.FAILED
    assert record.attempts == 6  # the first try and five retries
    assert job_statuses() == ["failed"]


def test_staff_read_the_jobs_in_arabic_in_the_admin(client, registry_clerk):
    JobRecord.objects.create(
        task_name="tests.flaky_job",
        label="تصدير السجل",
        state=JobRecord.State.RETRYING,
        error="ConnectionError",
    )
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:chamber_jobrecord_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "تصدير السجل" in page
    assert "أخفق، ستُعاد المحاولة" in page
