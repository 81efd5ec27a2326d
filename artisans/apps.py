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

        from artisans import selectors
        from chamber import roles
        from chamber import selectors as chamber_selectors
        from chamber.staff_home import card_register, figure_register

        card_register(office=roles.REGISTRY, key="cards_expiring", function=selectors.card_cards_expiring)
        # The imports' batches are chamber's own records; the register's office follows them.
        card_register(
            office=roles.REGISTRY, key="recent_imports", function=chamber_selectors.card_recent_imports
        )
        figure_register(key="artisans", function=selectors.home_figures)
