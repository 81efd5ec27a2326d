"""Partnership agreements with many parties, their contributions, financed projects and clause follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agreements import models
        from chamber.audit import audit_register

        for model in (
            models.Partner,
            models.Agreement,
            models.AgreementParty,
            models.Project,
            models.ProjectContribution,
            models.Clause,
            models.AgreementDocument,
        ):
            audit_register(model)
