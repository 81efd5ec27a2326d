"""App config for the shared chamber package; wires role permissions and the audit trail at start-up."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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


class ChamberAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: the staff home as its index (chamber.admin_site)."""

    default = False  # named in INSTALLED_APPS; "chamber" itself stays ChamberConfig
    default_site = "chamber.admin_site.ChamberAdminSite"

    def ready(self) -> None:
        super().ready()
        from chamber import admin_display

        admin_display.install()
