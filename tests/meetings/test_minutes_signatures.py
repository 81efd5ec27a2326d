"""The minutes' signature block never stands alone on a page, and leaves room for the signatures and the stamp."""

from chamber.pdf import html_to_pdf
from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_pages, pdf_text

LAST_LINE = "وانتهت الجلسة في الساعة الثانية عشرة زوالا"


def _minutes_ending(spacer_mm: int) -> str:
    """A page nearly filled, then the last line of text and the signature block of the minutes."""
    return (
        '<html lang="ar" dir="rtl"><head><link rel="stylesheet" href="/static/css/pdf.css"></head><body>'
        f'<div style="height: {spacer_mm}mm"></div><p>{LAST_LINE}.</p>'
        '<div class="signatures"><div class="signature"><div class="signature-role">الرئيس</div>'
        '<div class="signature-name">عبد المالك البوطيين</div><div class="signature-space"></div></div>'
        '<div class="stamp">خاتم الغرفة</div>'
        '<div class="signature"><div class="signature-role">الكاتب</div>'
        '<div class="signature-name">فاطمة البقالي</div><div class="signature-space"></div></div></div>'
        "</body></html>"
    )


def test_the_signatures_take_the_last_line_of_text_to_the_next_page(profile):
    require_tool("pdftotext")
    # 215 mm of text: the last line still fits on the first page, the signature block (about 45 mm) does not.
    pdf = html_to_pdf(_minutes_ending(215))
    assert pdf_pages(pdf) == 2
    second_page = pdf_text(pdf).split("\f")[1]
    assert has_phrase(second_page, LAST_LINE)
    assert "الرئيس" in second_page


def test_the_signature_block_leaves_room_to_sign_and_stamp(profile):
    require_tool("pdftotext")
    pdf = html_to_pdf(_minutes_ending(0))
    assert pdf_pages(pdf) == 1
    assert has_phrase(pdf_text(pdf), "خاتم الغرفة")
