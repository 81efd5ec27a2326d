"""The one PDF pipeline: a template and its context become PDF bytes through WeasyPrint, under a chosen language.

The text layer is exact: the bundled Noto Naskh Arabic draws the text, and chamber.pdftext gives every glyph that
WeasyPrint's font mapping would misread its true text as /ActualText, so copying, searching and screen readers get
the words the page shows.

Resources are fetched only from the project's static files and media; the network, other local files, and
symlinks that lead outside are refused. Documents extend templates/pdf/base.html, which draws the letterhead
from the chamber's profile and numbers every page "صفحة X من Y".
"""

from __future__ import annotations

import logging
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from chamber import pdftext

logger = logging.getLogger(__name__)

pdftext.install()

# Relative URLs in PDF templates ({% static %} gives /static/…) resolve against this base, then the fetcher maps
# /static/ and /media/ onto the real folders.
BASE_URL = "file:///"


@dataclass(frozen=True)
class Document:
    """A rendered document, ready to send: what pretix's renderers return."""

    filename: str
    content: bytes
    mimetype: str = "application/pdf"


def document_response(document: Document, *, inline: bool = False) -> HttpResponse:
    """Send a rendered document; Arabic file names are encoded per RFC 6266 so every browser keeps them."""
    response = HttpResponse(document.content, content_type=document.mimetype)
    response["Content-Disposition"] = content_disposition_header(not inline, document.filename)
    return response


class RefusedResource(URLFetchingError):
    """A PDF template asked for something outside static and media."""


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple) else entry))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def _stored_on_disk() -> bool:
    """Whether stored files are files on this disk (then read as such, with the symlink check of resolve())."""
    return isinstance(default_storage, FileSystemStorage)


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


# The media folders a document may show: the chamber's logo (ChamberProfile.logo) and the artisans' photos. Other
# uploads (attachments, stored minutes, imports) never end up in a PDF, whatever a template asks.
PDF_MEDIA_FOLDERS = ("chamber/", "artisans/photos/")
PDF_MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")


class SafeURLFetcher(URLFetcher):
    """Serves data: URLs, static files, and the logo and photos under media; refuses everything else, redirects
    included."""

    def __init__(self, **kwargs):
        super().__init__(allow_redirects=False, allowed_protocols={"data", "file"}, **kwargs)
        self._roots = _static_roots()

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(f"refused a non-local resource: {scheme}:")
        raw = unquote(urlsplit(url).path)
        if raw.startswith(settings.MEDIA_URL) and not _stored_on_disk():
            # Stored files are read through the storage API, so S3-compatible storage works as the disk does.
            name = raw[len(settings.MEDIA_URL) :]
            try:
                with default_storage.open(name, "rb") as stored:
                    body = stored.read()
            except (OSError, SuspiciousFileOperation) as exc:
                raise RefusedResource("refused a stored file that cannot be read") from exc
            mimetype, _ = mimetypes.guess_type(name)
            return URLFetcherResponse(
                url, body=body, headers={"Content-Type": mimetype or "application/octet-stream"}
            )
        path = self.resolve(url)
        mimetype, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mimetype or "application/octet-stream"}
        )

    def resolve(self, url: str) -> Path:
        """The real file behind a file: URL, or RefusedResource."""
        raw = unquote(urlsplit(url).path)
        candidate: Path | None = None
        if raw.startswith(settings.STATIC_URL):
            found = finders.find(raw[len(settings.STATIC_URL) :])
            candidate = Path(found) if found else Path(settings.STATIC_ROOT) / raw[len(settings.STATIC_URL) :]
        elif raw.startswith(settings.MEDIA_URL):
            name = raw[len(settings.MEDIA_URL) :]
            if not name.startswith(PDF_MEDIA_FOLDERS) or mimetypes.guess_type(name)[0] not in PDF_MEDIA_TYPES:
                raise RefusedResource(
                    "refused a media file that is not the chamber's logo or an artisan's photo"
                )
            media_root = Path(settings.MEDIA_ROOT).resolve()
            real = (media_root / name).resolve()  # a symlink is judged by its target
            if (
                not any(real.is_relative_to(media_root / folder) for folder in PDF_MEDIA_FOLDERS)
                or not real.is_file()
            ):
                raise RefusedResource("refused a media file outside the logo and photo folders")
            return real
        else:
            candidate = Path(raw)
        real = candidate.resolve()  # follows symlinks, so a link pointing outside is judged by its target
        if not _inside(real, self._roots) or not real.is_file():
            raise RefusedResource("refused a local file outside the project's static files")
        return real


