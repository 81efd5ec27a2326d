"""Demo data for exhibitions (seed-facts.yaml): the eight fairs of January–May 2023 whose totals the June 2023
session evaluated, the 2025 regional programme approved in June 2025, and one call open today."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from agreements import selectors as agreements_selectors
from artisans import demo as artisans_demo
from artisans import selectors as artisans_selectors
from chamber import selectors as chamber_selectors
from chamber.demo import say
from exhibitions.models import (
    AnnualProgramme,
    Application,
    Exhibition,
    ReportAttachment,
    StandAssignment,
    VisitorCount,
)
from meetings import selectors as meetings_selectors

S = Exhibition.Status
CENT = Decimal("0.01")
DISTINCT_ARTISANS_2023 = 220

# (title ar, title fr, scope, city ar, city fr, country, start, end, visitors, sales, new artisans, repeats)
# "repeats" are (offset, count) into the artisans already taking part in earlier fairs: they come back, so the
# 250 participations are 220 distinct artisans. Cities are invented where the article is unclear.
FAIRS_2023 = [
    ("معرض منتوجات الصناعة التقليدية", "Foire des produits de l'artisanat", "regional", "فاس", "Fès", "MA",
     dt.date(2023, 4, 14), dt.date(2023, 4, 23), 50_000, Decimal("2160000.00"), 60, None),
    ("المعرض الدولي للصناعة التقليدية ببروكسيل", "Salon international de l'artisanat de Bruxelles",
     "international", "بروكسيل", "Bruxelles", "BE",
     dt.date(2023, 3, 10), dt.date(2023, 3, 19), 40_000, Decimal("350000.00"), 40, None),
    ("المعرض الجهوي للصناعة التقليدية بمكناس", "Foire régionale de l'artisanat de Meknès", "regional", "مكناس",
     "Meknès", "MA", dt.date(2023, 2, 17), dt.date(2023, 2, 26), 35_000, Decimal("250000.00"), 35, None),
    ("المعرض الجهوي للزربية والنسيج بتازة", "Foire régionale du tapis et du tissage de Taza", "regional", "تازة",
     "Taza", "MA", dt.date(2023, 5, 5), dt.date(2023, 5, 14), 30_000, Decimal("180000.00"), 30, None),
    ("معرض الفخار والخزف بتاونات", "Exposition de la poterie et de la céramique de Taounate", "local", "تاونات",
     "Taounate", "MA", dt.date(2023, 1, 20), dt.date(2023, 1, 26), 25_000, Decimal("140000.00"), 20, (0, 10)),
    ("المعرض المحلي للصناعة التقليدية بصفرو", "Exposition locale de l'artisanat de Sefrou", "local", "صفرو",
     "Sefrou", "MA", dt.date(2023, 3, 24), dt.date(2023, 3, 30), 20_000, Decimal("100000.00"), 15, (60, 10)),
    ("المعرض الدولي للصناعة التقليدية بزيغينشور", "Foire internationale de l'artisanat de Ziguinchor",
     "international", "زيغينشور", "Ziguinchor", "SN",
     dt.date(2023, 5, 19), dt.date(2023, 5, 28), 20_000, Decimal("67960.00"), 10, (100, 5)),
    ("معرض المنتوجات المجالية بإفران", "Exposition des produits du terroir d'Ifrane", "local", "إفران", "Ifrane",
     "MA", dt.date(2023, 5, 26), dt.date(2023, 5, 31), 15_000, Decimal("50000.00"), 10, (135, 5)),
]  # fmt: skip

PROGRAMME_2025_TITLE = "البرنامج السنوي للمعارض الجهوية لسنة 2025"
# (title ar, title fr, city ar, city fr, start, end, held?, visitors, sales, participants)
FAIRS_2025 = [
    ("المعرض الجهوي للصناعة التقليدية بفاس 2025", "Foire régionale de l'artisanat de Fès 2025", "فاس", "Fès",
     dt.date(2025, 9, 12), dt.date(2025, 9, 21), True, 28_000, Decimal("412500.00"), 30),
    ("المعرض الجهوي للصناعة التقليدية بمكناس 2025", "Foire régionale de l'artisanat de Meknès 2025", "مكناس",
     "Meknès", dt.date(2025, 10, 10), dt.date(2025, 10, 19), True, 21_500, Decimal("268000.00"), 25),
    ("المعرض الجهوي للصناعة التقليدية بتازة 2025", "Foire régionale de l'artisanat de Taza 2025", "تازة", "Taza",
     dt.date(2025, 11, 14), dt.date(2025, 11, 23), False, 0, Decimal("0"), 0),
]  # fmt: skip

OPEN_CALL_TITLE = "معرض الربيع للصناعة التقليدية بفاس"


def _split(total, parts: int, rng: random.Random, *, money: bool) -> list:
    """Split `total` into `parts` uneven shares that add up exactly to it."""
    weights = [rng.randint(3, 12) for _ in range(parts)]
    whole = sum(weights)
    if money:
        shares = [(total * w / whole).quantize(CENT) for w in weights[:-1]]
    else:
        shares = [total * w // whole for w in weights[:-1]]
    return [*shares, total - sum(shares)]


def _artisans(stdout) -> list:
    artisans = list(artisans_selectors.artisans_in_entry_order()[:DISTINCT_ARTISANS_2023])
    if len(artisans) < DISTINCT_ARTISANS_2023:
        say(stdout, f"exhibitions: only {len(artisans)} artisans in the register; adding demo artisans")
        artisans += artisans_demo.extra_artisans(DISTINCT_ARTISANS_2023 - len(artisans))
    return artisans


def _place_participants(
    exhibition: Exhibition, artisans: list, sales_total: Decimal, rng: random.Random
) -> None:
    shares = _split(sales_total, len(artisans), rng, money=True) if artisans else []
    applications = Application.objects.bulk_create(
        [
            Application(
                exhibition=exhibition,
                artisan=artisan,
                products=artisan.main_activity.name,
                needs_electricity=rng.random() < 0.3,
                space_m2=Decimal(rng.choice([6, 9, 12])),
                status=Application.Status.ACCEPTED,
                added_by_staff=True,
                sales_amount=share,
            )
            for artisan, share in zip(artisans, shares, strict=True)
        ]
    )
    StandAssignment.objects.bulk_create(
        [
            StandAssignment(exhibition=exhibition, application=a, number=n)
            for n, a in enumerate(applications, 1)
        ]
    )
    ThroughModel = Application.activities.through
    ThroughModel.objects.bulk_create(
        [ThroughModel(application_id=a.pk, activity_id=a.artisan.main_activity_id) for a in applications]
    )


def _record_visitors(exhibition: Exhibition, total: int, rng: random.Random) -> None:
    days = (exhibition.end_date - exhibition.start_date).days + 1
    counts = _split(total, days, rng, money=False)
    VisitorCount.objects.bulk_create(
        [
            VisitorCount(exhibition=exhibition, day=exhibition.start_date + dt.timedelta(days=i), visitors=n)
            for i, n in enumerate(counts)
        ]
    )


def _partner(name_contains: str):
    return agreements_selectors.partner_named(name_contains=name_contains)


def _seed_2023(stdout) -> None:
    rng = random.Random(20230531)
    artisans = _artisans(stdout)
    next_new = 0
    for (
        title,
        title_fr,
        scope,
        city,
        city_fr,
        country,
        start,
        end,
        visitors,
        sales,
        new,
        repeats,
    ) in FAIRS_2023:
        if Exhibition.objects.filter(title_ar=title, start_date=start).exists():
            next_new += new
            continue
        people = artisans[next_new : next_new + new]
        next_new += new
        if repeats:
            offset, count = repeats
            people = artisans[offset : offset + count] + people
        exhibition = Exhibition.objects.create(
            title_ar=title, title_fr=title_fr, scope=scope, city_ar=city, city_fr=city_fr, country=country,
            start_date=start, end_date=end, stand_count=len(people) + 5, capacity=len(people) + 5,
            status=S.EVALUATED, results_published=True, evaluation_notes="مشاركة ناجحة وإقبال مهم من الزوار.",
        )  # fmt: skip
        # Abroad, the host chamber (from the agreements' partner directory) organises and partners the fair.
        partner = {"SN": _partner("زيغينشور"), "BE": _partner("البلجيكية")}.get(country)
        if partner is not None:
            exhibition.organiser = partner
            exhibition.save(update_fields=["organiser"])
            exhibition.partners.add(partner)
        _place_participants(exhibition, people, sales, rng)
        _record_visitors(exhibition, visitors, rng)
    say(stdout, "exhibitions: 8 fairs of January–May 2023")
    _attach_report_to_agenda()


def _attach_report_to_agenda() -> None:
    """The June 2023 session's report item presents the evaluation of January–May 2023."""
    item = meetings_selectors.report_item(title_contains="تقييم معارض")
    if item is not None:
        ReportAttachment.objects.get_or_create(
            agenda_item=item, defaults={"start": dt.date(2023, 1, 1), "end": dt.date(2023, 5, 31)}
        )


