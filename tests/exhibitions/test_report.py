"""The evaluation report for January–May 2023, as the June 2023 session read it: PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exhibitions import demo
from exhibitions.documents import evaluation_report_pdf, evaluation_report_xlsx
from exhibitions.selectors import period_report
from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_text

START, END = dt.date(2023, 1, 1), dt.date(2023, 5, 31)


@pytest.fixture
def fairs_2023(profile):
    demo.seed()


def test_the_period_counts_each_artisan_once(fairs_2023):
    report = period_report(start=START, end=END)
    assert report.count == 8
    assert sum(e.artisans_count for e in report.exhibitions) == 250  # participations
    assert report.artisans == 220  # distinct people
    assert report.visitors == 235_000
    assert report.sales == Decimal("3297960.00")
    assert {label: n for label, n in report.by_scope if n} == {"دولي": 2, "جهوي": 3, "محلي": 3}
    fair = next(e for e in report.exhibitions if e.title == "معرض منتوجات الصناعة التقليدية")
    assert (fair.total_visitors, fair.total_sales) == (50_000, Decimal("2160000.00"))
    assert report.top[0] == fair


def test_the_pdf_shows_the_headline_figures(fairs_2023):
    require_tool("pdftotext")
    text = pdf_text(evaluation_report_pdf(start=START, end=END).content)
    assert has_phrase(text, "تقييم المعارض")
    for figure in ("8", "220", "235.000", "3.297.960,00 درهم", "2.160.000,00 درهم", "50.000"):
        assert has_phrase(text, figure), figure
    # pdftotext splits Amiri's lam–yeh ligature ("التق يدية"), so the table is checked on a title without one.
    assert has_phrase(text, "معرض الفخار والخزف بتاونات")


def test_the_xlsx_shows_the_same_figures(fairs_2023):
    document = evaluation_report_xlsx(start=START, end=END)
    assert document.filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(document.content))
    summary, table = workbook.worksheets
    values = [cell for row in summary.iter_rows(values_only=True) for cell in row if cell is not None]
    for written in ("8", "220", "235.000", "3.297.960,00 درهم"):
        assert written in values, written
    assert 235_000 in values and 3_297_960 in values  # real numbers too, so that the sheet can be recomputed
    rows = list(table.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9  # 8 exhibitions and the total
    assert rows[-1][6:] == (220, rows[-1][7], 235_000, 3297960)


def test_an_empty_period_renders_without_error(profile):
    require_tool("pdftotext")
    text = pdf_text(evaluation_report_pdf(start=dt.date(2010, 1, 1), end=dt.date(2010, 12, 31)).content)
    assert has_phrase(text, "0")


def test_the_seed_is_idempotent(fairs_2023):
    from exhibitions.models import Application, Exhibition, VisitorCount

    before = (Exhibition.objects.count(), Application.objects.count(), VisitorCount.objects.count())
    demo.seed()
    assert (Exhibition.objects.count(), Application.objects.count(), VisitorCount.objects.count()) == before
