"""Demo data for the register: about 2,000 invented artisans over the provinces of Fès-Meknès (about 40% women),
a few cooperatives and professional cards. Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
from django.db import transaction

from artisans.models import (
    Activity,
    Artisan,
    Membership,
    Organisation,
    ProfessionalCard,
    new_card_token,
)
from chamber.demo import say
from chamber.models import Commune
from chamber.selectors import chamber_profile

SEED = 20250114
TOTAL = 2000

MEN = [
    ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("يوسف", "Youssef"), ("عبد الله", "Abdellah"), ("حسن", "Hassan"),
    ("عبد الرحيم", "Abderrahim"), ("إدريس", "Driss"), ("مصطفى", "Mustapha"), ("عمر", "Omar"), ("رشيد", "Rachid"),
    ("عبد الكريم", "Abdelkrim"), ("سعيد", "Said"), ("خالد", "Khalid"), ("ياسين", "Yassine"), ("عيسى", "Aissa"),
    ("عبد العزيز", "Abdelaziz"), ("إبراهيم", "Brahim"), ("الحسين", "Lahcen"), ("نور الدين", "Noureddine"),
    ("هشام", "Hicham"), ("عبد الإله", "Abdelilah"), ("المهدي", "El Mehdi"), ("جمال", "Jamal"), ("مولاي علي", "Moulay Ali"),
]  # fmt: skip
WOMEN = [
    ("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("عائشة", "Aicha"), ("مريم", "Meryem"), ("زينب", "Zineb"),
    ("نعيمة", "Naima"), ("سعاد", "Souad"), ("حليمة", "Halima"), ("فاطمة الزهراء", "Fatima Zahra"), ("لطيفة", "Latifa"),
    ("رشيدة", "Rachida"), ("أمينة", "Amina"), ("سكينة", "Soukaina"), ("نادية", "Nadia"), ("إلهام", "Ilham"),
    ("حياة", "Hayat"), ("مليكة", "Malika"), ("زهرة", "Zahra"), ("هند", "Hind"), ("أسماء", "Asmae"),
]  # fmt: skip
FAMILIES = [
    ("العلوي", "ALAOUI"), ("الإدريسي", "IDRISSI"), ("بناني", "BENNANI"), ("التازي", "TAZI"), ("الفاسي", "FASSI"),
    ("برادة", "BERRADA"), ("الشرايبي", "CHRAIBI"), ("بنجلون", "BENJELLOUN"), ("الصقلي", "SEKKALI"), ("المريني", "MERINI"),
    ("الوزاني", "OUAZZANI"), ("الحمداوي", "HAMDAOUI"), ("الزرهوني", "ZERHOUNI"), ("المكناسي", "MEKNASSI"),
    ("الغياثي", "GHIATI"), ("التاوناتي", "TAOUNATI"), ("اليعقوبي", "YACOUBI"), ("الصفريوي", "SEFRIOUI"),
    ("أمزيان", "AMZIANE"), ("أوعلي", "OUALI"), ("الحجامي", "HJJAMI"), ("الرامي", "RAMI"), ("بوزيان", "BOUZIANE"),
    ("الخمليشي", "KHAMLICHI"), ("الودغيري", "OUDGHIRI"), ("الكتاني", "KETTANI"), ("الشاوي", "CHAOUI"),
    ("أيت حمو", "AIT HAMMOU"), ("البقالي", "BAKKALI"), ("الجبلي", "JEBLI"),
]  # fmt: skip

# commune code, CIN letters issued there, weight
COMMUNES = [
    ("FES-FES", "C", 30), ("MEK-MEK", "D", 18), ("TAO-TAO", "Z", 6), ("TAO-BOU", "Z", 2), ("TAO-JBA", "Z", 2),
    ("TAO-BSN", "Z", 2), ("TAO-BIB", "Z", 2), ("TAO-OUR", "Z", 1), ("TAO-KIS", "Z", 2), ("TAZ-TAZ", "Z", 9),
    ("SEF-SEF", "CD", 6), ("IFR-IFR", "DA", 2), ("IFR-AZR", "DA", 4), ("HAJ-HAJ", "DA", 4), ("MYA-MYA", "CB", 3),
    ("BOU-MIS", "U", 2), ("BOU-BOU", "U", 1),
]  # fmt: skip

# Each bio for a man, then for a woman (Arabic and French agree with the artisan's sex).
BIOS = [
    ("معلم في {activity} منذ أكثر من عشرين سنة، يشتغل بالطرق التقليدية الأصيلة.",
     "Maître en {activity_fr} depuis plus de vingt ans, selon les techniques traditionnelles.",
     "معلمة في {activity} منذ أكثر من عشرين سنة، تشتغل بالطرق التقليدية الأصيلة.",
     "Maîtresse artisane en {activity_fr} depuis plus de vingt ans, selon les techniques traditionnelles."),
    ("صانع شاب في {activity}، يمزج بين الأصالة والتصاميم العصرية.",
     "Jeune artisan en {activity_fr}, entre tradition et design contemporain.",
     "صانعة شابة في {activity}، تمزج بين الأصالة والتصاميم العصرية.",
     "Jeune artisane en {activity_fr}, entre tradition et design contemporain."),
    ("ورشة عائلية في {activity} تنقل الحرفة من جيل إلى جيل.",
     "Atelier familial de {activity_fr}, transmis de génération en génération.",
     "ورشة عائلية في {activity} تنقل الحرفة من جيل إلى جيل.",
     "Atelier familial de {activity_fr}, transmis de génération en génération."),
]  # fmt: skip

COOPERATIVES = [
    ("تعاونية الفخار القروي النسوي", "Coopérative de poterie rurale féminine", "TAO-BSN", "ARG-05"),
    (
        "تعاونية النسيج التقليدي ببوعادل",
        "Coopérative du tissage traditionnel de Bouadel",
        "TAO-BOU",
        "TEX-02",
    ),
    ("تعاونية الزليج الفاسي", "Coopérative du zellige de Fès", "FES-FES", "ARG-01"),
    ("تعاونية الطرز المكناسي", "Coopérative de la broderie de Meknès", "MEK-MEK", "TEX-03"),
    ("تكتل حرفيي النحاس بفاس", "Groupement des dinandiers de Fès", "FES-FES", "MET-01"),
]


def demo_mobile(draw: int) -> str:
    """A Moroccan mobile number in E.164 from an 8-digit draw; the blocks that are not allocated (06 83, 06 85,
    06 86), which the import would refuse, become 06 6x, with the same number of draws from the generator."""
    number = f"+2126{draw}"
    if not phonenumbers.is_valid_number(phonenumbers.parse(number, "MA")):
        number = f"+21266{str(draw)[1:]}"
    return number


def _ice(n: int) -> str:
    base = f"{1_500_000_000_000 + n * 7919:013d}"
    return f"{base}{(97 - int(base) * 100 % 97) % 97:02d}"  # the whole number is a multiple of 97


@transaction.atomic
def seed(stdout=None) -> None:
    rng = random.Random(SEED)
    communes = {c.code: c for c in Commune.objects.filter(code__in=[c for c, _l, _w in COMMUNES])}
    activities = list(Activity.objects.select_related("sector").order_by("code"))
    crafts = [a for a in activities if a.sector.kind == "production"]
    weights = [w for _c, _l, w in COMMUNES]

    people = []
    for i in range(TOTAL):
        woman = rng.random() < 0.4
        first, first_latin = rng.choice(WOMEN if woman else MEN)
        family, family_latin = rng.choice(FAMILIES)
        code, letters, _w = rng.choices(COMMUNES, weights=weights)[0]
        activity = rng.choice(crafts) if rng.random() < 0.8 else rng.choice(activities)
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 48))
        people.append(
            Artisan(
                full_name=f"{first} {family}",
                full_name_latin=f"{family_latin} {first_latin}",
                cin=f"{letters}{100000 + i * 37 % 900000:06d}"[: len(letters) + 6],
                sex=Artisan.Sex.FEMALE if woman else Artisan.Sex.MALE,
                birth_date=birth,
                phone=demo_mobile(rng.randrange(10_000_000, 99_999_999)),
                address=f"حي {rng.choice(['القدس', 'النصر', 'الأمل', 'المسيرة', 'السلام'])}، رقم {rng.randrange(1, 200)}",
                commune=communes[code],
                main_activity=activity,
                category=Artisan.Category.MASTER if rng.random() < 0.12 else Artisan.Category.ARTISAN,
                register_number=f"FM{2019 + i % 6}{i + 1:06d}",
                registration_status=(
                    Artisan.RegistrationStatus.PENDING
                    if rng.random() < 0.05
                    else Artisan.RegistrationStatus.REGISTERED
                ),
                amo_number=f"{rng.randrange(100_000_000, 999_999_999)}",
                coverage_status=rng.choices(list(Artisan.CoverageStatus.values), weights=[25, 10, 60, 5])[0],
            )
        )
    existing = set(Artisan.objects.filter(cin__in=[p.cin for p in people]).values_list("cin", flat=True))
    new = [p for p in people if p.cin not in existing]
    for index, person in enumerate(new):
        person.search_name = person.compute_search_name()
        if index % 60 == 7:  # a few consenting artisans, with a short public bio
            bios = rng.choice(BIOS)
            bio_ar, bio_fr = bios[2:] if person.sex == Artisan.Sex.FEMALE else bios[:2]
            person.public_profile = True
            person.bio = person.bio_ar = bio_ar.format(activity=person.main_activity.name_ar)
            person.bio_fr = bio_fr.format(activity_fr=person.main_activity.name_fr)
    Artisan.objects.bulk_create(new, batch_size=1000)
    say(stdout, f"artisans: {len(new)} artisans added ({len(existing)} already there)")

    by_cin = {a.cin: a for a in Artisan.objects.filter(cin__in=[p.cin for p in people])}
    ordered = [by_cin[p.cin] for p in people]

    # Professional cards for a quarter of the registered artisans.
    if not ProfessionalCard.objects.filter(number__startswith="DEMO-").exists():
        president = chamber_profile().president_name
        cards = []
        for i, artisan in enumerate(ordered[::4]):
            if artisan.registration_status != Artisan.RegistrationStatus.REGISTERED:
                continue
            issued = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500))
            status = ProfessionalCard.Status.SUSPENDED if i % 50 == 3 else ProfessionalCard.Status.VALID
            cards.append(
                ProfessionalCard(
                    artisan=artisan,
                    number=f"DEMO-{i + 1:06d}",
                    issued_on=issued,
                    expires_on=issued.replace(year=issued.year + 5),
                    status=status,
                    signed_by=president,
                    token=new_card_token(),
                    suspension_reason="تصريح غير مطابق"
                    if status == ProfessionalCard.Status.SUSPENDED
                    else "",
                )
            )
        ProfessionalCard.objects.bulk_create(cards)

    # Cooperatives and craft groups, with their members.
    for n, (name_ar, name_fr, commune_code, activity_code) in enumerate(COOPERATIVES):
        kind = Organisation.Kind.GROUP if name_ar.startswith("تكتل") else Organisation.Kind.COOPERATIVE
        organisation, created = Organisation.objects.get_or_create(
            ice=_ice(n + 1),
            defaults={
                "kind": kind,
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "commune": communes[commune_code],
            },
        )
        if created:
            activity = next(a for a in activities if a.code == activity_code)
            organisation.activities.add(activity)
            local = [a for a in ordered if a.commune_id == communes[commune_code].pk][:12] or ordered[
                n * 12 : n * 12 + 12
            ]
            Membership.objects.bulk_create(
                [
                    Membership(
                        artisan=a,
                        organisation=organisation,
                        role=Membership.Role.PRESIDENT if k == 0 else Membership.Role.MEMBER,
                    )
                    for k, a in enumerate(local)
                ],
                ignore_conflicts=True,
            )
            organisation.legal_representative = local[0]
            organisation.save(update_fields=["legal_representative"])


def extra_artisans(count: int) -> list:
    """Invented artisans, for a later app's demo loaded without this one's register (its tests do so): `count` of
    them, the same each time."""
    rng = random.Random(2023)
    activities = list(Activity.objects.order_by("pk"))
    communes = list(Commune.objects.filter(province__region__code="MA-03").order_by("pk"))
    first_f = ["فاطمة", "خديجة", "نعيمة", "سعاد", "زينب", "مليكة"]
    first_m = ["محمد", "عبد الله", "يوسف", "إدريس", "الحسن", "رشيد"]
    last = ["الفاسي", "المكناسي", "التازي", "الصفريوي", "الإدريسي", "العمراني", "الوزاني", "البقالي"]
    created = []
    for i in range(count):
        female = i % 5 < 2
        name = f"{rng.choice(first_f if female else first_m)} {rng.choice(last)}"
        artisan, _ = Artisan.objects.get_or_create(
            cin=f"EX{9000 + i:05d}",
            defaults={
                "full_name": name,
                "sex": "female" if female else "male",
                "commune": communes[i % len(communes)],
                "main_activity": activities[i % len(activities)],
            },
        )
        created.append(artisan)
    return created
