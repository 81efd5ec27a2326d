"""Card sheets for many artisans are rendered by a job: the admin action answers at once, the job stores the PDF
through the storage API, and the job's record gives it to the clerk who asked, with its state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from artisans import services
from chamber.models import JobRecord
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.pdftools import pdf_pages, pdf_text

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


@pytest.fixture
def twelve_cards(profile):
    return [services.card_issue(artisan=ArtisanFactory(), issued_on=dt.date(2025, 1, 15)) for _ in range(12)]


def test_more_than_a_sheet_is_rendered_by_a_job_and_listed_for_download(twelve_cards, registry_clerk, client):
    require_tool("pdftotext")
    client.force_login(registry_clerk)
    response = client.post(
        reverse("admin:artisans_professionalcard_changelist"),
        {"action": "print_sheet", "_selected_action": [card.pk for card in twelve_cards]},
        follow=True,
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    record = JobRecord.objects.get()
    assert record.state == JobRecord.State.QUEUED and record.progress_total == 12

    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED and record.result == {"cards": 12, "sheets": 2}
    listing = client.get(reverse("admin:chamber_jobrecord_changelist")).content.decode()
    assert reverse("admin:chamber_jobrecord_download", args=[record.pk]) in listing
    download = client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk]))
    pdf = b"".join(download.streaming_content)
    assert pdf_pages(pdf) == 2
    assert all(card.number in pdf_text(pdf) for card in twelve_cards)


def test_the_pdf_is_only_for_the_clerk_who_asked(twelve_cards, registry_clerk, secretary, client):
    record = services.card_sheet_start(card_ids=[c.pk for c in twelve_cards], by=registry_clerk)
    run_jobs()
    client.force_login(secretary)
    assert client.get(reverse("admin:chamber_jobrecord_download", args=[record.pk])).status_code == 404
