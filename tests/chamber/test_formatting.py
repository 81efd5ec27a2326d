"""Moroccan formats: month names, weekdays, amounts from 0 to billions, numbers, phones, Arabic counting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from chamber import formatting

MOROCCAN_MONTHS = [
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
]
FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_arabic_uses_the_moroccan_name(month):
    assert formatting.format_date(dt.date(2023, month, 22), "ar") == f"22 {MOROCCAN_MONTHS[month - 1]} 2023"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_french(month):
    assert formatting.format_date(dt.date(2023, month, 1), "fr") == f"1 {FRENCH_MONTHS[month - 1]} 2023"


def test_the_weekday_is_written_before_the_date():
    assert formatting.format_date(dt.date(2023, 6, 22), "ar", weekday=True) == "الخميس 22 يونيو 2023"
    assert formatting.format_date(dt.date(2025, 6, 26), "fr", weekday=True) == "jeudi 26 juin 2025"


def test_the_active_language_decides_when_none_is_given():
    with translation.override("fr"):
        assert formatting.format_date(dt.date(2025, 7, 2)) == "2 juillet 2025"
    with translation.override("ar"):
        assert formatting.format_date(dt.date(2025, 7, 2)) == "2 يوليوز 2025"


def test_an_aware_datetime_is_shown_in_casablanca_time():
    moment = dt.datetime(2023, 6, 21, 23, 30, tzinfo=dt.UTC)  # 22 June 00:30 in Casablanca (UTC+1)
    assert formatting.format_datetime(moment, "ar") == "22 يونيو 2023 00:30"


@pytest.mark.parametrize(
    ("amount", "arabic", "french", "english"),
    [
        (Decimal("0"), "0,00 درهم", "0,00 DH", "0.00 MAD"),
        (Decimal("0.5"), "0,50 درهم", "0,50 DH", "0.50 MAD"),
        (Decimal("999.999"), "1.000,00 درهم", "1\u00a0000,00 DH", "1,000.00 MAD"),
        (Decimal("1234.5"), "1.234,50 درهم", "1\u00a0234,50 DH", "1,234.50 MAD"),
        (Decimal("2160000"), "2.160.000,00 درهم", "2\u00a0160\u00a0000,00 DH", "2,160,000.00 MAD"),
        (Decimal("3297960.00"), "3.297.960,00 درهم", "3\u00a0297\u00a0960,00 DH", "3,297,960.00 MAD"),
        (Decimal("28250000"), "28.250.000,00 درهم", "28\u00a0250\u00a0000,00 DH", "28,250,000.00 MAD"),
        (
            Decimal("7123456789.01"),
            "7.123.456.789,01 درهم",
            "7\u00a0123\u00a0456\u00a0789,01 DH",
            "7,123,456,789.01 MAD",
        ),
        (Decimal("-1500"), "-1.500,00 درهم", "-1\u00a0500,00 DH", "-1,500.00 MAD"),
    ],
)
def test_amounts_from_zero_to_billions(amount, arabic, french, english):
    assert formatting.format_amount(amount, "ar") == arabic
    assert formatting.format_amount(amount, "fr") == french
    assert formatting.format_amount(amount, "en") == english


def test_numbers_use_western_digits_and_local_grouping():
    assert formatting.format_number(235000, "ar") == "235.000"
    assert formatting.format_number(235000, "fr") == "235\u00a0000"
    assert formatting.format_number(7, "ar") == "7"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+212612345678", "06 12 34 56 78"),
        ("+212535000000", "05 35 00 00 00"),
        ("+221338000000", "+221 33 800 00 00"),
    ],
)
def test_phones_are_shown_in_national_form(stored, shown):
    assert formatting.format_phone(stored) == shown


@pytest.mark.parametrize(
    ("count", "phrase"),
    [(1, "صوت واحد"), (2, "صوتان"), (3, "3 أصوات"), (10, "10 أصوات"), (11, "11 صوتا"), (31, "31 صوتا"),
     (99, "99 صوتا"), (100, "100 صوت"), (103, "103 أصوات"), (111, "111 صوتا")],
)  # fmt: skip
def test_arabic_number_noun_agreement(count, phrase):
    assert (
        formatting.arabic_count(count, singular="صوت", dual="صوتان", plural="أصوات", accusative="صوتا")
        == phrase
    )


def test_the_hijri_date_is_available_for_minutes():
    assert formatting.format_hijri(dt.date(2023, 6, 22)) == "4 ذو الحجة 1444"


def test_template_filters_use_the_same_module():
    template = engines["django"].from_string(
        "{{ d|mdate }} | {{ d|mdate_long }} | {{ a|mad }} | {{ p|phone }}"
    )
    with translation.override("ar"):
        html = template.render({"d": dt.date(2023, 7, 1), "a": Decimal("2160000"), "p": "+212612345678"})
    assert "1 يوليوز 2023" in html
    assert "السبت 1 يوليوز 2023" in html
    assert "2.160.000,00 درهم" in html
    assert '<bdi dir="ltr">' in html and "06 12 34 56 78" in html


def test_django_date_filter_also_prints_moroccan_months(db):
    template = engines["django"].from_string("{{ d|date:'j F Y' }}")
    with translation.override("ar"):
        assert template.render({"d": dt.date(2023, 8, 3)}) == "3 غشت 2023"


def test_it_prints_quantities_whole_when_whole():
    assert formatting.format_quantity(Decimal("1.00"), "ar") == "1"
    assert formatting.format_quantity(Decimal("2500"), "ar") == "2.500"
    assert formatting.format_quantity(Decimal("2.50"), "ar") == "2,5"
    assert formatting.format_quantity(Decimal("0.125"), "fr") == "0,125"
    assert formatting.format_quantity(None) == ""
