"""The one letterhead of every document: logo, Arabic and French names, the Tifinagh line in its bundled font, and
the seat named once."""

import re
import subprocess
import tempfile

import pytest

from chamber.pdf import render_html, render_pdf
from tests.conftest import require_tool
from tests.pdftools import count_phrase, has_phrase, pdf_fonts, pdf_text


@pytest.fixture
def letterhead_pdf(profile):
    return render_pdf("pdf/base.html", lang="ar")


def test_it_shows_both_names_the_kingdom_and_the_tifinagh_line(letterhead_pdf):
    require_tool("pdftotext")
    text = pdf_text(letterhead_pdf)
    for phrase in (
        "المملكة المغربية",
        "غرفة الصناعة التقليدية لجهة فاس مكناس",
        "Royaume du Maroc",
        "Chambre d'Artisanat de la Région",
    ):
        assert has_phrase(text, phrase), phrase
    assert "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ" in pdf_text(letterhead_pdf, raw=True)


def test_a_hyphenated_name_is_never_broken_after_its_hyphen(letterhead_pdf):
    """The French name's column is narrow: it used to end a line with «Fès-» and start the next with «Meknès»."""
    require_tool("pdftotext")
    lines = [line.strip() for line in pdf_text(letterhead_pdf, raw=True).splitlines()]
    assert any("Fès-Meknès" in line for line in lines), lines[:12]
    assert not any(line.endswith("-") for line in lines), lines[:12]


def test_the_tifinagh_line_is_drawn_with_the_bundled_tifinagh_font(letterhead_pdf):
    require_tool("pdffonts")
    assert "Chamber-Tifinagh" in pdf_fonts(letterhead_pdf)


def test_it_names_the_seat_city_once(letterhead_pdf):
    require_tool("pdftotext")
    # The demo's address already ends with the seat («شارع الحسن الثاني، فاس»), so the seat is not repeated.
    # «فاس» is in the chamber's name («…لجهة فاس مكناس») and once in the contact line.
    assert count_phrase(pdf_text(letterhead_pdf), "فاس") == 2


def test_it_prints_the_chamber_logo_from_its_profile(letterhead_pdf, profile):
    require_tool("pdfimages")
    assert profile.logo
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(letterhead_pdf)
        handle.flush()
        listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True).stdout
    assert len(listing.decode().splitlines()) - 2 >= 1, listing


def test_without_a_logo_the_letterhead_still_renders(profile):
    profile.logo.delete(save=True)
    from django.core.cache import cache

    cache.clear()
    html = render_html("pdf/base.html", lang="ar")
    assert "<img" not in html
    assert profile.name_ar in html


def test_a_french_document_puts_the_french_side_first(profile):
    html = render_html("pdf/base.html", lang="fr")
    start = re.search(r'class="lh-side lh-start">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "Royaume du Maroc" in start
    assert "ⵜⴰⴳⵍⴷⵉⵜ" in html


# --- The portal's header and footer show the documents' letterhead (chamber.selectors.letterhead) ------------------


def _portal_parts(client, lang: str) -> tuple[str, str]:
    client.cookies["chamber_language"] = lang
    page = client.get("/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    footer = page[page.index('<footer class="site-footer">') : page.index("</footer>")]
    return header, footer


def _document_letterhead(lang: str) -> str:
    html = render_html("pdf/base.html", lang=lang)
    # Hyphenated names are kept on one line (<span class="nowrap">); the text is what is compared.
    html = re.sub(r'<span class="nowrap">(.*?)</span>', r"\1", html)
    return html[html.index('<header class="letterhead">') : html.index("<main>")]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_portal_shows_the_letterhead_of_the_documents(client, profile, lang):
    from django.utils.html import escape

    from chamber.selectors import letterhead

    header, footer = _portal_parts(client, lang)
    document = _document_letterhead(lang)
    data = letterhead(lang=lang)
    for text in (data.start.kingdom, data.start.name, data.end.name, profile.tifinagh_line):
        assert escape(text) in header, text
        assert escape(text) in document, text
    assert escape(data.contact) in footer
    assert escape(data.contact) in document
    assert f"/media/{profile.logo.name}" in header and profile.logo.name in document


def test_the_portal_footer_names_the_seat_once(client, profile):
    _header, footer = _portal_parts(client, "ar")
    # «فاس» once in the chamber's name («…لجهة فاس مكناس») and once in the contact line, as on the documents.
    assert count_phrase(footer, "فاس") == 2
    assert count_phrase(_document_letterhead("ar"), "فاس") == 3  # the same, and the logo's alternative text


def test_a_new_address_shows_on_the_portal_and_the_documents_alike(client, profile):
    profile.address_ar = "زنقة الأطلس، حي النور"
    profile.save()
    _header, footer = _portal_parts(client, "ar")
    assert "زنقة الأطلس، حي النور، فاس" in footer
    assert "زنقة الأطلس، حي النور، فاس" in _document_letterhead("ar")
