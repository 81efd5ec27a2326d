"""Exhibitions: the annual programme, calls for participation, stands, visitors, sales and evaluations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agreements.signals import funded_activities
        from chamber.audit import audit_register
        from exhibitions import models, selectors

        funded_activities.connect(
            selectors.exhibitions_funded_by, dispatch_uid="exhibitions.funded_activities"
        )

        for model in (
            models.AnnualProgramme,
            models.Exhibition,
            models.Application,
            models.StandAssignment,
            models.VisitorCount,
            models.ReportAttachment,
        ):
            audit_register(model)