# Labels that templates/pdf/base.html prints on every document, as they read in each language. They are written out
# here rather than looked up through gettext because they check that gettext found the catalogue.
LETTERHEAD_LABELS = {
    "ar": ("المملكة المغربية", "صفحة"),
    "fr": ("Royaume du Maroc", "Page"),
    "en": ("Kingdom of Morocco", "Page"),
}


class WrongLanguage(ValidationError):
    """A document meant for good came out with labels in another language: its catalogue was not loaded."""


def require_language(html: str, *, lang: str) -> None:
    """Refuse a rendering whose letterhead labels are not those of `lang` (for documents stored for good)."""
    missing = [label for label in LETTERHEAD_LABELS.get(lang, ()) if label not in html]
    if missing:
        logger.error(
            "a final document rendered in %s lacks the labels %s; catalogues not loaded?", lang, missing
        )
        raise WrongLanguage(
            _(
                "The document was not stored: its labels did not come out in %(language)s (missing: %(labels)s). "
                "The translation catalogues were not loaded; compile them (manage.py compile_catalogues) and "
                "restart the server."
            )
            % {
                "language": translation.get_language_info(lang)["name_translated"],
                "labels": ", ".join(missing),
            }
        )


def render_html(template_name: str, context: dict | None = None, *, lang: str = "ar") -> str:
    from chamber.selectors import chamber_profile, letterhead

    with translation.override(lang):
        full_context = {
            "profile": chamber_profile(),
            "letterhead": letterhead(lang=lang),
            "lang": lang,
            **(context or {}),
        }
        return render_to_string(template_name, full_context)


def render_pdf(
    template_name: str,
    context: dict | None = None,
    *,
    lang: str = "ar",
    pdf_a: bool = True,
    final: bool = False,
) -> bytes:
    """Render `template_name` with `context` in `lang` and return the PDF bytes.

    A `final` document (one that is hashed and stored for good) is refused with WrongLanguage unless its labels
    came out in `lang`.
    """
    html = render_html(template_name, context, lang=lang)
    if final:
        require_language(html, lang=lang)
    return html_to_pdf(html, pdf_a=pdf_a)


# «2022–2027» in Arabic text: the en dash is a neutral, so the bidi algorithm lays the two years out right to left
# and readers rebuilding the line from the glyphs (pdftotext) give «2027–2022». Isolated left to right, a range
# reads as it is written, as a hyphenated one already does.
_NUMBER_RANGE = re.compile(r"(?<![\d.,\u2066])(\d[\d.,/]*–\d[\d.,/]*)(?![\d.,])")


def isolate_number_ranges(html: str) -> str:
    """`html` with each number range of its body wrapped in a left-to-right isolate."""
    head, separator, body = html.partition("<body")
    if not separator:
        return html
    return head + separator + _NUMBER_RANGE.sub("\u2066\\1\u2069", body)


def html_to_pdf(html: str, *, pdf_a: bool = True) -> bytes:
    """PDF bytes of `html`: tagged (a structure tree gives screen readers the reading order), PDF/A-3a by default,
    with the document language taken from the html element's lang attribute."""
    html = isolate_number_ranges(html)
    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    direction = "rtl" if _RTL_PAGE.search(html) else "ltr"
    options = {"font_config": FontConfiguration(), "uncompressed_pdf": False, "pdf_tags": True}
    if pdf_a:
        # Level A of PDF/A is the accessible one: tagged, with Unicode text.
        options["pdf_variant"] = "pdf/a-3a"
    with pdftext.page_direction(direction):
        return document.write_pdf(**options)


_RTL_PAGE = re.compile(r'<html[^>]*\bdir="rtl"')
