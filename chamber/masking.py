"""The one mask for personal data (Law 09-08): the audit trail uses it for personal fields, and the logging
filter for CIN- and phone-shaped strings in any log line, the access log included.

Imports nothing of Django's models, so that logging can use it before the apps are loaded.
"""

from __future__ import annotations

import logging
import re

MASK = "******"
# An identifier (CIN, phone, RIB, AMO number): letters, digits, + - . and spaces, with at least four digits.
_IDENTIFIER = re.compile(r"[A-Za-z0-9+\-. ]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# What a CIN or a phone number looks like inside free text: a URL, a query string (encoded or not), a message.
# A CIN: one or two letters and three to six digits, maybe split by a hyphen or an encoded space ("SY770879",
# "sy+770879"); not by a plain space, which would take "of 2026" for a CIN.
# A phone: +212… / 00212… / %2B212… (any country, nine digits or more), or a Moroccan 0[5-8] number of ten
# digits, or the nine national digits typed without the 0; spaces, dots and hyphens may split the digits.
_SEP = r"(?:[ .\-]|%20|\+)?"
# Inside a query string that was itself encoded (a login redirect's `next=`), "%3D" or "%20" comes just before.
_START = r"(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))"
_START_DIGIT = r"(?:(?<![0-9])|(?<=%[0-9A-Fa-f]{2}))"
_PERSONAL_IN_TEXT = re.compile(
    _START + r"[A-Za-z]{1,2}(?:-|%20|\+)?\d{3,6}(?![A-Za-z0-9])"
    r"|(?:\+|%2[Bb]|%252[Bb]|" + _START_DIGIT + r"00)\d(?:" + _SEP + r"\d){8,14}(?![0-9])"
    r"|" + _START_DIGIT + r"0?[5-8](?:" + _SEP + r"\d){8}(?![0-9])"
)


def mask_personal(value: str) -> str:
    """The trail's mask: an identifier keeps its last two characters («******78»), anything else none at all.

    The last two digits let a clerk tell two numbers apart without the trail holding either. E-mails, addresses
    and dates keep nothing. An empty value stays empty, so that "added" and "removed" still read as such.
    """
    text = "" if value is None else str(value)
    if text in ("", "None"):
        return text
    if _IDENTIFIER.fullmatch(text) and sum(map(str.isdigit, text)) >= 4 and not _DATE.fullmatch(text):
        return MASK + text[-2:]
    return MASK


def mask_in_text(text: str) -> str:
    """`text` with every CIN- or phone-shaped string masked as the audit trail masks it."""
    return _PERSONAL_IN_TEXT.sub(lambda match: mask_personal(match.group(0)), text)


class PersonalDataFilter(logging.Filter):
    """Masks CINs and phone numbers in a log record's message, exception and stack, before any handler writes it.

    The message is formatted here (its arguments merged in), so that a CIN passed as an argument is caught too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_in_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_in_text(record.stack_info)
        return True
