"""Moroccan dates in the admin: the JavaScript catalogue's month names, dd/mm/yyyy and 10:00 in forms."""

import datetime as dt
import json
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

MASHRIQ = ("مايو", "يوليو", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر")
MOROCCAN = ("ماي", "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر")


def catalogue(client) -> dict:
    source = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", source, re.S).group(1))


@pytest.mark.django_db
def test_the_arabic_javascript_catalogue_has_the_moroccan_months(client, secretary):
    client.force_login(secretary)
    strings = catalogue(client)
    words = {word for value in strings.values() for word in re.findall(r"\w+", str(value))}
    for month in MOROCCAN:
        assert month in words, month
    assert not words & set(MASHRIQ), words & set(MASHRIQ)
    assert strings["July"] == "يوليوز" and strings["May"] == "ماي"


@pytest.mark.django_db
def test_the_javascript_catalogue_gives_the_calendar_dd_mm_yyyy(client, secretary):
    client.force_login(secretary)
    source = client.get(reverse("admin:jsi18n")).content.decode()
    formats = json.loads(re.search(r"django.formats = (\{.*?\});", source, re.S).group(1))
    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_forms_show_dates_as_dd_mm_yyyy_and_times_as_hh_mm(lang):
    class SessionDates(forms.Form):
        day = forms.DateField()
        at = forms.TimeField()

    with translation.override(lang):
        html = str(SessionDates(initial={"day": dt.date(2023, 6, 22), "at": dt.time(10, 0)}))
        assert 'value="22/06/2023"' in html and 'value="10:00"' in html
        bound = SessionDates(data={"day": "22/06/2023", "at": "10:00"})
        assert bound.is_valid() and bound.cleaned_data["day"] == dt.date(2023, 6, 22)
