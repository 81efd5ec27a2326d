from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0004_approval_decision'),
    ]

    operations = [
        migrations.AddField(
            model_name='agreement',
            name='historical_approval_reference',
            field=models.CharField(blank=True, editable=False, help_text="Only for agreements approved before the portal kept the assembly's decisions: the decision's number in the paper register.", max_length=60, verbose_name='approval decision (paper register)'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('approved_on__isnull', True), ('approval_decision__isnull', False), models.Q(('historical_approval_reference', ''), _negated=True), _connector='OR'), name='agreements_agreement_approval_needs_decision', violation_error_message='An approved agreement must name the decision that approved it.'),
        ),
    ]
