"""Trainings, enrolments and the equal-share distributions of equipment that follow them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Trainings and distributions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chamber.audit import audit_register
        from programmes import models

        for model in (
            models.Training,
            models.Enrolment,
            models.Distribution,
            models.DistributionItem,
            models.Allocation,
        ):
            audit_register(model)
