"""The register's statistics by period, province and sector: the page, its XLSX and its PDF show the same filtered
figures, with the women's share and the same period a year before; a bad period is a message, not an error."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from artisans.models import Artisan
from tests.artisans.test_admin_lists import make_artisans

pytestmark = pytest.mark.django_db
URL = "admin:artisans_artisan_statistics"


def test_a_province_filter_counts_only_its_artisans_on_the_page_and_in_the_xlsx(client, manager, profile):
    make_artisans(40)
    province = Artisan.objects.values_list("commune__province__code", flat=True).first()
    expected = Artisan.objects.filter(commune__province__code=province).count()
    assert 0 < expected < 40
    client.force_login(manager)
    response = client.get(reverse(URL), {"province": province})
    assert response.status_code == 200
    assert response.context["stats"]["total"] == expected
    assert f"province={province}" in response.content.decode()  # the XLSX and PDF links keep the filter
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("admin:artisans_artisan_statistics_xlsx"), {"province": province}).content
        )
    ).worksheets[0]
    assert sum(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == expected


def test_a_period_is_compared_with_the_same_period_a_year_before(client, registry_clerk, profile):
    make_artisans(10)
    last_year = timezone.now() - dt.timedelta(days=366)
    Artisan.objects.filter(pk__in=list(Artisan.objects.values_list("pk", flat=True)[:4])).update(
        created_at=last_year
    )
    today = timezone.localdate()
    client.force_login(registry_clerk)
    response = client.get(
        reverse(URL), {"start": (today - dt.timedelta(days=30)).isoformat(), "end": today.isoformat()}
    )
    stats = response.context["stats"]
    assert (stats["total"], stats["previous_total"]) == (6, 4)
    assert stats["women_share"] == round(
        100 * Artisan.objects.filter(sex="female").exclude(created_at=last_year).count() / 6, 1
    )


def test_a_reversed_period_is_a_message_not_a_server_error(client, manager, profile):
    client.force_login(manager)
    response = client.get(reverse(URL), {"start": "2026-05-01", "end": "2025-01-01"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sectors_and_provinces_are_named_in_the_page_language(client, manager, profile, lang):
    from artisans.models import Sector
    from chamber.models import Province

    make_artisans(20)
    client.force_login(manager)
    client.cookies["chamber_language"] = lang
    stats = client.get(reverse(URL)).context["stats"]
    labels = {s["key"]: {r["label"] for r in s["rows"]} for s in stats["sections"]}
    counted = Artisan.objects.values_list("main_activity__sector", "commune__province")
    sectors = Sector.objects.filter(pk__in={s for s, _ in counted})
    provinces = Province.objects.filter(pk__in={p for _, p in counted})
    # English names fall back to French where the reference data has none, as modeltranslation's settings say.
    assert labels["sector"] == {getattr(s, f"name_{lang}") or s.name_fr for s in sectors}
    assert labels["province"] == {getattr(p, f"name_{lang}") or p.name_fr for p in provinces}
    assert not any(re.search("[\u0600-\u06ff]", label) for label in labels["sector"] | labels["province"])


def test_the_arabic_page_keeps_the_arabic_names(client, manager, profile):
    from chamber.models import Province

    make_artisans(20)
    client.force_login(manager)
    stats = client.get(reverse(URL)).context["stats"]
    provinces = next(s for s in stats["sections"] if s["key"] == "province")
    codes = set(Artisan.objects.values_list("commune__province", flat=True))
    assert {r["label"] for r in provinces["rows"]} == {
        p.name_ar for p in Province.objects.filter(pk__in=codes)
    }
