"""The agenda of the minutes and of the convocation is a table that keeps to the page: item numbers and decision
references on one line, long titles wrapping inside their own column (the layout is read from WeasyPrint's boxes),
and every word read back by pdftotext."""

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from chamber.pdf import BASE_URL, SafeURLFetcher, html_to_pdf, render_html
from chamber.templatetags.chamber_format import unbroken_ranges
from meetings import services
from meetings.selectors import session_for_minutes, session_items
from tests.conftest import require_tool
from tests.meetings.factories import AgendaItemFactory, assembly, held_session
from tests.pdftools import pdf_text, wrong_words

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "المصادقة على مشروع اتفاقية الشراكة والتعاون بين غرفة الصناعة التقليدية لجهة فاس مكناس ووزارة السياحة "
    "والصناعة التقليدية والاقتصاد الاجتماعي والتضامني ووكالة التنمية الاجتماعية والمجلس الإقليمي لتاونات "
    "قصد تأهيل فضاءات العرض والبيع لفائدة الصناع التقليديين برسم البرنامج الجهوي 2022–2027"
)


@pytest.fixture
def session(profile):
    session = held_session(assembly(9))
    for order, title in enumerate(
        [LONG_TITLE, "التقرير الأدبي", "تقرير عن المعارض Salon International de l'Artisanat 2025"], start=1
    ):
        item = AgendaItemFactory(session=session, order=order, title_ar=title)
        services.decision_record(item=item, votes_for=9)
    AgendaItemFactory(
        session=session, order=4, title_ar="عرض شريك", presenter="المديرية الجهوية للصندوق الوطني"
    )
    return session


def _agenda_cells(html: str):
    """The agenda table's box and its cells, as WeasyPrint lays them out, with the page's content width."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).render()
    for page in document.pages:
        root = page._page_box.children[0]
        for box in root.descendants():
            if isinstance(box, boxes.TableBox) and "agenda-table" in (box.element.get("class") or ""):
                cells = [b for b in box.descendants() if isinstance(b, boxes.TableCellBox)]
                return root.width, box, cells
    raise AssertionError("no agenda table in the document")


def _text(box) -> str:
    return "".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox))


def _lines(cell) -> int:
    return sum(isinstance(b, boxes.LineBox) for b in cell.descendants())


def _check_layout(html: str, *, numbers: set[str]) -> None:
    page_width, table, cells = _agenda_cells(html)
    assert table.margin_width() <= page_width + 0.5, (table.margin_width(), page_width)
    by_class = {}
    for cell in cells:
        by_class.setdefault(cell.element.get("class") or "", []).append(cell)
    number_cells = by_class["num"]
    texts = {_text(c).strip() for c in number_cells}
    assert numbers <= texts, texts
    assert all(_lines(c) <= 1 for c in number_cells), [(_lines(c), _text(c)) for c in number_cells]
    title = next(c for c in by_class["agenda-item-title"] if "2027" in _text(c))
    assert _lines(title) > 1  # the long title wraps inside its column …
    for line in (b for b in title.descendants() if isinstance(b, boxes.LineBox)):
        assert line.width <= title.width + 0.5  # … and never runs past it
    range_lines = [b for b in title.descendants() if isinstance(b, boxes.LineBox) and "2027" in _text(b)]
    assert len(range_lines) == 1 and "2022" in _text(range_lines[0])  # «2022–2027» on one line


def test_the_minutes_agenda_keeps_to_the_page_with_its_numbers_on_one_line(session):
    context = session_for_minutes(session=session)
    context["draft"] = True
    html = render_html("meetings/pdf/minutes.html", context, lang="ar")
    refs = {item.decision.reference for item in context["items"] if getattr(item, "decision", None)}
    assert len(refs) == 3
    _check_layout(html, numbers={"1", "2", "3", "4"} | {f"\u2066{r}\u2069" for r in refs})


def test_the_convocation_agenda_keeps_to_the_page(session):
    items = session_items(session=session)
    context = {"session": session, "items": items, "agenda_has_presenters": True}
    html = render_html("meetings/pdf/convocation.html", context, lang="ar")
    _check_layout(html, numbers={"1", "2", "3", "4"})


def test_the_agenda_reads_back_word_by_word(session):
    require_tool("pdftotext")
    context = session_for_minutes(session=session)
    context["draft"] = True
    html = render_html("meetings/pdf/minutes.html", context, lang="ar")
    pdf = html_to_pdf(html)
    assert wrong_words(html, pdf) == []
    text = pdf_text(pdf)
    assert "نقطة جدول الأعمال" in text and "Salon International de l'Artisanat 2025" in text


def test_a_french_agenda_has_french_headers(session):
    context = session_for_minutes(session=session)
    context["draft"] = True
    html = render_html("meetings/pdf/minutes.html", context, lang="fr")
    assert "Point de l&#x27;ordre du jour" in html or "Point de l'ordre du jour" in html
    assert "N°" in html


def test_a_number_range_is_kept_together_and_the_text_escaped():
    assert (
        unbroken_ranges("<b> البرنامج 2022–2027 و2023-2024")
        == '&lt;b&gt; البرنامج <span class="nowrap">2022–2027</span> و<span class="nowrap">2023-2024</span>'
    )
