"""Trainings and equal-share distributions: eligibility, double delivery refused, the report in PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from agreements import demo as agreements_demo
from artisans import demo as artisans_demo
from artisans.models import Artisan
from programmes import demo, documents, services
from programmes.models import Allocation, Distribution, Enrolment
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.pdftools import pdf_text
from tests.programmes.factories import DistributionFactory, DistributionItemFactory


@pytest.fixture
def seeded(profile):
    artisans_demo.seed()
    agreements_demo.seed()
    demo.seed()
    return Distribution.objects.get()


def test_the_demo_reproduces_the_souss_massa_model(seeded):
    assert seeded.funding_agreement.reference == seeded.training.funding_agreement.reference == "SM-2025-5P"
    assert Artisan.objects.count() == 2000
    women = Artisan.objects.filter(sex=Artisan.Sex.FEMALE).count()
    assert 0.35 < women / 2000 < 0.45
    assert seeded.training.provider == "OFPPT — مؤسسة التكوين والكفاءات بالجرف"
    assert seeded.training.enrolments.filter(status=Enrolment.Status.COMPLETED).count() == 260
    assert seeded.allocations.count() == 260
    assert set(seeded.allocations.values_list("share", flat=True)) == {1}
    assert seeded.allocations.filter(status=Allocation.Status.PENDING).exists()


def test_seeding_twice_changes_nothing(seeded):
    counts = (Artisan.objects.count(), Allocation.objects.count())
    artisans_demo.seed()
    demo.seed()
    assert (Artisan.objects.count(), Allocation.objects.count()) == counts


def test_a_second_delivery_to_the_same_artisan_is_refused(seeded):
    delivered = seeded.allocations.filter(status=Allocation.Status.DELIVERED).first()
    with pytest.raises(ValidationError, match="استلم حصته"):
        services.delivery_record(allocation=delivered, delivered_on=dt.date(2025, 11, 20))
    pending = seeded.allocations.filter(status=Allocation.Status.PENDING).first()
    services.delivery_record(allocation=pending, delivered_on=dt.date(2025, 11, 20))
    with pytest.raises(ValidationError, match="استلم حصته"):
        services.delivery_record(allocation=pending, delivered_on=dt.date(2025, 11, 21))


def test_only_artisans_who_completed_the_training_are_eligible(profile):
    item = DistributionItemFactory()
    distribution = item.distribution
    done, dropped = ArtisanFactory(cin="C1"), ArtisanFactory(cin="C2")
    Enrolment.objects.create(
        training=distribution.training, artisan=done, status="completed", completed_on=dt.date(2025, 6, 30)
    )
    Enrolment.objects.create(training=distribution.training, artisan=dropped, status="dropped")
    assert services.distribution_allocate(distribution=distribution) == 1
    assert services.distribution_allocate(distribution=distribution) == 0
    assert not distribution.allocations.filter(artisan=dropped).exists()


def test_a_different_share_needs_a_reason(profile):
    distribution = DistributionFactory()
    artisan = ArtisanFactory(cin="C1")
    Enrolment.objects.create(
        training=distribution.training, artisan=artisan, status="completed", completed_on=dt.date(2025, 6, 30)
    )
    services.distribution_allocate(distribution=distribution)
    allocation = distribution.allocations.get()
    with pytest.raises(ValidationError, match="تتطلب ذكر السبب"):
        services.allocation_set_share(allocation=allocation, share=0.5, reason="")
    services.allocation_set_share(
        allocation=allocation, share=0.5, reason="استفاد من نصف العدة في برنامج سابق"
    )
    with pytest.raises(IntegrityError):
        Allocation.objects.filter(pk=allocation.pk).update(share_reason="")


def test_the_report_pdf_lists_the_260_beneficiaries_received_and_waiting(seeded, tmp_path):
    require_tool("pdftotext")
    text = pdf_text(documents.distribution_report_pdf(distribution=seeded).content, layout=True)
    assert "260" in text
    assert "214" in text and "46" in text
    first_waiting = seeded.allocations.filter(status="pending").order_by("artisan__full_name").first().artisan
    assert first_waiting.full_name.split()[0] in text


def test_the_report_xlsx_has_a_row_per_beneficiary(seeded, registry_clerk, client):
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:programmes_distribution_report", args=[seeded.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 261


def test_the_delivery_action_records_a_receipt_and_refuses_a_second_one(seeded, registry_clerk, client):
    client.force_login(registry_clerk)
    pending = seeded.allocations.filter(status="pending").first()
    url = reverse("admin:programmes_allocation_changelist")
    client.post(url, {"action": "deliver_today", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == "delivered" and pending.receipt_number
    response = client.post(url, {"action": "deliver_today", "_selected_action": [pending.pk]}, follow=True)
    assert any("استلم حصته" in str(m) for m in response.context["messages"])
    receipt = client.get(reverse("admin:programmes_allocation_receipt", args=[pending.pk]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"


def test_the_receipt_prints_whole_quantities_as_whole_numbers(seeded):
    require_tool("pdftotext")
    from tests.pdftools import words

    allocation = seeded.allocations.filter(status="delivered").first()
    found = words(pdf_text(documents.delivery_receipt_pdf(allocation=allocation).content))
    assert "1,00" not in found and "25,00" not in found
    assert {"1", "25"} <= set(found)
