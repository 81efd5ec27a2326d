"""No local path assumed: the document and upload paths run against a second storage backend (Django's in-memory
storage, standing for an S3 bucket), with nothing written under MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader

from agreements import services as agreement_services
from chamber.exports import export_start
from chamber.models import JobRecord
from meetings.documents import convocation_pdf
from tests.agreements.factories import AgreementFactory, pdf_file
from tests.artisans.factories import ArtisanFactory
from tests.jobtools import job_queue, run_jobs  # noqa: F401 (fixture)
from tests.meetings.factories import SessionFactory, assembly

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def second_storage(settings):
    settings.STORAGES = IN_MEMORY
    yield
    # Nothing went to the local media folder behind the storage's back.
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_letterhead_logo_is_read_from_storage(second_storage, profile):
    profile.logo.save("logo.png", ContentFile(_png()))
    members = assembly(3)
    document = convocation_pdf(session=SessionFactory(chair=members[0]))
    images = [image for page in PdfReader(io.BytesIO(document.content)).pages for image in page.images]
    assert images, "the logo kept in storage did not reach the PDF"


@pytest.mark.django_db
def test_a_signed_scan_is_stored_and_read_back_through_storage(second_storage, profile):
    agreement = AgreementFactory()
    agreement = agreement_services.agreement_approve_historical(
        agreement=agreement, approved_on=dt.date(2024, 2, 1), register_reference="2024/01"
    )
    agreement = agreement_services.agreement_sign(
        agreement=agreement, signature_date=dt.date(2024, 3, 1), signed_scan=pdf_file()
    )
    with default_storage.open(agreement.signed_scan.name, "rb") as stored:
        assert stored.read().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("job_queue")
def test_an_export_job_writes_its_file_to_storage(second_storage):
    ArtisanFactory.create_batch(3)
    record = export_start(resource="artisans.resources.ArtisanResource", pks=None, fmt="csv", label="x")
    run_jobs()
    record.refresh_from_db()
    assert record.state == JobRecord.State.SUCCEEDED
    with default_storage.open(record.result_file, "rb") as stored:
        assert stored.read().decode("utf-8-sig").count("\n") == 4
