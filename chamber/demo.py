"""Demo data for the shared part: the Fès-Meknès chamber's profile (seed-facts.yaml, chamber FM), and the one
helper every app's demo loader prints its progress with."""

from pathlib import Path

from django.core.files import File

from chamber.models import ChamberProfile, Region


def say(stdout, message: str) -> None:
    """One line of a demo loader's progress, on the command's output when there is one (tests pass none)."""
    if stdout is not None:
        stdout.write(message)


def seed(stdout=None) -> ChamberProfile:
    region = Region.objects.get(code="MA-03")
    profile, _ = ChamberProfile.objects.get_or_create(
        pk=1,
        defaults={
            "name_ar": "غرفة الصناعة التقليدية لجهة فاس مكناس",
            "name_fr": "Chambre d'Artisanat de la Région Fès-Meknès",
            "name_en": "Chamber of Traditional Industry of the Fès-Meknès Region",
            "short_name_ar": "غرفة الصناعة التقليدية فاس مكناس",
            "short_name_fr": "Chambre d'Artisanat Fès-Meknès",
            "tifinagh_line": "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ",
            "region": region,
            "seat_ar": "فاس",
            "seat_fr": "Fès",
            "seat_en": "Fez",
            "address_ar": "شارع الحسن الثاني، فاس",
            "address_fr": "Avenue Hassan II, Fès",
            "phone": "+212535000000",
            "email": "contact@chamber.invalid",
            "president_name_ar": "عبد المالك البوطيين",
            "president_name_fr": "Abdelmalek Boutayine",
            "secretary_name_ar": "يوسف بنعلي",
            "secretary_name_fr": "Youssef Benali",
            "is_demo": True,
        },
    )
    if not profile.logo:
        # A made-up emblem, so the demo's letterheads show where the chamber's own logo goes.
        with (Path(__file__).parent / "demo_files" / "logo.png").open("rb") as handle:
            profile.logo.save("demo-logo.png", File(handle), save=True)
    return profile
