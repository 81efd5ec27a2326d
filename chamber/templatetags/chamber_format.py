"""Template filters over chamber.formatting, installed as builtins so every template has them."""

from django import template
from django.utils.html import format_html

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
def ltr(value):
    """Keep a Latin reference, code or e-mail in left-to-right order inside Arabic text (pages and PDFs)."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}{}{}</bdi>', formatting.LRI, value, formatting.PDI)
