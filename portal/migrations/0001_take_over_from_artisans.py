"""The portal app takes over the artisans' sign-up requests and change requests that the artisans app held
(artisans/0009 let go of them).

The rows stay where they are, in tables that keep their names (`db_table`), and their content types move from
"artisans" to "portal", so that permissions, the staff groups' grants and the audit history follow the models. On a
new database the content types do not exist yet and post_migrate creates them under "portal".
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("registrationrequest", "changerequest")


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
    _move_content_types(apps, schema_editor, old="artisans", new="portal")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, old="portal", new="artisans")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('artisans', '0009_move_portal_accounts_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ChangeRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('field', models.CharField(choices=[('phone', 'Phone'), ('address', 'Address'), ('main_activity', 'Main activity'), ('bio_ar', 'Public bio (Arabic)'), ('bio_fr', 'Public bio (French)')], max_length=20, verbose_name='field')),
                        ('new_value', models.TextField(blank=True, max_length=1000, verbose_name='new value')),
                        ('old_value', models.TextField(blank=True, help_text="The register's value when the artisan asked.", verbose_name='value when asked')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for review'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10, verbose_name='status')),
                        ('decision_reason', models.TextField(blank=True, help_text='Required to reject: it is shown to the artisan and sent by e-mail.', verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('artisan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='change_requests', to='artisans.artisan', verbose_name='artisan')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('new_activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='artisans.activity', verbose_name='new main activity')),
                    ],
                    options={
                        'db_table': 'artisans_changerequest',
                        'verbose_name': 'change request',
                        'verbose_name_plural': 'change requests',
                        'ordering': ['-created_at'],
                        'permissions': [('review_changerequest', 'Can approve or reject change requests')],
                        'indexes': [models.Index(fields=['status', '-created_at'], name='changereq_status_created')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('field', 'main_activity'), _negated=True), ('new_activity__isnull', False), _connector='OR'), name='changereq_activity_given')],
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('cin', models.CharField(help_text='National identity card number given at sign-up; compare it with the register before approving.', max_length=8, verbose_name='CIN')),
                        ('birth_date', models.DateField(verbose_name='birth date')),
                        ('full_name', models.CharField(max_length=200, verbose_name='full name')),
                        ('email', models.EmailField(max_length=254, verbose_name='email')),
                        ('status', models.CharField(choices=[('unverified', 'E-mail not verified'), ('pending', 'Waiting for review'), ('linked', 'Linked automatically'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='unverified', max_length=12, verbose_name='status')),
                        ('decision_reason', models.TextField(blank=True, help_text='Required to reject: it is sent to the applicant by e-mail.', verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mail verified at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('artisan', models.ForeignKey(blank=True, help_text='The register record this account belongs to. Choose it before approving.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='registration_requests', to='artisans.artisan', verbose_name='register record')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='registration_request', to=settings.AUTH_USER_MODEL, verbose_name='portal account')),
                    ],
                    options={
                        'db_table': 'artisans_registrationrequest',
                        'verbose_name': 'registration request',
                        'verbose_name_plural': 'registration requests',
                        'ordering': ['-created_at'],
                        'permissions': [('review_registrationrequest', 'Can approve or reject registration requests')],
                        'indexes': [models.Index(fields=['status', '-created_at'], name='regreq_status_created')],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
