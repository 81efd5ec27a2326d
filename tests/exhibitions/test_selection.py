"""The selection suggestion: a share for women, priority to those not selected recently, a spread across sectors
and provinces; it decides nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from artisans.models import Activity, Artisan
from chamber.models import Commune
from exhibitions import selectors, services
from exhibitions.models import Application, Exhibition

from .factories import ApplicationFactory, ArtisanFactory, ExhibitionFactory


def test_it_keeps_a_share_for_women_and_decides_nothing(db):
    exhibition = ExhibitionFactory(capacity=5)
    men = [
        ApplicationFactory(exhibition=exhibition, artisan=ArtisanFactory(sex=Artisan.Sex.MALE))
        for _ in range(6)
    ]
    women = [
        ApplicationFactory(exhibition=exhibition, artisan=ArtisanFactory(sex=Artisan.Sex.FEMALE))
        for _ in range(3)
    ]
    suggestion = selectors.selection_suggest(exhibition=exhibition, women_share=Decimal("0.4"))
    assert len(suggestion.applications) == 5
    chosen_women = [a for a in suggestion.applications if a.artisan.sex == "female"]
    assert len(chosen_women) >= 2  # 40 % of 5
    assert suggestion.women_target == 2
    assert set(chosen_women) <= set(women)
    assert not exhibition.applications.filter(status=Application.Status.ACCEPTED).exists()
    assert men  # the rest of the places go to men who applied


def test_it_prefers_artisans_not_selected_recently(db):
    past = ExhibitionFactory(
        status=Exhibition.Status.EVALUATED, start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 1, 3)
    )
    regular = ArtisanFactory()
    ApplicationFactory(exhibition=past, artisan=regular, status=Application.Status.ACCEPTED)
    exhibition = ExhibitionFactory(capacity=1)
    ApplicationFactory(exhibition=exhibition, artisan=regular)  # applied first
    newcomer = ApplicationFactory(exhibition=exhibition)
    suggestion = selectors.selection_suggest(exhibition=exhibition, women_share=Decimal("0"))
    assert suggestion.applications == [newcomer]
    assert (
        selectors.selection_suggest(exhibition=exhibition, recent_n=0, women_share=Decimal("0"))
        .applications[0]
        .artisan
        == regular
    )


def test_it_spreads_places_across_sectors_and_provinces(db):
    exhibition = ExhibitionFactory(capacity=2)
    activities = list(Activity.objects.order_by("sector__order", "pk"))
    one_sector = [a for a in activities if a.sector_id == activities[0].sector_id]
    other_sector = next(a for a in activities if a.sector_id != activities[0].sector_id)
    communes = list(Commune.objects.filter(province__region__code="MA-03").order_by("province_id", "pk"))
    other_province = next(c for c in communes if c.province_id != communes[0].province_id)
    for _ in range(3):
        ApplicationFactory(
            exhibition=exhibition, artisan=ArtisanFactory(main_activity=one_sector[0], commune=communes[0])
        )
    different = ApplicationFactory(
        exhibition=exhibition, artisan=ArtisanFactory(main_activity=other_sector, commune=other_province)
    )
    suggestion = selectors.selection_suggest(exhibition=exhibition, women_share=Decimal("0"))
    assert different in suggestion.applications
    assert len(suggestion.by_sector) == 2


def test_it_only_fills_the_free_places(db, exhibitions_officer):
    exhibition = ExhibitionFactory(capacity=2)
    services.application_decide(application=ApplicationFactory(exhibition=exhibition), decision="accept")
    for _ in range(3):
        ApplicationFactory(exhibition=exhibition)
    suggestion = selectors.selection_suggest(exhibition=exhibition)
    assert suggestion.slots == 1
    assert len(suggestion.applications) == 1
