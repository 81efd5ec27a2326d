"""The five staff groups. Their permissions are kept in step by chamber.roles after every migrate."""

from django.db import migrations

ROLES = ("Secretariat", "Registry", "Partnerships", "Exhibitions", "Management")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("chamber", "0002_geography"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
