"""Every admin URL answers within 2 s or hands the work to a job (issue 17 item 7): a printed list or a
distribution report longer than DOCUMENT_INLINE_ROWS is written by a background job, and the page answers at once
with a link to it; a short one still comes back as the PDF itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from artisans.models import Artisan
from chamber.models import JobRecord
from programmes.models import Allocation
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.pdftools import has_phrase, pdf_text
from tests.programmes.factories import DistributionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


def _download(client, record) -> bytes:
    response = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_long_printed_list_is_written_by_a_job_with_the_rows_on_screen(client, registry_clerk, settings):
    require_tool("pdftotext")
    settings.DOCUMENT_INLINE_ROWS = 3
    women = [ArtisanFactory(full_name=f"فاطمة بناني {n}", sex=Artisan.Sex.FEMALE) for n in range(4)]
    ArtisanFactory(full_name="عبد الله الكتاني", sex=Artisan.Sex.MALE)
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:artisans_artisan_print"), {"sex__exact": Artisan.Sex.FEMALE})
    assert response.status_code == 302
    assert (
        response.url.startswith(reverse("admin:artisans_artisan_changelist")) and "sex__exact" in response.url
    )
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.QUEUED  # the request only queued it
    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED, record.error
    text = pdf_text(_download(client, record))
    assert all(has_phrase(text, w.full_name) for w in women)
    assert not has_phrase(text, "عبد الله الكتاني")
    assert has_phrase(text, "عدد السجلات: 4")


def test_a_list_within_the_limit_is_the_pdf_itself(client, registry_clerk, settings):
    settings.DOCUMENT_INLINE_ROWS = 3
    ArtisanFactory.create_batch(3)
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:artisans_artisan_print"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not JobRecord.objects.exists()


def test_a_long_distribution_report_is_written_by_a_job(client, registry_clerk, settings, profile):
    require_tool("pdftotext")
    settings.DOCUMENT_INLINE_ROWS = 2
    distribution = DistributionFactory()
    for n in range(3):
        Allocation.objects.create(
            distribution=distribution, artisan=ArtisanFactory(full_name=f"مستفيد رقم {n}")
        )
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:programmes_distribution_report", args=[distribution.pk, "pdf"]))
    assert response.status_code == 302
    run_jobs()
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.SUCCEEDED, record.error
    text = pdf_text(_download(client, record))
    assert has_phrase(text, "مستفيد رقم 2")