def _approval_decision():
    """The June 2025 decision that approved the programme (the meetings demo loads before this one)."""
    return meetings_selectors.decision_for_item_title(
        session_label="دورة يونيو 2025", title_contains=PROGRAMME_2025_TITLE
    )


def _seed_2025(stdout) -> None:
    rng = random.Random(2025)
    decision = _approval_decision()
    programme, created = AnnualProgramme.objects.get_or_create(
        year=2025,
        scope="regional",
        defaults={
            "title_ar": PROGRAMME_2025_TITLE,
            "title_fr": "Programme annuel des foires régionales 2025",
            "title_en": "Annual programme of regional exhibitions 2025",
            "approval_decision": decision,
        },
    )
    if not created and programme.approval_decision_id is None and decision is not None:
        programme.approval_decision = decision
        programme.save(update_fields=["approval_decision"])
    artisans = list(artisans_selectors.artisans_in_entry_order()[:60])
    for index, (title, title_fr, city, city_fr, start, end, held, visitors, sales, n) in enumerate(
        FAIRS_2025
    ):
        if Exhibition.objects.filter(title_ar=title).exists():
            continue
        exhibition = Exhibition.objects.create(
            programme=programme, title_ar=title, title_fr=title_fr, scope="regional", city_ar=city, city_fr=city_fr,
            start_date=start, end_date=end, stand_count=40, capacity=40,
            status=S.EVALUATED if held else S.PLANNED, results_published=held,
        )  # fmt: skip
        if held:
            people = artisans[index * 20 : index * 20 + n]
            _place_participants(exhibition, people, sales, rng)
            _record_visitors(exhibition, visitors, rng)
    say(stdout, "exhibitions: the 2025 regional programme" + (" (approved in June 2025)" if decision else ""))


