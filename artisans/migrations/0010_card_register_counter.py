"""Start the professional cards' counters (django-sequences) where the numbers already given stop, year by year."""

from django.db import migrations


def seed_counters(apps, schema_editor):
    ProfessionalCard = apps.get_model("artisans", "ProfessionalCard")
    Sequence = apps.get_model("sequences", "Sequence")
    last_by_year: dict[str, int] = {}
    for number in ProfessionalCard.objects.values_list("number", flat=True).iterator():
        year, _dash, sequence = number.partition("-")
        if year.isdigit() and sequence.isdigit():
            last_by_year[year] = max(last_by_year.get(year, 0), int(sequence))
    for year, last in last_by_year.items():
        counter, _created = Sequence.objects.get_or_create(name=f"artisans.card.{year}", defaults={"last": last})
        if counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0010_preferred_language"),
        ("sequences", "0002_alter_sequence_last"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
