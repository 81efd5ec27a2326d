"""The national identity card number (CIN) and phone numbers, cleaned and checked in one place: the models'
validators, the admin and portal forms, the imports and the searches all use these."""

from __future__ import annotations

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")
MOROCCAN_NATIONAL_RE = re.compile(r"0[5-8]\d{8}")
MOROCCAN_E164_RE = re.compile(r"\+212[5-8]\d{8}")


def normalize_cin(value: str | None) -> str:
    """« ab 12-345 » → «AB12345»: spaces, dashes and dots dropped, letters upper case."""
    return re.sub(r"[\s\-.]", "", value or "").upper()


def validate_cin(value: str) -> None:
    if not CIN_RE.match(normalize_cin(value)):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid CIN: expected one or two letters followed by 1 to 6 digits, e.g. AB123456."
            ),
            code="invalid_cin",
            params={"value": value},
        )


@functools.lru_cache(maxsize=4096)
def _valid_moroccan(national_number: int) -> bool:
    """phonenumbers' own validity check of +212 `national_number`, remembered: an import checks each number in the
    widget and again in the model's clean(), one row apart, and that check is most of a phone's cost."""
    return phonenumbers.is_valid_number(
        phonenumbers.PhoneNumber(country_code=212, national_number=national_number)
    )


def normalize_phone(value: str | None, *, region: str = "MA") -> str:
    """Parse a phone number (Moroccan unless it says otherwise, or `region`'s) and return it as E.164; raise
    ValidationError if it is not a valid number. An empty value stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    if region == "MA" and MOROCCAN_NATIONAL_RE.fullmatch(value):
        # What parse(value, "MA") gives for this form, a third of its time: drop the trunk 0, country code 212.
        if _valid_moroccan(int(value[1:])):
            return f"+212{value[1:]}"
    elif region == "MA" and MOROCCAN_E164_RE.fullmatch(value) and _valid_moroccan(int(value[4:])):
        # The stored form, read again by Artisan.clean() after an import's widget normalised it: the same check.
        return value
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."), code="invalid_phone", params={"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
