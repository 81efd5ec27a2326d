"""The register's statistics by period, province and sector: the page, its XLSX and its PDF show the same filtered
figures, with the women's share and the same period a year before; a bad period is a message, not an error."""

import datetime as dt
import io

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
