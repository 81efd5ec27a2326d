"""App config for the shared chamber package; wires role permissions and the audit trail at start-up."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ChamberConfig(AppConfig):
    name = "chamber"
    verbose_name = _("Chamber")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chamber import audit, checks, roles  # noqa: F401  (registers checks and audit)

        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="chamber.sync_role_permissions")
        audit.register_chamber_models()
