"""Partnership agreements with many parties, their contributions, financed projects and clause follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from agreements import models, selectors, services
        from chamber.audit import audit_register
        from meetings.signals import agenda_item_carried, agenda_vote_records, decision_recorded

        # The assembly's vote approves the agreements put to it; a second convening carries them along.
        decision_recorded.connect(services.agreement_approve_on_decision, dispatch_uid="agreements.approve")
        agenda_item_carried.connect(services.agreement_follow_carried_item, dispatch_uid="agreements.carry")
        # Every agenda, printed or on the desk, names the agreements its approval items put to the vote.
        agenda_vote_records.connect(selectors.agreements_put_to_vote, dispatch_uid="agreements.agenda")

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

        from chamber import roles
        from chamber.staff_home import card_register, figure_register

        for key, function in (
            ("agreements_ending", selectors.card_agreements_ending),
            ("clauses_overdue", selectors.card_clauses_overdue),
            ("projects_with_gaps", selectors.card_projects_with_gaps),
        ):
            card_register(office=roles.PARTNERSHIPS, key=key, function=function)
        figure_register(key="agreements", function=selectors.home_figures)
