"""A confirmed import of more rows than IMPORT_BACKGROUND_ROWS is written by a job: the request answers at once,
the job's record shows its state and, when rows are refused, every reason; what it writes is what the request
would have written (all or nothing, with its import batch and audit entries)."""

from __future__ import annotations

import logging

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from artisans.benchmarks import HEADERS, build_rows
from artisans.models import Artisan
from artisans.resources import ArtisanResource
from chamber.import_jobs import IMPORT_JOB_FOLDER, import_start
from chamber.imports import ArabicCSV
from chamber.models import ImportBatch, JobRecord
from tests.artisans.factories import ArtisanFactory
from tests.jobtools import job_queue, job_statuses, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

ROWS = 30


def _csv(rows) -> bytes:
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _preview_and_confirm(client, data: bytes):
    preview = client.post(
        reverse("admin:artisans_artisan_import"),
        {"import_file": SimpleUploadedFile("artisans.csv", data), "format": 0, "resource": 0},
    )
    assert preview.status_code == 200 and preview.context.get("confirm_form") is not None
    return client.post(
        reverse("admin:artisans_artisan_process_import"), preview.context["confirm_form"].initial
    )


def _outcome() -> dict:
    """What an import leaves behind, without the numbers the database picks."""
    batch = ImportBatch.objects.get()
    return {
        "artisans": sorted(
            Artisan.objects.values_list("cin", "full_name", "commune__code", "register_number", "phone")
        ),
        "batch": (batch.rows, batch.created, batch.updated, batch.skipped, batch.audit_entries),
        "actor": batch.actor.username,
        "sha256": len(batch.file_sha256),
        "entries": LogEntry.objects.filter(additional_data__import_batch=batch.pk).count(),
    }


@pytest.mark.parametrize("threshold", [1000, ROWS - 1], ids=["in the request", "by a job"])
def test_a_job_writes_what_the_request_would_have_written(registry_clerk, client, settings, threshold):
    settings.IMPORT_BACKGROUND_ROWS = threshold
    client.force_login(registry_clerk)
    ArtisanFactory(cin="BK000000", full_name="قديم")
    response = _preview_and_confirm(client, _csv(build_rows(ROWS)))
    assert response.status_code == 302
    run_jobs()
    outcome = _outcome()
    assert outcome["batch"] == (ROWS, ROWS - 1, 1, 0, ROWS)
    assert outcome["actor"] == "registry.clerk" and outcome["sha256"] == 64 and outcome["entries"] == ROWS
    assert len(outcome["artisans"]) == ROWS
    assert outcome["artisans"][0][:2] == ("BK000000", "فاطمة العلوي 0")


def test_the_request_answers_at_once_and_the_record_follows_the_import(registry_clerk, client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 10
    client.force_login(registry_clerk)
    response = _preview_and_confirm(client, _csv(build_rows(ROWS)))
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:artisans_artisan_changelist"
    )
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.QUEUED and record.progress_total == ROWS
    assert Artisan.objects.count() == 0 and ImportBatch.objects.count() == 0  # nothing written yet
    assert "artisans.csv" in record.label

    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED
    assert record.result["created"] == ROWS and record.result["import_batch"] == ImportBatch.objects.get().pk
    assert Artisan.objects.count() == ROWS
    assert job_statuses() == ["succeeded"]
    assert default_storage.listdir(IMPORT_JOB_FOLDER)[1] == []  # the file waits for its job only


def test_a_refused_row_writes_nothing_and_the_record_names_it(registry_clerk, client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 10
    client.force_login(registry_clerk)
    _preview_and_confirm(client, _csv(build_rows(ROWS)))
    # Between the preview and the job, someone registers an artisan under row 4's national register ID.
    ArtisanFactory(cin="ZT999999", register_number="BK-0000003")

    run_jobs()
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.FAILED
    assert Artisan.objects.count() == 1 and ImportBatch.objects.count() == 0  # nothing half-written
    # Line 5 of the file (data row 4), the column by its name in the clerk's language.
    assert "السطر 5، العمود الرقم التعريفي الحرفي" in record.error
    page = client.get(reverse("admin:chamber_jobrecord_change", args=[record.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "لم يُستورد أي شيء" in html and "السطر 5" in html
    assert job_statuses() == ["failed"]  # refused rows are refused again: no retry


def test_a_tampered_confirmation_is_refused_without_an_error_page(registry_clerk, client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 10
    client.force_login(registry_clerk)
    preview = client.post(
        reverse("admin:artisans_artisan_import"),
        {"import_file": SimpleUploadedFile("a.csv", _csv(build_rows(ROWS))), "format": 0, "resource": 0},
    )
    confirm = {**preview.context["confirm_form"].initial, "format": "x"}
    response = client.post(reverse("admin:artisans_artisan_process_import"), confirm)
    assert response.status_code == 302
    assert JobRecord.objects.count() == 0


class CinRacedImport(ArtisanResource):
    """The register's import, with row 4's CIN registered by another clerk once the file's CINs were looked up."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not dry_run and self.create_instances:
            ArtisanFactory(cin="BK000003", register_number=None)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)


def test_a_cin_refused_by_the_database_is_named_by_its_column_not_kept_or_logged(registry_clerk, caplog):
    """A CIN is personal data: the failed job's record names the line and the CIN column, and neither the record
    nor the worker's log line for the failure holds the CIN."""
    with translation.override("ar"):
        record = import_start(
            resource=CinRacedImport,
            input_format=ArabicCSV,
            data=_csv(build_rows(ROWS)),
            file_name="artisans.csv",
            rows=ROWS,
            label="artisans.csv",
            by=registry_clerk,
        )
    with caplog.at_level(logging.INFO):
        run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.FAILED
    assert "السطر 5، العمود رقم البطاقة الوطنية: هذه القيمة مستعملة في سجل آخر." in record.error
    # The worker does log the failure, its exception's text (the refused rows) included.
    assert "ImportRefused" in caplog.text and "السطر 5" in caplog.text
    for kept in (record.error, str(record.result), caplog.text):
        assert "BK000003" not in kept
    assert not Artisan.objects.exists()
