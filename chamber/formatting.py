"""The one place that formats dates, amounts, numbers and phones the Moroccan way, for pages, admin and PDFs.

Arabic uses the Moroccan month names (يوليوز، غشت، شتنبر…), Western digits, "." for thousands and "," for
decimals, and "درهم"; French uses "2 160 000,00 DH".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import phonenumbers
from babel.dates import format_date as babel_format_date
from django.utils import timezone, translation

AR_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)
AR_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip

# Unicode isolates keep a phone number or a Latin reference in its own direction inside Arabic text.
LRI, PDI = "\u2066", "\u2069"

# French groups thousands with a no-break space (as Django's French locale does): with a plain one a narrow list
# column broke «1 500 000,00 DH» into «1 500» and «000,00 DH».
_SEPARATORS = {"ar": (".", ","), "fr": ("\u00a0", ","), "en": (",", ".")}
_CURRENCY = {"ar": "درهم", "fr": "DH", "en": "MAD"}


def current_language(lang: str | None = None) -> str:
    code = (lang or translation.get_language() or "ar")[:2]
    return code if code in _SEPARATORS else "ar"


def format_date(
    value: dt.date | dt.datetime | None, lang: str | None = None, *, weekday: bool = False
) -> str:
    """22 يونيو 2023 / 22 juin 2023 / 22 June 2023; with weekday=True: الخميس 22 يونيو 2023."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    lang = current_language(lang)
    if lang == "ar":
        text = f"{value.day} {AR_MONTHS[value.month - 1]} {value.year}"
        return f"{AR_WEEKDAYS[value.weekday()]} {text}" if weekday else text
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    return babel_format_date(value, pattern, locale=lang)


def format_month(value: dt.date, lang: str | None = None) -> str:
    """يونيو 2023 / juin 2023."""
    lang = current_language(lang)
    if lang == "ar":
        return f"{AR_MONTHS[value.month - 1]} {value.year}"
    return babel_format_date(value, "MMMM y", locale=lang)


