"""Trainings, enrolments and the equal-share distributions of equipment that follow them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Trainings and distributions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agreements.signals import funded_activities
        from chamber.audit import audit_register
        from programmes import models, selectors

        funded_activities.connect(selectors.activities_funded_by, dispatch_uid="programmes.funded_activities")

        for model in (
            models.Training,
            models.Enrolment,
            models.Distribution,
            models.DistributionItem,
            models.Allocation,
        ):
            audit_register(model)
