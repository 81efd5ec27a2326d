"""Printable and downloadable documents: the professional card, delivery receipts, the distribution report
and the statistics workbook. PDFs go through chamber.pdf; XLSX cells are neutralised against formula injection."""

from __future__ import annotations

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from artisans.models import Allocation, Distribution, ProfessionalCard
from chamber.formatting import format_date, format_number
from chamber.pdf import Document, render_pdf
from chamber.spreadsheets import neutralise, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def card_pdf(*, card: ProfessionalCard, lang: str = "ar") -> Document:
    from artisans.services import card_verification_url

    card = ProfessionalCard.objects.select_related(
        "artisan__main_activity", "artisan__commune__province"
    ).get(pk=card.pk)
    url = card_verification_url(card=card)
    content = render_pdf(
        "artisans/pdf/card.html",
        {"card": card, "artisan": card.artisan, "qr": qr_data_uri(url), "verification_url": url},
        lang=lang,
    )
    return Document(filename=f"card-{card.number}.pdf", content=content)


def delivery_receipt_pdf(*, allocation: Allocation, lang: str = "ar") -> Document:
    allocation = Allocation.objects.select_related("artisan", "distribution__training").get(pk=allocation.pk)
    items = list(allocation.distribution.items.all())
    for item in items:
        item.quantity_display = format_number(
            item.quantity_per_beneficiary * allocation.share, lang, decimals=2
        )
    content = render_pdf(
        "artisans/pdf/receipt.html",
        {"allocation": allocation, "distribution": allocation.distribution, "items": items},
        lang=lang,
    )
    return Document(filename=f"receipt-{allocation.receipt_number or allocation.pk}.pdf", content=content)


def distribution_report_pdf(*, distribution: Distribution, lang: str = "ar") -> Document:
    from artisans.selectors import distribution_report

    with translation.override(lang):
        data = distribution_report(distribution=distribution)
    content = render_pdf("artisans/pdf/distribution_report.html", data, lang=lang)
    return Document(filename=f"distribution-{distribution.pk}.pdf", content=content)


def _sheet(wb: Workbook, title: str, header: list[str], rows, *, first: bool = False, rtl: bool = True):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.sheet_view.rightToLeft = rtl
    ws.append([neutralise(str(h)) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    return ws


def distribution_report_xlsx(*, distribution: Distribution, lang: str = "ar") -> Document:
    from artisans.selectors import distribution_report

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
        _sheet(wb, _("Beneficiaries"), header, rows, first=True, rtl=lang == "ar")
        _sheet(
            wb,
            _("Kit"),
            [_("Item"), _("Unit"), _("Quantity per beneficiary")],
            [[i.label, i.unit, float(i.quantity_per_beneficiary)] for i in data["items"]],
            rtl=lang == "ar",
        )
    return Document(
        filename=f"distribution-{distribution.pk}.xlsx", content=workbook_bytes(wb), mimetype=XLSX
    )


def statistics_xlsx(*, lang: str = "ar") -> Document:
    from artisans.selectors import register_statistics

    with translation.override(lang):
        stats = register_statistics()
        wb = Workbook()
        for index, section in enumerate(stats["sections"]):
            _sheet(
                wb,
                section["title"],
                [section["title"], _("Artisans")],
                [[r["label"], r["count"]] for r in section["rows"]],
                first=index == 0,
                rtl=lang == "ar",
            )
    return Document(filename="artisans-statistics.xlsx", content=workbook_bytes(wb), mimetype=XLSX)
