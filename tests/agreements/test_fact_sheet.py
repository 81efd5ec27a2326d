"""The Taounate fact sheet: 28.250.000,00 درهم total, 8 projects and 11 parties, in Arabic."""

from __future__ import annotations

import pytest

from agreements.demo import TAO_PROJECTS
from agreements.documents import agreement_fact_sheet_context, agreement_fact_sheet_pdf
from agreements.models import Agreement
from tests.conftest import require_tool
from tests.pdftools import compact, pdf_text

pytestmark = pytest.mark.django_db


def _norm(text: str) -> str:
    return compact(text, ignore_lam=True)


def test_taounate_fact_sheet_shows_total_8_projects_11_parties_and_700_beneficiaries(agreements_demo):
    require_tool("pdftotext")
    agreement = Agreement.objects.get(reference="TAO-2016")
    document = agreement_fact_sheet_pdf(agreement=agreement)
    assert document.filename == "agreement-TAO-2016.pdf"
    text = _norm(pdf_text(document.content))
    assert "28.250.000,00درهم" in text or "درهم28.250.000,00" in text
    assert sum(1 for t in TAO_PROJECTS if _norm(t[0]) in text) == 8
    parties = [p.partner.name_ar for p in agreement.parties.select_related("partner")]
    assert len(parties) == 11
    assert all(_norm(name) in text for name in parties)
    context = agreement_fact_sheet_context(agreement=agreement)
    assert len(context["projects"]) == 8
    assert context["totals"].projects_total == 28250000
    assert context["totals"].beneficiaries == 700
    assert context["totals"].discrepancy is None
    assert all(row["gap"] == 0 for row in context["projects"])
    for commune in ("بوعادل", "اجبابرة", "بني سنوس", "البيبان", "أورتزاغ", "كيسان", "تاونات"):
        assert _norm(commune) in text
