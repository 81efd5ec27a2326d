"""The link between an agreement and the agenda item that puts it to the vote moves to the agreements side.

Until now meetings.AgendaItem.agreement pointed at the agreement, so meetings had to know agreements. The link is
now Agreement.approval_item, and meetings tells agreements of a recorded decision through a signal. The existing
links are copied here; meetings/0004 then drops the old column. When several items named the same agreement (a
session convened a second time repeats its agenda), the one that was voted on wins, else the latest session's.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_links_to_agreements(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Agreement = apps.get_model("agreements", "Agreement")
    Decision = apps.get_model("meetings", "Decision")
    db = schema_editor.connection.alias
    voted = set(Decision.objects.using(db).values_list("item_id", flat=True))
    chosen = {}
    items = AgendaItem.objects.using(db).filter(agreement__isnull=False).order_by("session__starts_at", "pk")
    for item_id, agreement_id in items.values_list("pk", "agreement_id"):
        if agreement_id not in chosen or item_id in voted or chosen[agreement_id] not in voted:
            chosen[agreement_id] = item_id
    for agreement_id, item_id in chosen.items():
        Agreement.objects.using(db).filter(pk=agreement_id).update(approval_item_id=item_id)


def copy_links_to_items(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Agreement = apps.get_model("agreements", "Agreement")
    db = schema_editor.connection.alias
    for agreement_id, item_id in Agreement.objects.using(db).filter(approval_item__isnull=False).values_list(
        "pk", "approval_item_id"
    ):
        AgendaItem.objects.using(db).filter(pk=item_id).update(agreement_id=agreement_id)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_historical_approval_reference"),
        ("meetings", "0003_agendaitem_agreement"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="approval_item",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The general assembly's agenda item that puts this agreement to the vote: the decision "
                    "recorded on it approves the agreement."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="meetings.agendaitem",
                verbose_name="agenda item of the approval vote",
            ),
        ),
        migrations.RunPython(copy_links_to_agreements, copy_links_to_items),
    ]
