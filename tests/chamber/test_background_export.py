"""Exports off the request: the admin action answers at once, a job writes the file to storage row by row, and the
person who asked downloads it from the job's record."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from artisans.models import Artisan
from chamber.models import JobRecord
from tests.artisans.factories import ArtisanFactory
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

CHANGELIST = "admin:artisans_artisan_changelist"


def _export(client, action: str, selected: list[int], *, across: bool = False):
    data = {"action": action, "_selected_action": selected}
    if across:
        data["select_across"] = "1"
    return client.post(reverse(CHANGELIST), data)


def test_the_whole_register_goes_to_an_xlsx_file_written_by_a_job(client, registry_clerk):
    artisans = ArtisanFactory.create_batch(25)
    artisans[3].full_name = "=HYPERLINK(1)"
    artisans[3].save()
    client.force_login(registry_clerk)
    response = _export(client, "export_xlsx_in_background", [artisans[0].pk], across=True)
    assert response.status_code == 302
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.QUEUED  # the request only queued it

    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED
    assert (record.progress_done, record.progress_total) == (25, 25)
    assert record.result == {"rows": 25, "format": "xlsx"}

    download = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 26
    assert "cin" in rows[0]
    names = {row[rows[0].index("full_name")] for row in rows[1:]}
    assert "'=HYPERLINK(1)" in names  # a formula-like cell stays inert


def test_a_selection_goes_to_csv_with_only_the_selected_rows(client, registry_clerk):
    artisans = ArtisanFactory.create_batch(6)
    client.force_login(registry_clerk)
    _export(client, "export_csv_in_background", [a.pk for a in artisans[:2]])
    run_jobs()
    record = JobRecord.objects.get()
    download = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    cins = {row[rows[0].index("cin")] for row in rows[1:]}
    assert cins == {Artisan.objects.get(pk=a.pk).cin for a in artisans[:2]}


def test_select_all_on_a_filtered_list_exports_only_the_filtered_rows(client, registry_clerk):
    women = ArtisanFactory.create_batch(3, sex=Artisan.Sex.FEMALE)
    ArtisanFactory.create_batch(4, sex=Artisan.Sex.MALE)
    client.force_login(registry_clerk)
    response = client.post(
        reverse(CHANGELIST) + "?sex__exact=female",
        {"action": "export_csv_in_background", "_selected_action": [women[0].pk], "select_across": "1"},
    )
    assert response.status_code == 302
    run_jobs()
    record = JobRecord.objects.get()
    assert record.result == {"rows": 3, "format": "csv"}
    download = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert {row[rows[0].index("cin")] for row in rows[1:]} == {
        Artisan.objects.get(pk=a.pk).cin for a in women
    }


def test_nobody_else_downloads_the_file(client, registry_clerk, django_user_model):
    ArtisanFactory.create_batch(2)
    client.force_login(registry_clerk)
    _export(client, "export_csv_in_background", list(Artisan.objects.values_list("pk", flat=True)))
    run_jobs()
    record = JobRecord.objects.get()
    other = django_user_model.objects.create_user(username="other.clerk", password="x", is_staff=True)
    other.groups.set(registry_clerk.groups.all())
    client.force_login(other)
    assert client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk])).status_code == 404


def test_without_the_export_right_there_is_no_background_export(client, secretary):
    ArtisanFactory.create_batch(1)
    client.force_login(secretary)
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert b"export_xlsx_in_background" not in page.content
