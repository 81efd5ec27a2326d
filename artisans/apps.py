"""The register of artisans, organisations, crafts and professional cards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtisansConfig(AppConfig):
    name = "artisans"
    verbose_name = _("Artisans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from artisans import models
        from chamber.audit import audit_register

        # Every change to the register goes to the audit trail; CIN, phones and AMO numbers are masked there.
        # search_name is derived from the names, so recording it would only repeat them.
        for model in (
            models.Sector,
            models.Activity,
            models.Organisation,
            models.Membership,
        ):
            audit_register(model)
        audit_register(models.Artisan, exclude=("search_name",))
        audit_register(models.ProfessionalCard, exclude=("token",))
