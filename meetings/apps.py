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
