"""A public profile (with its random address) for every artisan who had already agreed to be in the directory."""

import secrets

from django.db import migrations


def create_profiles(apps, schema_editor):
    Artisan = apps.get_model("artisans", "Artisan")
    PublicProfile = apps.get_model("portal", "PublicProfile")
    taken = set(PublicProfile.objects.values_list("slug", flat=True))
    missing = Artisan.objects.filter(public_profile=True, public_page__isnull=True).values_list("pk", flat=True)
    rows = []
    for pk in missing.iterator():
        slug = secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()
        while slug in taken:
            slug = secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()
        taken.add(slug)
        rows.append(PublicProfile(artisan_id=pk, slug=slug))
    PublicProfile.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_public_profiles"), ("artisans", "0011_artisan_photo")]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
