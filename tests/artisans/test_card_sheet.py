"""An A4 sheet of professional cards: ten to a sheet, each card whole, crop marks, printed from the card list."""

import datetime as dt

import pytest
from django.urls import reverse

from artisans import documents, services
from artisans.models import ProfessionalCard
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.pdftools import pdf_pages, pdf_text


@pytest.fixture
def twelve_cards(profile):
    return [services.card_issue(artisan=ArtisanFactory(), issued_on=dt.date(2025, 1, 15)) for _ in range(12)]


def test_it_puts_ten_cards_on_a_sheet_and_the_rest_on_the_next(twelve_cards):
    require_tool("pdftotext")
    pdf = documents.card_sheet_pdf(cards=twelve_cards).content
    assert pdf_pages(pdf) == 2
    first, second = pdf_text(pdf).split("\f")[:2]
    assert all(card.number in first for card in twelve_cards[:10])
    assert all(card.number in second and card.number not in first for card in twelve_cards[10:])


def test_each_sheet_has_crop_marks_at_every_cut(twelve_cards):
    from chamber.pdf import render_html

    sheets = [{"cards": [], "marks": documents._crop_marks()}]
    html = render_html("artisans/pdf/card_sheet.html", {"sheets": sheets})
    # three vertical cuts (top and bottom) and six horizontal ones (both sides)
    assert html.count('class="crop v"') == 6 and html.count('class="crop h"') == 12
    assert "19,40mm" not in html and "19.40mm" in html


def test_a_registry_clerk_prints_the_selected_cards_from_the_card_list(twelve_cards, registry_clerk, client):
    client.force_login(registry_clerk)
    response = client.post(
        reverse("admin:artisans_professionalcard_changelist"),
        {"action": "print_sheet", "_selected_action": [card.pk for card in twelve_cards[:3]]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_too_many_cards_at_once_are_refused_with_a_message(twelve_cards, registry_clerk, client, monkeypatch):
    monkeypatch.setattr(services, "CARD_SHEET_MAX_CARDS", 10)  # so the 12 are too many
    client.force_login(registry_clerk)
    response = client.post(
        reverse("admin:artisans_professionalcard_changelist"),
        {"action": "print_sheet", "_selected_action": [card.pk for card in ProfessionalCard.objects.all()]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["حدد 10 بطاقة على الأكثر للطباعة دفعة واحدة."]
