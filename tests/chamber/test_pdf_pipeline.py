"""The one PDF pipeline: Arabic text extracts cleanly, only the bundled Noto fonts are embedded, and the fetcher refuses anything
outside static and media."""

import datetime as dt
import os
import re
from decimal import Decimal

import pytest
from weasyprint.urls import URLFetchingError

from chamber.pdf import SafeURLFetcher, html_to_pdf, render_pdf
from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_attachments, pdf_fonts, pdf_metadata, pdf_text, pdf_to_png

SPECIMEN = {
    "label": "دورة يونيو 2023",
    "title": "وثيقة تجريبية",
    "text_ar": "صادقت الجمعية العامة بالإجماع على مشروع اتفاقية الشراكة مع غرفة Ziguinchor بدولة السنغال.",
    "text_fr": "Chambre d'Artisanat de la Région Fès-Meknès",
    "amount": Decimal("2160000"),
    "day": dt.date(2023, 6, 22),
    "phone": "+212612345678",
    "rows": [("TAO-2016", Decimal("28250000")), ("FM-2023-BE", Decimal("0.5"))],
}


@pytest.fixture
def specimen_pdf(profile):
    return render_pdf("chamber/pdf/specimen.html", SPECIMEN, lang="ar")


def test_arabic_french_numbers_and_phone_extract_in_order(specimen_pdf):
    require_tool("pdftotext")
    text = pdf_text(specimen_pdf)
    for phrase in (
        "صادقت الجمعية العامة بالإجماع على مشروع اتفاقية الشراكة مع غرفة Ziguinchor بدولة السنغال",
        "Chambre d'Artisanat de la Région Fès-Meknès",
        "2.160.000,00 درهم",
        "الخميس 22 يونيو 2023",
        "06 12 34 56 78",
        "28.250.000,00 درهم",
        "غرفة الصناعة التقليدية لجهة فاس مكناس",  # letterhead from the profile
    ):
        assert has_phrase(text, phrase), phrase
    # The phone number keeps its left-to-right order inside the Arabic sentence.
    assert "06 12 34 56 78" in text


def test_every_page_is_numbered_in_arabic(specimen_pdf):
    require_tool("pdftotext")
    assert has_phrase(pdf_text(specimen_pdf), "صفحة 1 من 1")


def test_only_the_bundled_fonts_are_embedded(specimen_pdf):
    require_tool("pdffonts")
    fonts = pdf_fonts(specimen_pdf)
    assert fonts, "no font embedded"
    # pdf.css names the bundled files with families of its own, so no system font can stand in for them.
    assert all(name.startswith(("Chamber-Naskh", "Chamber-Serif", "Chamber-Tifinagh")) for name in fonts), (
        fonts
    )


def test_a_page_renders_to_png(specimen_pdf, tmp_path):
    require_tool("pdftoppm")
    png = pdf_to_png(specimen_pdf, tmp_path / "page")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 5_000  # a blank page is much smaller


def test_the_output_is_pdf_a_level_a(specimen_pdf):
    require_tool("pdfinfo")
    metadata = pdf_metadata(specimen_pdf)
    assert "pdfaid:part" in metadata
    assert 'pdfaid:conformance="A"' in metadata or "<pdfaid:conformance>A<" in metadata


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1/", "https://example.com/logo.png", "ftp://127.0.0.1/x"]
)
def test_the_fetcher_refuses_network_and_outside_files(url):
    with pytest.raises(URLFetchingError):
        SafeURLFetcher().fetch(url)


def test_the_fetcher_refuses_a_symlink_in_media_pointing_outside(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "chamber").mkdir(parents=True)
    os.symlink("/etc/passwd", settings.MEDIA_ROOT / "chamber" / "innocent.png")
    with pytest.raises(URLFetchingError):
        SafeURLFetcher().fetch("file:///media/chamber/innocent.png")


def test_the_fetcher_serves_static_files_the_logo_and_photos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for folder in ("chamber", "artisans/photos"):
        (settings.MEDIA_ROOT / folder).mkdir(parents=True)
        (settings.MEDIA_ROOT / folder / "image.png").write_bytes(b"\x89PNG")
    assert SafeURLFetcher().fetch("file:///media/chamber/image.png").read() == b"\x89PNG"
    assert SafeURLFetcher().fetch("file:///media/artisans/photos/image.png").read() == b"\x89PNG"
    assert SafeURLFetcher().fetch("file:///static/css/pdf.css").read().startswith(b"/*")


@pytest.mark.parametrize(
    "name",
    [
        "minutes/2023/minutes.pdf",  # stored documents, imports, attachments: never inside a PDF
        "imports/artisans.png",
        "chamber/notes.txt",  # the logo folder, but not an image
        "chamber/../minutes/secret.png",
    ],
)
def test_the_fetcher_refuses_other_media(settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    target = (settings.MEDIA_ROOT / name).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"private")
    (settings.MEDIA_ROOT / "chamber").mkdir(exist_ok=True)
    with pytest.raises(URLFetchingError):
        SafeURLFetcher().fetch(f"file:///media/{name}")
    with pytest.raises(URLFetchingError):  # nor by its absolute path
        SafeURLFetcher().fetch(f"file://{target}")


def test_the_document_is_tagged_and_says_its_language(specimen_pdf, profile):
    require_tool("pdfinfo")
    import io

    from pypdf import PdfReader

    from tests.pdftools import pdf_info

    assert re.search(r"Tagged:\s+yes", pdf_info(specimen_pdf))
    catalog = PdfReader(io.BytesIO(specimen_pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "ar"
    assert "/StructTreeRoot" in catalog
    french = render_pdf("chamber/pdf/specimen.html", SPECIMEN, lang="fr")
    assert PdfReader(io.BytesIO(french)).trailer["/Root"]["/Lang"] == "fr"


def test_a_document_cannot_attach_or_embed_local_files(profile):
    require_tool("pdfdetach")
    html = (
        '<html dir="rtl"><head><link rel="stylesheet" href="/static/css/pdf.css">'
        '<link rel="attachment" href="file:///etc/passwd"></head>'
        '<body><p>نص</p><img src="http://127.0.0.1:9/x.png"><a rel="attachment" href="file:///etc/hostname">x</a>'
        "</body></html>"
    )
    pdf = html_to_pdf(html)
    assert b"root:x:0:0" not in pdf
    assert "0 embedded files" in pdf_attachments(pdf)


def test_a_document_keeps_its_arabic_file_name_when_sent():
    from chamber.pdf import Document, document_response

    response = document_response(Document("محضر-دورة-يونيو-2023.pdf", b"%PDF-1.7"), inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%D9%85%D8%AD%D8%B6%D8%B1" in response["Content-Disposition"]  # محضر, percent-encoded
    inline = document_response(Document("minutes.pdf", b"%PDF-1.7"), inline=True)
    assert inline["Content-Disposition"] == 'inline; filename="minutes.pdf"'
