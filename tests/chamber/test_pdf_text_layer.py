"""The PDFs' text layer gives back exactly the words the page shows: pdftotext, word by word, against the HTML."""

import pytest

from chamber import demo as chamber_demo
from chamber import pdftext
from chamber.pdf import html_to_pdf, render_html
from meetings import demo
from meetings.models import Session
from meetings.selectors import session_for_minutes
from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_pages, pdf_text, pdf_text_exact, wrong_words

SHADDA_AND_TATWEEL = (
    '<html lang="ar" dir="rtl"><head><link rel="stylesheet" href="/static/css/pdf.css"></head><body>'
    "<p>وذكّر الرئيس بأن الدورة انعقدت يوم 4 ذو الحجة 1444 هـ بمقر المملكة المغربية.</p></body></html>"
)


# Latin words, numbers and Arabic in brackets inside Arabic text, as agreement titles and minutes write them.
BRACKETS = (
    '<html lang="ar" dir="rtl"><head><link rel="stylesheet" href="/static/css/pdf.css">'
    '<link rel="stylesheet" href="/static/css/meetings-pdf.css"></head><body>'
    "<p>اتفاقية التصديق على المكتسبات المهنية (VAEP)</p>"
    "<p>اتفاقية الشراكة والتعاون مع غرفة Ziguinchor (السنغال)</p>"
    "<p>مع غرفة (Ziguinchor السنغال) ومع (OFPPT) و(ANAPEC) في 2023.</p>"
    "<p>الأعضاء الحاضرون (34) من أصل 45، برنامج التنمية الجهوية (2022–2027)</p>"
    "<p>المقرر رقم 5/2025: صادقت الجمعية، بمبلغ 28.250.000,00 درهم (أي 80%).</p>"
    '<p><bdi dir="ltr">\u2066FM-2025-VAEP\u2069</bdi> اتفاقية <bdi dir="ltr">(VAEP)</bdi> بفاس</p>'
    '<table class="sign-sheet"><tr><td class="num">10</td><td>جمال الحمداوي</td><td>عضو</td></tr></table>'
    "</body></html>"
)

# The same in a French page (pdftotext reads its lines from the left): Arabic names in brackets.
FRENCH_BRACKETS = (
    '<html lang="fr" dir="ltr"><head><link rel="stylesheet" href="/static/css/pdf.css"></head><body>'
    "<p>Convention avec la Chambre (غرفة التجارة) et l'OFPPT.</p>"
    "<p>Reçu n° 214 (محمد العلوي)</p>"
    "</body></html>"
)


# Tifinagh typed in Arabic text (a name, the kingdom's name on a card), alone on a line and beside Arabic.
TIFINAGH = (
    '<html lang="ar" dir="rtl"><head><link rel="stylesheet" href="/static/css/pdf.css"></head><body>'
    "<p>ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ</p>"
    "<p>ⵜⴰⴳⵍⴷⵉⵜ</p>"
    "</body></html>"
)


def _generated(pdf: bytes, *labels: str) -> tuple[str, ...]:
    """The text the stylesheet adds: «صفحة X من Y» on every page, and the running label."""
    return ("صفحة من", *(str(n) for n in range(1, pdf_pages(pdf) + 1)), *labels)


@pytest.fixture
def june_2023_minutes(db):
    chamber_demo.seed()
    demo.seed()
    session = Session.objects.get(label_ar=demo.JUNE_2023)
    context = session_for_minutes(session=session)
    context["draft"] = False
    html = render_html("meetings/pdf/minutes.html", context, lang="ar")
    return session, html, html_to_pdf(html)


def test_it_gives_back_every_word_of_the_demo_minutes(june_2023_minutes):
    require_tool("pdftotext")
    session, html, pdf = june_2023_minutes
    assert wrong_words(html, pdf, generated=_generated(pdf, session.label), exact=True) == []


def test_it_finds_the_words_that_amiri_broke(june_2023_minutes):
    require_tool("pdftotext")
    text = pdf_text(june_2023_minutes[2])
    for phrase in ("المملكة المغربية", "غرفة الصناعة التقليدية", "القاعة الكبرى", "مليكة"):
        assert has_phrase(text, phrase), phrase
    for broken in ("الممللكة", "التق يدية", "اللكبرى", "م يكة"):
        assert broken not in text


