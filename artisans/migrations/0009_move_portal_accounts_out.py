"""Registration requests and change requests now belong to the portal app.

Only Django's idea of the models changes here: the tables stay under their names, and portal/0001 takes them over
(moving their content types, so that permissions, the staff groups' grants and the audit history follow).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0008_record_versions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ChangeRequest'),
                migrations.DeleteModel(name='RegistrationRequest'),
            ],
        ),
    ]
