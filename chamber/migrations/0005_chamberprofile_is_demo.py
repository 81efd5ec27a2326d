from django.db import migrations, models


def mark_the_demo_profile(apps, schema_editor):
    """A database seeded before this flag existed: the demo profile's address is in the .invalid domain, which no
    real chamber can use, so it is recognised as demo data."""
    ChamberProfile = apps.get_model("chamber", "ChamberProfile")
    ChamberProfile.objects.filter(email="contact@chamber.invalid").update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [("chamber", "0004_pg_trgm")]

    operations = [
        migrations.AddField(
            model_name="chamberprofile",
            name="is_demo",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Set by seed_demo. Only demo data may have its frozen minutes rendered again.",
                verbose_name="demo data",
            ),
        ),
        migrations.RunPython(mark_the_demo_profile, migrations.RunPython.noop),
    ]
