"""Printable and downloadable documents of the register: the professional card and the statistics workbook.
PDFs go through chamber.pdf; XLSX cells are neutralised against formula injection."""

from __future__ import annotations

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from artisans.models import ProfessionalCard
from artisans.selectors import card_verification_url, register_statistics
from chamber.pdf import Document, render_pdf
from chamber.spreadsheets import XLSX, add_sheet, workbook_bytes


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def card_pdf(*, card: ProfessionalCard, lang: str = "ar") -> Document:
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


def statistics_xlsx(*, lang: str = "ar") -> Document:
    with translation.override(lang):
        stats = register_statistics()
        wb = Workbook()
        for index, section in enumerate(stats["sections"]):
            add_sheet(
                wb,
                section["title"],
                [section["title"], _("Artisans")],
                [[r["label"], r["count"]] for r in section["rows"]],
                first=index == 0,
                rtl=lang == "ar",
            )
    return Document(filename="artisans-statistics.xlsx", content=workbook_bytes(wb), mimetype=XLSX)
