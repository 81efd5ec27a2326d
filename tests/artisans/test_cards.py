"""Professional cards: issue rules, the credit-card PDF in Arabic, its QR code, and the public check page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from artisans import documents, services
from artisans.models import ProfessionalCard
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.pdftools import pdf_text


@pytest.fixture
def card(profile):
    artisan = ArtisanFactory(
        full_name="فاطمة الزهراء بناني", full_name_latin="BENNANI Fatima Zahra", cin="CD123456"
    )
    return services.card_issue(artisan=artisan, issued_on=dt.date(2025, 1, 15))


def test_it_issues_a_card_signed_by_the_president_for_five_years(card, profile):
    assert card.signed_by == profile.president_name
    assert card.expires_on == dt.date(2030, 1, 15)
    assert card.number == "2025-000001"
    assert len(card.token) >= 32


def test_it_refuses_a_second_valid_card(card):
    with pytest.raises(ValidationError, match="يتوفر على بطاقة صالحة"):
        services.card_issue(artisan=card.artisan, issued_on=dt.date(2025, 2, 1))


def test_a_suspended_card_needs_a_reason_and_then_a_new_one_can_be_issued(card):
    with pytest.raises(ValidationError):
        services.card_suspend(card=card, reason=" ")
    services.card_suspend(card=card, reason="تصريح خاطئ")
    assert services.card_issue(artisan=card.artisan, issued_on=dt.date(2025, 3, 1)).number == "2025-000002"
    card.refresh_from_db()
    assert card.status == ProfessionalCard.Status.SUSPENDED


def test_it_reports_an_expired_card_as_expired(card, client):
    ProfessionalCard.objects.filter(pk=card.pk).update(
        expires_on=dt.date(2025, 1, 16), issued_on=dt.date(2020, 1, 1)
    )
    card.refresh_from_db()
    assert card.effective_status == ProfessionalCard.Status.EXPIRED
    response = client.get(
        reverse("artisans:card_verify", kwargs={"token": card.token}), HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert "expired" in response.content.decode() or "منتهية" in response.content.decode()


def test_the_verification_page_shows_name_activity_and_validity_but_no_personal_data(card, client):
    response = client.get(reverse("artisans:card_verify", kwargs={"token": card.token}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "فاطمة الزهراء بناني" in html
    assert card.artisan.main_activity.name in html
    assert "CD123456" not in html
    assert "612345678" not in html
    assert "درب الحرة" not in html


def test_an_unknown_token_is_not_found(card, client):
    assert client.get(reverse("artisans:card_verify", kwargs={"token": "x" * 32})).status_code == 404


def test_the_card_pdf_is_credit_card_sized_arabic_and_its_qr_code_opens_the_verification_page(
    card, tmp_path, settings
):
    require_tool("pdftotext")
    require_tool("pdftoppm")
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    document = documents.card_pdf(card=card)
    assert document.mimetype == "application/pdf"
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(document.content)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert round(width / 72 * 25.4, 1) == 85.6 and round(height / 72 * 25.4, 1) == 54.0
    assert "Pages:           1" in info

    text = pdf_text(document.content)
    assert "فاطمة الزهراء بناني" in text
    assert "البطاقة المهنية" in text
    assert "CD123456" not in text

    subprocess.run(
        ["pdftoppm", "-png", "-r", "400", "-singlefile", str(pdf), str(tmp_path / "card")], check=True
    )
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "card.png"))
    urls = [r.text for r in results]
    expected = settings.SITE_URL + reverse("artisans:card_verify", kwargs={"token": card.token})
    assert urls == [expected]
