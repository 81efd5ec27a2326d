"""The public directory lists consenting, registered artisans by name: a partial index serves that order.

Without it every directory page sorts all consenting artisans (about 33,000 of 100,000) to return 21 rows. It is
raw SQL, not Meta.indexes, because it belongs to the portal's query and not to the register's model.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("artisans", "0004_changerequest_registrationrequest")]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS artisan_directory_order ON artisans_artisan (full_name, id) "
                "WHERE public_profile AND registration_status = 'registered'"
            ),
            reverse_sql="DROP INDEX IF EXISTS artisan_directory_order",
        ),
    ]
