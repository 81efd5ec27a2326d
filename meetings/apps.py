"""General-assembly sessions: convocation, agenda, attendance, quorum, votes, decisions and minutes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chamber.audit import audit_register
        from meetings import models

        for model in (
            models.Member,
            models.Committee,
            models.Session,
            models.AgendaItem,
            models.AgendaRequest,
            models.Attendance,
            models.Guest,
            models.Decision,
            models.Recommendation,
            models.Convocation,
        ):
            audit_register(model)

        from chamber import roles
        from chamber.staff_home import card_register, figure_register
        from meetings import selectors

        for key, function in (
            ("sessions_to_convene", selectors.card_sessions_to_convene),
            ("minutes_pending", selectors.card_minutes_pending),
            ("decisions_to_post", selectors.card_decisions_to_post),
            ("recommendations_overdue", selectors.card_recommendations_overdue),
        ):
            card_register(office=roles.SECRETARIAT, key=key, function=function)
        figure_register(key="meetings", function=selectors.home_figures)
