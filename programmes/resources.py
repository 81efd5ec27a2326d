"""Import and export of enrolments (django-import-export), on the shared machinery in chamber/imports.py: the
training by its id, the artisan by CIN; all-or-nothing, every bad row listed with its column and reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from artisans.models import Artisan
from chamber.identity import normalize_cin
from chamber.imports import ChamberResource, ChoiceWidget, FlexibleDateWidget
from programmes.models import Enrolment, Training


class EnrolmentResource(ChamberResource):
    training = fields.Field(
        attribute="training", column_name="training_id", widget=widgets.ForeignKeyWidget(Training, "pk")
    )
    artisan = fields.Field(
        attribute="artisan", column_name="cin", widget=widgets.ForeignKeyWidget(Artisan, "cin")
    )
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Enrolment.Status, default=Enrolment.Status.ENROLLED),
    )
    completed_on = fields.Field(
        attribute="completed_on", column_name="completed_on", widget=FlexibleDateWidget()
    )

    required_columns = ("training_id", "cin")
    column_labels = {"training_id": gettext_lazy("training number"), "cin": gettext_lazy("CIN")}

    class Meta:
        model = Enrolment
        fields = ("training", "artisan", "status", "completed_on")
        import_id_fields = ("training", "artisan")
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        use_transactions = True
        clean_model_instances = False

    def before_import_row(self, row, **kwargs):
        cin = normalize_cin(str(row.get("cin") or ""))
        row["cin"] = cin
        if not Artisan.objects.filter(cin=cin).exists():
            raise ValidationError(
                {"cin": _("No artisan with CIN “%(value)s” in the register.") % {"value": cin}}
            )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.status == Enrolment.Status.COMPLETED and not instance.completed_on:
            raise ValidationError({"completed_on": _("A completed enrolment needs its completion date.")})
        self.once_in_file("enrolment", (instance.training_id, instance.artisan_id), "cin")
