"""Rich text of the minutes: nh3 keeps the formatting the editor offers and drops the rest; the editor is served
from the project's static files; the services store cleaned summaries and the PDF prints their formatting."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from chamber.richtext import ALLOWED_TAGS, RichTextWidget, clean_html


def test_simple_tags_survive_without_attributes():
    assert clean_html('<p class="x" onclick="y">نص <b>مهم</b></p>') == "<p>نص <b>مهم</b></p>"


def test_scripts_links_and_styles_are_dropped_with_their_content():
    html = '<script>alert(1)</script><a href="javascript:x">رابط</a><style>p{}</style><img src=x onerror=y>'
    assert clean_html(html) == "رابط"


def test_style_attributes_and_url_are_removed():
    html = '<p style="background: url(https://example.invalid/x.png)">نص</p><u style="color:red">مسطر</u>'
    assert clean_html(html) == "<p>نص</p><u>مسطر</u>"
    assert "url(" not in clean_html('<p style="background-image:url(javascript:alert(1))">x</p>')


def test_text_is_escaped_and_open_tags_are_closed():
    assert clean_html("<ul><li>1 < 2 & 3") == "<ul><li>1 &lt; 2 &amp; 3</li></ul>"


def test_an_empty_editor_paragraph_is_no_text():
    assert clean_html("<p></p>") == "" and clean_html(None) == ""


def test_the_editor_offers_what_the_cleaning_keeps():
    """Every mark the editor's module loads has its tag in the allow-list (no formatting lost on saving)."""
    source = Path(finders.find("chamber/prose-editor.js")).read_text(encoding="utf-8")
    tags = {"Bold": "strong", "Italic": "em", "Underline": "u", "BulletList": "ul", "OrderedList": "ol",
            "ListItem": "li", "Paragraph": "p", "HardBreak": "br"}  # fmt: skip
    for extension, tag in tags.items():
        assert extension in source and tag in ALLOWED_TAGS
    for extra in ("Link", "Table", "Heading", "HTML"):
        assert f" {extra}," not in source


def test_the_editor_is_served_from_static_files_without_a_cdn():
    media = str(RichTextWidget().media)
    assert "/static/chamber/prose-editor.js" in media and 'type="module"' in media
    assert "http" not in media.replace("/static/", "")
    assert finders.find("django_prose_editor/editor.js")
    imports = Path(finders.find("chamber/prose-editor.js")).read_text(encoding="utf-8")
    assert 'from "../django_prose_editor/editor.js"' in imports


@pytest.mark.django_db
def test_the_services_store_cleaned_summaries(profile):
    from meetings import services
    from tests.meetings.factories import SessionFactory

    session = SessionFactory()
    services.session_update(
        session=session, opening_summary_ar='<p style="x">افتتاح <script>x()</script></p>'
    )
    item = services.agenda_item_add(
        session=session, title="نقطة", summary_ar="<p onclick='y'><strong>مهم</strong></p>"
    )
    session.refresh_from_db()
    item.refresh_from_db()
    assert session.opening_summary_ar == "<p>افتتاح </p>"
    assert item.summary_ar == "<p><strong>مهم</strong></p>"


@pytest.mark.django_db
def test_the_summaries_use_the_editor_in_the_admin(client, secretary, profile):
    from tests.meetings.factories import AgendaItemFactory

    item = AgendaItemFactory()
    client.force_login(secretary)
    session_page = client.get(
        reverse("admin:meetings_session_change", args=[item.session.pk])
    ).content.decode()
    item_page = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content.decode()
    assert 'name="opening_summary_ar"' in session_page and "data-chamber-prose" in session_page
    assert "chamber/prose-editor.js" in item_page and "data-chamber-prose" in item_page


@pytest.mark.django_db
def test_formatting_typed_in_the_editor_comes_out_in_the_minutes_pdf(profile):
    from chamber.pdf import render_html
    from meetings import services
    from meetings.documents import minutes_pdf
    from meetings.selectors import session_for_minutes
    from tests.conftest import require_tool
    from tests.meetings.factories import assembly, held_session
    from tests.pdftools import has_phrase, pdf_fonts, pdf_text

    require_tool("pdftotext")
    require_tool("pdffonts")
    session = held_session(assembly(4))
    services.agenda_item_add(
        session=session,
        title="تقييم المعارض",
        summary_ar="<p>نص عادي</p><p><strong>خلاصة مهمة</strong> و<em>ملاحظة</em></p><ul><li>البند الأول</li></ul>"
        '<p style="background:url(x)"><script>alert(1)</script>نهاية</p>',
    )
    pdf = minutes_pdf(session=session).content
    text = pdf_text(pdf)
    for phrase in ("نص عادي", "خلاصة مهمة", "البند الأول", "نهاية"):
        assert has_phrase(text, phrase), phrase
    assert "alert" not in text
    html = render_html("meetings/pdf/minutes.html", session_for_minutes(session=session), lang="ar")
    assert (
        "<strong>خلاصة مهمة</strong>" in html and "<em>ملاحظة</em>" in html and "<li>البند الأول</li>" in html
    )
    assert "url(" not in html.split('class="summary"')[1].split("</div>")[0]
    assert any("bold" in font.lower() for font in pdf_fonts(pdf))
