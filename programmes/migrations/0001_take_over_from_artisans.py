"""The programmes app takes over the trainings, enrolments, distributions, kit items and allocations that the
artisans app held (artisans/0007 let go of them).

The rows stay where they are: the models enter this app's state on their old tables, the tables are then renamed
to this app's names (rather than keeping `db_table` overrides for ever), and their content types move from
"artisans" to "programmes", so that permissions, the staff groups' grants and the audit history follow the models.
On a new database the content types do not exist yet and post_migrate creates them under "programmes".
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("training", "enrolment", "distribution", "distributionitem", "allocation")


def _move_content_types(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        moving = types.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type already created for the new label holds no history; the old one does, so it wins.
        types.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, old="artisans", new="programmes")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, old="programmes", new="artisans")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agreements', '0005_historical_approval_reference'),
        ('artisans', '0007_move_programmes_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Distribution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('programme', models.CharField(blank=True, max_length=300, verbose_name='programme')),
                        ('planned_on', models.DateField(blank=True, null=True, verbose_name='planned on')),
                        ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('funding_agreement', models.ForeignKey(blank=True, help_text='The partnership agreement that finances this distribution, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='funded_distributions', to='agreements.agreement', verbose_name='funding agreement')),
                    ],
                    options={
                        'db_table': 'artisans_distribution',
                        'verbose_name': 'distribution',
                        'verbose_name_plural': 'distributions',
                        'ordering': ['-id'],
                    },
                ),
                migrations.CreateModel(
                    name='DistributionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label', models.CharField(max_length=200, verbose_name='item')),
                        ('unit', models.CharField(blank=True, help_text='For example: piece, kg, metre.', max_length=40, verbose_name='unit')),
                        ('quantity_per_beneficiary', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(0)], verbose_name='quantity per beneficiary')),
                        ('distribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='programmes.distribution', verbose_name='distribution')),
                    ],
                    options={
                        'db_table': 'artisans_distributionitem',
                        'verbose_name': 'kit item',
                        'verbose_name_plural': 'kit items',
                        'ordering': ['distribution', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Training',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('provider', models.CharField(help_text='For example OFPPT.', max_length=300, verbose_name='provider')),
                        ('starts_on', models.DateField(verbose_name='starts on')),
                        ('ends_on', models.DateField(verbose_name='ends on')),
                        ('place', models.CharField(blank=True, max_length=300, verbose_name='place')),
                        ('programme', models.CharField(blank=True, max_length=300, verbose_name='programme')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('funding_agreement', models.ForeignKey(blank=True, help_text='The partnership agreement that finances this training, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='funded_trainings', to='agreements.agreement', verbose_name='funding agreement')),
                    ],
                    options={
                        'db_table': 'artisans_training',
                        'verbose_name': 'training',
                        'verbose_name_plural': 'trainings',
                        'ordering': ['-starts_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Enrolment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('enrolled', 'Enrolled'), ('completed', 'Completed'), ('dropped', 'Dropped out')], default='enrolled', max_length=10, verbose_name='status')),
                        ('completed_on', models.DateField(blank=True, null=True, verbose_name='completed on')),
                        ('artisan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='artisans.artisan', verbose_name='artisan')),
                        ('training', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to='programmes.training', verbose_name='training')),
                    ],
                    options={
                        'db_table': 'artisans_enrolment',
                        'verbose_name': 'enrolment',
                        'verbose_name_plural': 'enrolments',
                        'ordering': ['training', 'id'],
                        'permissions': [('import_enrolment', 'Can import enrolments'), ('export_enrolment', 'Can export enrolments')],
                    },
                ),
                migrations.AddField(
                    model_name='distribution',
                    name='training',
                    field=models.ForeignKey(help_text='The artisans who completed this training are the eligible beneficiaries.', on_delete=django.db.models.deletion.PROTECT, related_name='distributions', to='programmes.training', verbose_name='training'),
                ),
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('share', models.DecimalField(decimal_places=2, default=1, help_text='1 means the full standard kit. Any other value needs a reason.', max_digits=4, validators=[django.core.validators.MinValueValidator(0)], verbose_name='share of the standard kit')),
                        ('share_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for a different share')),
                        ('status', models.CharField(choices=[('pending', 'Waiting'), ('delivered', 'Delivered')], default='pending', max_length=10, verbose_name='status')),
                        ('delivered_on', models.DateField(blank=True, null=True, verbose_name='delivered on')),
                        ('receipt_number', models.CharField(blank=True, max_length=40, null=True, unique=True, verbose_name='receipt number')),
                        ('artisan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='allocations', to='artisans.artisan', verbose_name='artisan')),
                        ('delivered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('distribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='allocations', to='programmes.distribution', verbose_name='distribution')),
                    ],
                    options={
                        'db_table': 'artisans_allocation',
                        'verbose_name': 'allocation',
                        'verbose_name_plural': 'allocations',
                        'ordering': ['distribution', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('distribution', 'artisan'), name='allocation_once_per_artisan'), models.CheckConstraint(condition=models.Q(('share', 1), models.Q(('share_reason', ''), _negated=True), _connector='OR'), name='allocation_unequal_has_reason'), models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(('delivered_on__isnull', False), ('receipt_number__isnull', False)), _connector='OR'), name='allocation_delivered_has_receipt')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='training',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='training_dates_order'),
                ),
                migrations.AddConstraint(
                    model_name='enrolment',
                    constraint=models.UniqueConstraint(fields=('training', 'artisan'), name='enrolment_unique_artisan'),
                ),
                migrations.AddConstraint(
                    model_name='enrolment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'completed'), _negated=True), ('completed_on__isnull', False), _connector='OR'), name='enrolment_completed_has_date'),
                ),
            ],
        ),
        migrations.AlterModelTable(name='training', table=None),
        migrations.AlterModelTable(name='enrolment', table=None),
        migrations.AlterModelTable(name='distribution', table=None),
        migrations.AlterModelTable(name='distributionitem', table=None),
        migrations.AlterModelTable(name='allocation', table=None),
        migrations.RunPython(forwards, backwards),
    ]
