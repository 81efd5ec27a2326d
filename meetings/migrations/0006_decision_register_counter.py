"""Start the decisions register's counters (django-sequences) where the numbers already given stop, year by year."""

from django.db import migrations


def seed_counters(apps, schema_editor):
    Decision = apps.get_model("meetings", "Decision")
    Sequence = apps.get_model("sequences", "Sequence")
    from django.db.models import Max

    for row in Decision.objects.values("year").annotate(last=Max("number")):
        name = f"meetings.decision.{row['year']}"
        counter, _created = Sequence.objects.get_or_create(name=name, defaults={"last": row["last"]})
        if counter.last < row["last"]:
            counter.last = row["last"]
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_preferred_language"),
        ("sequences", "0002_alter_sequence_last"),
    ]

    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
