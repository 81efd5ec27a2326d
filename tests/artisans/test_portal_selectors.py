"""What the portal reads: the public directory (consenting artisans only, two queries a page) and key figures."""

from __future__ import annotations

from django.core.paginator import Paginator

from artisans.models import Membership
from artisans.selectors import portal_home_items, public_directory
from tests.artisans.factories import ArtisanFactory, OrganisationFactory


def test_only_consenting_registered_artisans_are_listed(db):
    shown = ArtisanFactory(cin="C1", public_profile=True, full_name="فاطمة التازي")
    ArtisanFactory(cin="C2", public_profile=False)
    ArtisanFactory(cin="C3", public_profile=True, registration_status="suspended")
    assert list(public_directory()) == [shown]
    assert list(public_directory(query="فاطمه")) == [shown]
    assert list(public_directory(province="FES")) == [shown]
    assert list(public_directory(province="MEK")) == []
    assert list(public_directory(sector="ARG")) == [shown]


def test_a_directory_page_costs_two_queries_with_the_cooperative(db, queries):
    organisation = OrganisationFactory(name="تعاونية الفخار")
    for i in range(30):
        artisan = ArtisanFactory(cin=f"C{i + 1}", public_profile=True)
        Membership.objects.create(artisan=artisan, organisation=organisation)
    with queries.exactly(2):
        page = Paginator(public_directory(), 20).page(1)
        rows = [
            (
                a.full_name,
                a.main_activity.name,
                a.main_activity.sector.name,
                a.commune.province.name,
                a.organisation_name,
            )
            for a in page
        ]
    assert len(rows) == 20
    assert rows[0][4] == "تعاونية الفخار"


def test_the_home_page_figures_count_registered_artisans_and_women(db):
    ArtisanFactory(cin="C1", sex="female")
    ArtisanFactory(cin="C2", sex="male")
    ArtisanFactory(cin="C3", sex="female", registration_status="pending")
    figures = [f["value"] for f in portal_home_items()["key_figures"]]
    assert figures == [2, 1]