def test_a_letter_with_its_shadda_and_the_tatweel_come_out_as_written(profile):
    require_tool("pdftotext")
    pdf = html_to_pdf(SHADDA_AND_TATWEEL)
    assert wrong_words(SHADDA_AND_TATWEEL, pdf, generated=_generated(pdf)) == []
    assert "وذكّر" in pdf_text(pdf)


def test_brackets_colons_and_cells_stay_on_their_side_of_latin_words_and_numbers(profile):
    """Compared with their punctuation: «(VAEP)», not «( )VAEP»; «Ziguinchor (السنغال)», not «( Ziguinchor»."""
    require_tool("pdftotext")
    pdf = html_to_pdf(BRACKETS)
    assert wrong_words(BRACKETS, pdf, generated=_generated(pdf), exact=True) == []
    text = pdf_text_exact(pdf)
    for phrase in (
        "المهنية (VAEP)",
        "غرفة Ziguinchor (السنغال)",
        "(34) من أصل",
        "رقم 5/2025: صادقت",
        "10 جمال",
    ):
        assert phrase in text, phrase


def test_a_line_of_tifinagh_in_an_arabic_page_reads_back_in_its_order(profile):
    """poppler gives Tifinagh no direction: a mark closing the line as for a Latin run turned it round."""
    require_tool("pdftotext")
    pdf = html_to_pdf(TIFINAGH)
    assert wrong_words(TIFINAGH, pdf, generated=_generated(pdf), exact=True) == []
    text = pdf_text_exact(pdf)
    assert "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ" in text and "ⵜⵉⴷⵍⴳⴰⵜ" not in text, text


def test_without_direction_marks_pdftotext_moves_the_brackets(profile, monkeypatch):
    """The failure the marks exist for, kept visible: pdftotext alone reads «المهنية ( )VAEP»."""
    require_tool("pdftotext")
    monkeypatch.setattr(pdftext, "mark_line", lambda line: None)
    pdf = html_to_pdf(BRACKETS)
    wrong = wrong_words(BRACKETS, pdf, generated=_generated(pdf), exact=True)
    assert "-(VAEP)" in wrong
    assert "-(السنغال)" in wrong


def test_in_a_french_page_brackets_stay_around_an_arabic_name(profile):
    require_tool("pdftotext")
    pdf = html_to_pdf(FRENCH_BRACKETS)
    assert wrong_words(FRENCH_BRACKETS, pdf, generated=_generated(pdf), exact=True) == []
    assert "(غرفة التجارة) et" in pdf_text_exact(pdf)


def test_in_a_french_page_without_direction_marks_the_bracket_moves(profile, monkeypatch):
    """pdftotext alone reads «Chambre ( )غرفة التجارةet»."""
    require_tool("pdftotext")
    monkeypatch.setattr(pdftext, "mark_line", lambda line: None)
    pdf = html_to_pdf(FRENCH_BRACKETS)
    assert "-(غرفة" in wrong_words(FRENCH_BRACKETS, pdf, generated=_generated(pdf), exact=True)


def test_without_actual_text_the_raised_shadda_splits_the_word(profile, monkeypatch):
    """The failure this module exists for, kept visible: WeasyPrint alone gives «وذ ّكر»."""
    require_tool("pdftotext")
    from weasyprint.draw import text as weasyprint_text

    monkeypatch.setattr(weasyprint_text, "draw_first_line", pdftext._original_draw_first_line)
    pdf = html_to_pdf(SHADDA_AND_TATWEEL)
    assert "-وذكّر" in wrong_words(SHADDA_AND_TATWEEL, pdf, generated=_generated(pdf))


def test_the_page_looks_the_same_with_and_without_actual_text(profile, monkeypatch, tmp_path):
    """ActualText and the direction marks it carries change what readers extract, never the glyphs drawn."""
    require_tool("pdftoppm")
    from weasyprint.draw import text as weasyprint_text

    from tests.pdftools import pdf_to_png

    html = SHADDA_AND_TATWEEL.replace(
        "</body>", BRACKETS.partition("<body>")[2].partition("</body>")[0] + "</body>"
    )
    with_spans = pdf_to_png(html_to_pdf(html), tmp_path / "with").read_bytes()
    monkeypatch.setattr(weasyprint_text, "draw_first_line", pdftext._original_draw_first_line)
    monkeypatch.setattr(pdftext, "mark_line", lambda line: None)
    without = pdf_to_png(html_to_pdf(html), tmp_path / "without").read_bytes()
    assert with_spans == without
