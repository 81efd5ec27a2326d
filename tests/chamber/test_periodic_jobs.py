"""Periodic jobs: agreements past their end date move to "expired" and cards past their expiry are recorded as
expired each night, by the real worker; finished queue rows are forgotten after 30 days."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from procrastinate.contrib.django import app

from agreements import services as agreement_services
from agreements.models import Agreement
from artisans.models import ProfessionalCard
from tests.agreements.factories import AgreementFactory, pdf_file
from tests.artisans.factories import ArtisanFactory
from tests.jobtools import job_queue, job_statuses, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


def test_the_nightly_jobs_are_scheduled():
    schedule = {
        periodic.task.name: periodic.cron for periodic in app.periodic_registry.periodic_tasks.values()
    }
    assert schedule == {
        "agreements.expire_overdue": "10 2 * * *",
        "agreements.clauses_overdue_remind": "30 7 * * *",
        "artisans.expire_cards": "20 2 * * *",
        "chamber.backup_nightly": "15 2 * * *",
        "chamber.import_files_purge": "5 * * * *",
        "chamber.jobs_forget_finished": "30 3 * * *",
        "exhibitions.calls_closing_remind": "5 8 * * *",
        "meetings.decisions_posting_remind": "0 8 * * *",
        "meetings.documents_verify": "10 2 * * *",
    }


def test_an_agreement_past_its_end_date_is_expired_by_the_nightly_job(profile):
    agreement = AgreementFactory(end_date=datetime.date(2024, 12, 31))
    agreement_services.agreement_approve_historical(
        agreement=agreement, approved_on=datetime.date(2024, 2, 1), register_reference="2024/01"
    )
    agreement_services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=pdf_file()
    )
    running = AgreementFactory(end_date=datetime.date.today() + datetime.timedelta(days=30))
    app.configure_task("agreements.expire_overdue").defer(timestamp=int(time.time()))
    run_jobs()
    agreement.refresh_from_db()
    running.refresh_from_db()
    assert agreement.status == Agreement.Status.EXPIRED
    assert running.status != Agreement.Status.EXPIRED
    assert job_statuses() == ["succeeded"]


def test_a_card_past_its_expiry_is_recorded_as_expired_by_the_nightly_job():
    artisan = ArtisanFactory()
    old = ProfessionalCard.objects.create(
        artisan=artisan,
        number="2019-000001",
        issued_on=datetime.date(2019, 1, 1),
        expires_on=datetime.date(2024, 1, 1),
    )
    current = ProfessionalCard.objects.create(
        artisan=ArtisanFactory(),
        number="2025-000001",
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date.today() + datetime.timedelta(days=300),
    )
    app.configure_task("artisans.expire_cards").defer(timestamp=int(time.time()))
    run_jobs()
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (ProfessionalCard.Status.EXPIRED, ProfessionalCard.Status.VALID)


def test_finished_queue_rows_are_forgotten_after_30_days():
    app.configure_task("chamber.job_probe").defer(record_id=0)  # fails at once: no such record
    app.configure_task("agreements.expire_overdue").defer(timestamp=0)
    run_jobs()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_events SET at = at - interval '31 days' WHERE job_id = 1")
    app.configure_task("chamber.jobs_forget_finished").defer(timestamp=int(time.time()))
    run_jobs()
    assert job_statuses() == ["succeeded", "succeeded"]  # the recent one and the clean-up itself
