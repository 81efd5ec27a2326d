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

        from chamber import roles
        from chamber.staff_home import card_register, figure_register

        for key, function in (
            ("calls_closing", selectors.card_calls_closing),
            ("applications_to_review", selectors.card_applications_to_review),
            ("held_not_evaluated", selectors.card_held_not_evaluated),
        ):
            card_register(office=roles.EXHIBITIONS, key=key, function=function)
        figure_register(key="exhibitions", function=selectors.home_figures)
