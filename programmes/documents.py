"""Printable and downloadable documents of the programmes: the delivery receipt and the distribution report (PDF
and XLSX). PDFs go through chamber.pdf; XLSX cells are neutralised against formula injection."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from chamber.formatting import format_date, format_quantity
from chamber.pdf import Document, render_pdf
from chamber.spreadsheets import XLSX, add_sheet, workbook_bytes
from programmes.models import Allocation, Distribution
from programmes.selectors import distribution_report


def delivery_receipt_pdf(*, allocation: Allocation, lang: str = "ar") -> Document:
    allocation = Allocation.objects.select_related("artisan", "distribution__training").get(pk=allocation.pk)
    items = list(allocation.distribution.items.all())
    for item in items:
        item.quantity_display = format_quantity(item.quantity_per_beneficiary * allocation.share, lang)
    content = render_pdf(
        "programmes/pdf/receipt.html",
        {"allocation": allocation, "distribution": allocation.distribution, "items": items},
        lang=lang,
    )
    return Document(filename=f"receipt-{allocation.receipt_number or allocation.pk}.pdf", content=content)


def distribution_report_pdf(*, distribution: Distribution, lang: str = "ar") -> Document:
    with translation.override(lang):
        data = distribution_report(distribution=distribution)
    content = render_pdf("programmes/pdf/distribution_report.html", data, lang=lang)
    return Document(filename=f"distribution-{distribution.pk}.pdf", content=content)


def distribution_report_pdf_for(*, distribution_id: int, lang: str = "ar") -> Document:
    """The report for a background job (chamber.exports.document_job_start), which passes ids, not records."""
    return distribution_report_pdf(distribution=Distribution.objects.get(pk=distribution_id), lang=lang)


def distribution_report_xlsx(*, distribution: Distribution, lang: str = "ar") -> Document:
    with translation.override(lang):
        data = distribution_report(distribution=distribution)
        wb = Workbook()
        header = [
            _("Artisan"),
            _("Latin name"),
            _("Commune"),
            _("Share of the standard kit"),
            _("Reason for a different share"),
            _("Status"),
            _("Delivered on"),
            _("Receipt number"),
        ]
        rows = [
            [
                a.artisan.full_name,
                a.artisan.full_name_latin,
                a.artisan.commune.name,
                float(a.share),
                a.share_reason,
                a.get_status_display(),
                format_date(a.delivered_on) if a.delivered_on else "",
                a.receipt_number or "",
            ]
            for a in data["allocations"]
        ]
        add_sheet(wb, _("Beneficiaries"), header, rows, first=True, rtl=lang == "ar")
        add_sheet(
            wb,
            _("Kit"),
            [_("Item"), _("Unit"), _("Quantity per beneficiary")],
            [[i.label, i.unit, float(i.quantity_per_beneficiary)] for i in data["items"]],
            rtl=lang == "ar",
        )
    return Document(
        filename=f"distribution-{distribution.pk}.xlsx", content=workbook_bytes(wb), mimetype=XLSX
    )
