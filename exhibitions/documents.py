"""Documents of the exhibitions app: the period evaluation report (PDF through the chamber's pipeline,
and XLSX) and the sales sheet staff fill in after a fair."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from chamber.formatting import format_amount, format_date, format_number
from chamber.pdf import Document, render_pdf
from chamber.spreadsheets import workbook_bytes
from exhibitions.models import Exhibition
from exhibitions.selectors import PeriodReport, participants_of, period_report
from exhibitions.services import SALES_HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(prefix: str, start: dt.date, end: dt.date, ext: str) -> str:
    return f"{prefix}-{start.isoformat()}-{end.isoformat()}.{ext}"


def evaluation_report_pdf(*, start: dt.date, end: dt.date, lang: str = "ar") -> Document:
    report = period_report(start=start, end=end)
    content = render_pdf("exhibitions/pdf/evaluation_report.html", {"report": report}, lang=lang)
    return Document(_filename("exhibitions-evaluation", start, end, "pdf"), content)


def _summary_rows(report: PeriodReport, lang: str) -> list[tuple[str, object, str]]:
    rows = [
        (_("Exhibitions held"), report.count, format_number(report.count, lang)),
    ]
    for label, count in report.by_scope:
        rows.append((f"— {label}", count, format_number(count, lang)))
    rows += [
        (
            _("Participating artisans (each counted once)"),
            report.artisans,
            format_number(report.artisans, lang),
        ),
        (_("Of them, women artisans"), report.women, format_number(report.women, lang)),
        (_("Participating cooperatives"), report.cooperatives, format_number(report.cooperatives, lang)),
        (_("Visitors"), report.visitors, format_number(report.visitors, lang)),
        (_("Sales"), report.sales, format_amount(report.sales, lang)),
    ]
    return rows


def evaluation_report_xlsx(*, start: dt.date, end: dt.date, lang: str = "ar") -> Document:
    """Two sheets: the summary (numbers, and the same numbers written as the PDF shows them) and one row per
    exhibition. Cells hold real numbers so that the sheet can be recomputed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    report = period_report(start=start, end=end)
    with translation.override(lang):
        wb = Workbook()
        summary = wb.active
        summary.title = _("Summary")[:31]
        summary.sheet_view.rightToLeft = lang == "ar"
        summary.append(
            [
                _("Evaluation of the exhibitions from %(start)s to %(end)s")
                % {"start": format_date(start, lang), "end": format_date(end, lang)}
            ]
        )
        summary["A1"].font = Font(bold=True)
        summary.append([])
        summary.append([_("Indicator"), _("Value"), _("As written")])
        for cell in summary[3]:
            cell.font = Font(bold=True)
        for label, value, written in _summary_rows(report, lang):
            summary.append([label, value, written])
            if label == _("Sales"):
                summary.cell(row=summary.max_row, column=2).number_format = "#,##0.00"
        summary.column_dimensions["A"].width = 45
        summary.column_dimensions["B"].width = 16
        summary.column_dimensions["C"].width = 22

        table = wb.create_sheet(_("Exhibitions")[:31])
        table.sheet_view.rightToLeft = lang == "ar"
        headers = [
            _("Exhibition"),
            _("Scope"),
            _("City"),
            _("Country"),
            _("First day"),
            _("Last day"),
            _("Artisans"),
            _("Women"),
            _("Visitors"),
            _("Sales (MAD)"),
        ]
        table.append(headers)
        for cell in table[1]:
            cell.font = Font(bold=True)
        for e in report.exhibitions:
            table.append(
                [
                    e.title,
                    str(e.get_scope_display()),
                    e.city,
                    e.country_name,
                    e.start_date,
                    e.end_date,
                    e.artisans_count,
                    e.women_count,
                    e.total_visitors,
                    e.total_sales,
                ]
            )
            table.cell(row=table.max_row, column=5).number_format = "yyyy-mm-dd"
            table.cell(row=table.max_row, column=6).number_format = "yyyy-mm-dd"
            table.cell(row=table.max_row, column=10).number_format = "#,##0.00"
        table.append(
            [
                _("Total (artisans counted once)"),
                "",
                "",
                "",
                None,
                None,
                report.artisans,
                report.women,
                report.visitors,
                report.sales,
            ]
        )
        for cell in table[table.max_row]:
            cell.font = Font(bold=True)
        table.cell(row=table.max_row, column=10).number_format = "#,##0.00"
        table.column_dimensions["A"].width = 45
        content = workbook_bytes(wb)
    return Document(_filename("exhibitions-evaluation", start, end, "xlsx"), content, XLSX)


def sales_template_xlsx(*, exhibition: Exhibition) -> Document:
    """The sheet of accepted participants, to be filled in with each one's sales and imported back."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "sales"
    sheet.append(list(SALES_HEADERS))
    for a in participants_of(exhibition=exhibition):
        stand = exhibition.stand_label(a.stand.number) if hasattr(a, "stand") else ""
        sheet.append([a.pk, a.applicant_name, stand, a.sales_amount])
    sheet.column_dimensions["B"].width = 40
    return Document(f"sales-{exhibition.pk}.xlsx", workbook_bytes(wb), XLSX)
