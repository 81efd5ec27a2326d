"""Trainings, enrolments, distributions, kit items and allocations now belong to the programmes app.

Only Django's idea of the models changes here: the tables stay, and programmes/0001 takes them over (renaming them
and moving their content types, so that permissions and the audit history follow).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0006_funding_agreement'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='distribution',
                    name='funding_agreement',
                ),
                migrations.RemoveField(
                    model_name='distribution',
                    name='training',
                ),
                migrations.RemoveField(
                    model_name='distributionitem',
                    name='distribution',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='artisan',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='training',
                ),
                migrations.RemoveField(
                    model_name='training',
                    name='funding_agreement',
                ),
                migrations.DeleteModel(
                    name='Allocation',
                ),
                migrations.DeleteModel(
                    name='Distribution',
                ),
                migrations.DeleteModel(
                    name='DistributionItem',
                ),
                migrations.DeleteModel(
                    name='Enrolment',
                ),
                migrations.DeleteModel(
                    name='Training',
                ),
            ],
        ),
    ]