def format_time(value: dt.time | dt.datetime | None) -> str:
    """24-hour time, 10:30, the same in every language."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: dt.datetime | None, lang: str | None = None, *, weekday: bool = False) -> str:
    if value is None:
        return ""
    return f"{format_date(value, lang, weekday=weekday)} {format_time(value)}"


def format_hijri(value: dt.date | None) -> str:
    """The Hijri (Umm al-Qura) date in Arabic, e.g. 4 ذو الحجة 1444, for a touch on minutes."""
    if value is None:
        return ""
    from hijridate import Gregorian

    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year}"


def _group(digits: str, sep: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return sep.join(reversed(parts))


def format_number(value: int | Decimal | float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    """235.000 (ar), 235 000 (fr, a no-break space), 235,000 (en); Western digits always."""
    if value is None:
        return ""
    lang = current_language(lang)
    thousands, decimal_sep = _SEPARATORS[lang]
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = _group(whole, thousands)
    if decimals:
        text += decimal_sep + fraction.ljust(decimals, "0")
    return sign + text


def format_quantity(
    value: int | Decimal | float | None, lang: str | None = None, *, max_decimals: int = 3
) -> str:
    """A quantity as people write it: 1 and 25 when whole, 2,5 or 0,125 otherwise (never «1,00 عدة»)."""
    if value is None:
        return ""
    number = (
        Decimal(str(value)).quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP).normalize()
    )
    decimals = max(0, -number.as_tuple().exponent)
    return format_number(number, lang, decimals=decimals)


def format_amount(
    value: Decimal | int | float | None, lang: str | None = None, *, currency: bool = True
) -> str:
    """2.160.000,00 درهم (ar), 2 160 000,00 DH (fr), 2,160,000.00 MAD (en)."""
    if value is None:
        return ""
    lang = current_language(lang)
    text = format_number(value, lang, decimals=2)
    return f"{text} {_CURRENCY[lang]}" if currency else text


_AMOUNT_SPACES = str.maketrans(
    dict.fromkeys("\u00a0\u202f\u2009\u066c", " ")
)  # the Arabic thousands mark too


def parse_amount(text: str, lang: str | None = None) -> Decimal:
    """An amount as a clerk types it back into a form: 2.160.000,00 (ar), 2 160 000,00 (fr), 2,160,000.00 (en), or
    plain 2160000.00; ValueError when it is not one.

    Spaces group thousands. With both "." and ",", the last one is the decimal mark. With one of them only,
    repeated, it groups thousands; once, it is the decimal mark unless three digits follow it, and then the language
    decides: in Arabic and French «2.160» is two thousand one hundred and sixty (the grouping format_amount writes),
    in English «2,160» is.
    """
    lang = current_language(lang)
    raw = (text or "").strip().translate(_AMOUNT_SPACES).replace("\u066b", ",")
    sign = ""
    if raw[:1] in ("+", "-"):
        sign, raw = raw[0], raw[1:]
    if not raw or not re.fullmatch(r"[\d., ]+", raw) or not raw[0].isdigit() or not raw[-1].isdigit():
        raise ValueError(text)
    marks = [c for c in raw if c in ".,"]
    decimal_mark = thousands = ""
    if " " in raw:
        if len(marks) > 1:
            raise ValueError(text)
        thousands, decimal_mark = " ", "".join(marks)
    elif "." in marks and "," in marks:
        decimal_mark = marks[-1]
        thousands = "," if decimal_mark == "." else "."
        if marks.count(decimal_mark) > 1:
            raise ValueError(text)
    elif marks:
        mark = marks[0]
        if len(marks) > 1:
            thousands = mark
        elif len(raw) - raw.index(mark) - 1 == 3:
            grouping_mark = "." if lang in ("ar", "fr") else ","
            thousands, decimal_mark = (mark, "") if mark == grouping_mark else ("", mark)
        else:
            decimal_mark = mark
    whole, _, fraction = raw.partition(decimal_mark) if decimal_mark else (raw, "", "")
    if thousands and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", whole):
        raise ValueError(text)
    if not fraction.isdigit() and fraction:
        raise ValueError(text)
    digits = whole.replace(thousands, "") if thousands else whole
    return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")


def format_percent(
    value: Decimal | float | None, lang: str | None = None, *, decimals: int | None = 1
) -> str:
    """12,5 % with `decimals` decimals; with decimals=None as many as the value has, up to two, as a clerk entered
    it: 90 %, 90,5 %, 12,25 % (a project's physical progress), never «90,00 %»."""
    if value is None:
        return ""
    if decimals is None:
        return f"{format_quantity(value, lang, max_decimals=2)} %"
    return f"{format_number(value, lang, decimals=decimals)} %"


def format_phone(e164: str | None, *, isolate: bool = False) -> str:
    """A stored E.164 number in Morocco's national form, 06 12 34 56 78; foreign numbers stay international."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "MA")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 212:
        national = str(number.national_number).rjust(9, "0")
        digits = "0" + national
        text = " ".join([digits[:2]] + [digits[i : i + 2] for i in range(2, 10, 2)])
    else:
        text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{LRI}{text}{PDI}" if isolate else text


def arabic_count(
    count: int, *, singular: str, dual: str, plural: str, accusative: str, one: str | None = None
) -> str:
    """Arabic number–noun agreement, e.g. for صوت: 1 صوت واحد, 2 صوتان, 3–10 أصوات, 11–99 صوتا, 100 صوت.

    `one` overrides the phrase for 1 (for a feminine noun: عضوة واحدة); the dual stands alone, without digits.
    """
    if count == 1:
        return one or f"{singular} واحد"
    if count == 2:
        return dual
    rest = count % 100
    if 3 <= rest <= 10:
        return f"{count} {plural}"
    if 11 <= rest <= 99:
        return f"{count} {accusative}"
    return f"{count} {singular}"  # 0, 100, 101, 102, 1000…
