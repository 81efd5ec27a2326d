from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The shared cache lives in the database unless REDIS_URL is set; createcachetable does nothing then.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("chamber", "0009_outbox_mail")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
