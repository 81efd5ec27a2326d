"""Printable and downloadable documents of the register: the professional card and the statistics workbook.
PDFs go through chamber.pdf; XLSX cells are neutralised against formula injection."""

from __future__ import annotations

import segno
from django.utils import timezone, translation
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


# An A4 sheet holds two columns of five ID-1 cards (85.6 × 54 mm), edge to edge, centred; crop marks in the margins
# show where to cut.
CARDS_PER_SHEET = 10
_CARD_W, _CARD_H, _PAGE_W, _PAGE_H = 85.6, 54.0, 210.0, 297.0
_LEFT, _TOP = (_PAGE_W - 2 * _CARD_W) / 2, (_PAGE_H - 5 * _CARD_H) / 2
_MARK, _GAP = 7.0, 2.0  # crop mark length, and its distance from the cards


def _mm(value: float) -> str:
    """A length for the sheet's inline CSS: a string, so the template never localises its decimal point."""
    return f"{value:.2f}mm"


def _crop_marks() -> list[dict]:
    marks = []
    for col in range(3):
        x = _LEFT + col * _CARD_W
        marks.append({"kind": "v", "x": _mm(x), "y": _mm(_TOP - _GAP - _MARK)})
        marks.append({"kind": "v", "x": _mm(x), "y": _mm(_TOP + 5 * _CARD_H + _GAP)})
    for row in range(6):
        y = _TOP + row * _CARD_H
        marks.append({"kind": "h", "x": _mm(_LEFT - _GAP - _MARK), "y": _mm(y)})
        marks.append({"kind": "h", "x": _mm(_LEFT + 2 * _CARD_W + _GAP), "y": _mm(y)})
    return marks


def card_sheet_pdf(*, cards, lang: str = "ar") -> Document:
    """The given cards on A4 sheets, ten to a sheet, in card-number order, with crop marks."""
    cards = list(
        ProfessionalCard.objects.select_related("artisan__main_activity", "artisan__commune__province")
        .filter(pk__in=[card.pk for card in cards])
        .order_by("number")
    )
    marks = _crop_marks()
    sheets = []
    for start in range(0, len(cards), CARDS_PER_SHEET):
        slots = []
        for index, card in enumerate(cards[start : start + CARDS_PER_SHEET]):
            row, col = divmod(index, 2)
            if translation.get_language_info(lang)["bidi"]:
                col = 1 - col  # the first card of a row on the right, where an Arabic reader starts
            slots.append(
                {
                    "card": card,
                    "artisan": card.artisan,
                    "qr": qr_data_uri(card_verification_url(card=card)),
                    "x": _mm(_LEFT + col * _CARD_W),
                    "y": _mm(_TOP + row * _CARD_H),
                }
            )
        sheets.append({"cards": slots, "marks": marks})
    content = render_pdf("artisans/pdf/card_sheet.html", {"sheets": sheets}, lang=lang)
    return Document(filename=f"cards-{len(cards)}.pdf", content=content)


def statistics_pdf(*, lang: str = "ar", **filters) -> Document:
    """The register's statistics (filtered as on screen), each breakdown a table with its bar chart drawn as SVG."""
    from chamber.charts import bar_svg

    with translation.override(lang):
        stats = register_statistics(**filters)
        rtl = translation.get_language_bidi()
        for section in stats["sections"]:
            top = max((row["count"] for row in section["rows"]), default=0)
            total = sum(row["count"] for row in section["rows"])
            for row in section["rows"]:
                row["bar"] = bar_svg(row["count"], top, rtl=rtl)
                row["share"] = (100 * row["count"] / total) if total else 0
    content = render_pdf(
        "artisans/pdf/statistics.html", {"stats": stats, "today": timezone.localdate()}, lang=lang
    )
    return Document(filename=f"register-statistics-{timezone.localdate():%Y-%m-%d}.pdf", content=content)


def statistics_xlsx(*, lang: str = "ar", **filters) -> Document:
    with translation.override(lang):
        stats = register_statistics(**filters)
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
