"""An agenda item no longer points at an agreement: the agreement points at its item (agreements/0006 copied the
links), and meetings tells agreements of a recorded decision through a signal."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_agendaitem_agreement"),
        ("agreements", "0006_approval_item"),
    ]

    operations = [
        migrations.RemoveField(model_name="agendaitem", name="agreement"),
    ]
