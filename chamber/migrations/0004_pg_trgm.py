"""pg_trgm, for indexed Arabic-normalised name search."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("chamber", "0003_staff_groups")]
    operations = [TrigramExtension()]
