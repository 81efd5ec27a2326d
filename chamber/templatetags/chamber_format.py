"""Template filters over chamber.formatting, installed as builtins so every template has them."""

import re

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chamber import formatting

register = template.Library()


@register.filter
def mdate(value, lang=None):
    """{{ d|mdate }} → 22 يونيو 2023 in the active language."""
    return formatting.format_date(value, lang)


@register.filter
def mdate_long(value, lang=None):
    """{{ d|mdate_long }} → الخميس 22 يونيو 2023."""
    return formatting.format_date(value, lang, weekday=True)


@register.filter
def mtime(value):
    return formatting.format_time(value)


@register.filter
def hijri(value):
    return formatting.format_hijri(value)


@register.filter
def mad(value, lang=None):
    """{{ amount|mad }} → 2.160.000,00 درهم."""
    return formatting.format_amount(value, lang)


@register.filter
def num(value, lang=None):
    return formatting.format_number(value, lang)


@register.filter
def qty(value, lang=None):
    return formatting.format_quantity(value, lang)


@register.filter
def pct(value):
    return formatting.format_percent(value)


@register.filter
def phone(value):
    """A stored E.164 phone, shown left-to-right even inside Arabic text.

    Browsers honour <bdi dir="ltr">; WeasyPrint ignores unicode-bidi, so Unicode isolate marks (LRI…PDI) inside
    it keep the digits in order in PDFs too.
    """
    text = formatting.format_phone(value, isolate=True)
    return format_html('<bdi dir="ltr">{}</bdi>', text) if text else ""


@register.filter
def unbroken_ranges(value):
    """Text with each number range («2022–2027», «2022-2027») kept on one line (a PDF table cell wraps its words, and
    a range split after its dash reads as two numbers)."""
    text = conditional_escape("" if value is None else value)
    return mark_safe(_NUMBER_RANGE.sub(r'<span class="nowrap">\g<0></span>', text))  # escaped above


_NUMBER_RANGE = re.compile(r"(?<![\d.,])\d[\d.,/]*\s?[–-]\s?\d[\d.,/]*(?![\d.,])")


@register.filter
def unbroken_hyphens(value):
    """Text with each hyphenated name («Fès-Meknès») kept on one line: a narrow column would otherwise break the line
    after the hyphen and print «Fès-» and «Meknès» as two lines."""
    text = conditional_escape("" if value is None else value)
    return mark_safe(_HYPHENATED.sub(r'<span class="nowrap">\g<0></span>', text))  # escaped above


_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


@register.filter
def ltr(value):
    """Keep a Latin reference, code or e-mail in left-to-right order inside Arabic text (pages and PDFs)."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}{}{}</bdi>', formatting.LRI, value, formatting.PDI)


# --- Text direction and language of content (issue 16) -------------------------------------------------------

RTL_LANGUAGES = {"ar"}
LANGUAGE_NOTES = {"ar": _("in Arabic"), "fr": _("in French"), "en": _("in English")}


def _page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


# «2022–2027» in Arabic text: the en dash is a neutral, so the bidi algorithm lays the two numbers out right to
# left and the page reads «2027–2022». Isolated left to right, a range reads as written (the PDFs do the same with
# Unicode isolates, chamber.pdf.isolate_number_ranges). A range already isolated is left alone; a hyphen needs
# nothing (between two numbers it joins them).
_EN_DASH_RANGE = re.compile(r'(?<![\d.,])(?<!dir="ltr">)(\d[\d.,/]*–\d[\d.,/]*)(?![\d.,])')


def isolate_number_ranges_html(html: str) -> SafeString:
    """Escaped or safe `html` with each number range wrapped in <bdi dir="ltr">."""
    return mark_safe(_EN_DASH_RANGE.sub(r'<bdi dir="ltr">\1</bdi>', html))


def in_language_html(value, lang: str, *, block: bool = False, note: bool = True):
    """`value`, written in `lang`, as it must sit in the current page: unchanged in a page of the same language;
    otherwise wrapped with its own language and direction (so Arabic inside a French page reads right to left,
    with its punctuation in place), followed by a small note naming its language when `note` is set. In
    right-to-left text, number ranges («2022–2027») are isolated left to right so that they read as written."""
    if value in (None, ""):
        return ""
    if block:
        value = linebreaksbr(value)
    value = conditional_escape(value)
    if lang in RTL_LANGUAGES:
        value = isolate_number_ranges_html(value)
    page = _page_language()
    if lang == page:
        return value
    direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
    tag = "div" if block else "bdi"
    html = format_html('<{} lang="{}" dir="{}">{}</{}>', tag, lang, direction, value, tag)
    if note and lang in LANGUAGE_NOTES:
        html = format_html('{} <small class="lang-note">({})</small>', html, LANGUAGE_NOTES[lang])
    return html


@register.filter
def arabic(value):
    """Arabic-only content (decision wording, Arabic names, titles) inside any page: {{ decision.text|arabic }}."""
    return in_language_html(value, "ar", note=False)


@register.filter
def arabic_block(value):
    """The same for a paragraph or a rich-text block: a <div dir="rtl" lang="ar"> outside Arabic pages."""
    return in_language_html(value, "ar", block=True, note=False)


@register.simple_tag
def translated(obj, field: str, block: bool = False):
    """A modeltranslation field in the page's language or, when missing, in the first fallback language that has
    it, marked with that language and direction and a note saying which language it is shown in:
    {% translated exhibition "title" %}, {% translated artisan "bio" block=True %}."""
    page = _page_language()
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [page, *(code for code in fallbacks.get(page, fallbacks["default"]) if code != page)]
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return in_language_html(value, code, block=block)
    value = getattr(obj, field, "")
    return in_language_html(value, page, block=block)
