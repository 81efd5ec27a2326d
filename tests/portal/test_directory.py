"""The public directory: consenting artisans only, Arabic-normalised search, filters, pagination in ≤ 3 queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from artisans.models import Activity, Artisan, Membership, Organisation
from chamber.models import Commune
from chamber.selectors import chamber_profile
from tests.portal.factories import ArtisanFactory


@pytest.fixture
def people(profile):
    meknes = (
        Commune.objects.filter(province__code="MEK").first()
        or Commune.objects.exclude(code="FES-FES").first()
    )
    return {
        "fatima": ArtisanFactory(
            full_name="فاطمة الزهراء بنّاني", bio_ar="زرابي تقليدية", bio_fr="Tapis berbères"
        ),
        "ahmed": ArtisanFactory(
            full_name="أحمد العلوي", main_activity=Activity.objects.get(code="TEX-01"), commune=meknes
        ),
        "hidden": ArtisanFactory(full_name="سعيد المخفي", public_profile=False),
        "struck": ArtisanFactory(
            full_name="رشيد المشطوب", registration_status=Artisan.RegistrationStatus.STRUCK_OFF
        ),
    }


def test_it_lists_only_consenting_registered_artisans(client, people):
    page = client.get(reverse("artisans:directory")).content.decode()
    assert "فاطمة الزهراء بنّاني" in page and "أحمد العلوي" in page
    assert "سعيد المخفي" not in page and "رشيد المشطوب" not in page
    assert people["fatima"].cin not in page and "+212" not in page


def test_it_shows_cooperative_and_bio_in_the_chosen_language(client, people):
    organisation = Organisation.objects.create(
        kind="cooperative", name="تعاونية النسيج", commune=people["fatima"].commune
    )
    Membership.objects.create(artisan=people["fatima"], organisation=organisation)
    page = client.get(reverse("artisans:directory")).content.decode()
    assert "تعاونية النسيج" in page and "زرابي تقليدية" in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Tapis berbères" in client.get(reverse("artisans:directory")).content.decode()


def test_it_finds_names_typed_without_hamza(client, people):
    page = client.get(reverse("artisans:directory"), {"q": "احمد"}).content.decode()
    assert "أحمد العلوي" in page and "فاطمة" not in page


def test_it_filters_by_sector_and_province(client, people):
    textile = Activity.objects.get(code="TEX-01").sector
    page = client.get(reverse("artisans:directory"), {"sector": textile.pk}).content.decode()
    assert "أحمد العلوي" in page and "فاطمة" not in page
    fes = people["fatima"].commune.province
    page = client.get(reverse("artisans:directory"), {"province": fes.pk}).content.decode()
    assert "فاطمة" in page
    assert f'<option value="{fes.pk}" selected>' in page  # the chosen filter stays chosen


def test_it_paginates_without_counting(client, profile):
    ArtisanFactory.create_batch(45)
    first = client.get(reverse("artisans:directory"))
    assert len(first.context["artisans"]) == 20 and first.context["has_next"]
    third = client.get(reverse("artisans:directory"), {"page": 3})
    assert len(third.context["artisans"]) == 5 and not third.context["has_next"]
    assert client.get(reverse("artisans:directory"), {"page": 4}).status_code == 404
    assert client.get(reverse("artisans:directory"), {"page": "x"}).status_code == 404


@pytest.mark.parametrize("size", [3, 120])
def test_a_page_costs_at_most_three_queries_whatever_the_size(client, profile, queries, size):
    ArtisanFactory.create_batch(size)
    chamber_profile()  # the letterhead's profile is cached site-wide; the directory's own cache stays cold
    with queries.at_most(3):
        response = client.get(reverse("artisans:directory"), {"page": 2 if size > 40 else 1})
    assert response.status_code == 200
    with queries.at_most(1):  # filter choices and the profile now come from the cache
        client.get(reverse("artisans:directory"), {"q": "فاطمة"})