def _seed_open_call(stdout) -> None:
    """A fair whose call is open today, so that the portal has something to apply to."""
    from exhibitions import services

    if Exhibition.objects.filter(title_ar=OPEN_CALL_TITLE).exists():
        return
    today = dt.date.today()
    start = today + dt.timedelta(days=45)
    exhibition = Exhibition.objects.create(
        title_ar=OPEN_CALL_TITLE, title_fr="Foire de printemps de l'artisanat de Fès",
        title_en="Fez spring crafts fair", scope="regional", city_ar="فاس", city_fr="Fès", city_en="Fez",
        venue_ar="ساحة باب الماكينة", venue_fr="Place Bab Makina",
        start_date=start, end_date=start + dt.timedelta(days=9), call_closes_on=today + dt.timedelta(days=25),
        stand_count=40, stand_prefix="A", capacity=40, status=S.PLANNED,
    )  # fmt: skip
    services.exhibition_move(exhibition=exhibition, to=S.CALL_OPEN)
    # A few applications, so that the selection suggestion has candidates.
    for artisan in artisans_selectors.artisans_in_entry_order(newest_first=True)[:6]:
        services.application_submit(
            exhibition=exhibition,
            artisan=artisan,
            products=artisan.main_activity.name,
            needs_electricity=artisan.pk % 2 == 0,
            space_m2=Decimal(9),
        )
    say(stdout, "exhibitions: one call for participation open")


# The province of each demo fair held in the region, by its city (French name): fairs abroad have none.
PROVINCE_OF_CITY = {
    "Fès": "FES",
    "Meknès": "MEK",
    "Taza": "TAZ",
    "Taounate": "TAO",
    "Sefrou": "SEF",
    "Ifrane": "IFR",
}


def _seed_provinces(stdout) -> None:
    """Each demo fair held in the region gets its province, through the same service as the admin (also on a
    demo database loaded before exhibitions had a province)."""
    from exhibitions import services

    count = 0
    for exhibition in Exhibition.objects.filter(province__isnull=True, country="MA").order_by("pk"):
        code = PROVINCE_OF_CITY.get(exhibition.city_fr)
        province = chamber_selectors.province_by_code(code=code) if code else None
        if province is not None:
            services.exhibition_update(exhibition=exhibition, province=province)
            count += 1
    if count:
        say(stdout, f"exhibitions: {count} fairs placed in their province")


def seed(stdout=None) -> None:
    with transaction.atomic():
        _seed_2023(stdout)
        _seed_2025(stdout)
        _seed_open_call(stdout)
        _seed_provinces(stdout)
