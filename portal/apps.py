"""What an artisan or a visitor does: accounts, sign-up, the artisan's own pages, the home page, the public URLs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chamber.audit import audit_register
        from portal.models import AccessCode, ChangeRequest, ProfilePhoto, PublicProfile, RegistrationRequest

        # The requested values of a change request may hold a phone number, so they are masked in the trail like
        # the register's own phone field.
        audit_register(RegistrationRequest)
        # A code's hash never goes into the trail; who issued it, when, and when it was used do.
        audit_register(AccessCode, exclude=("code_hash",))
        audit_register(ChangeRequest, extra_mask=("new_value", "old_value"))
        audit_register(PublicProfile)
        audit_register(ProfilePhoto)

        from chamber import roles
        from chamber.staff_home import card_register
        from portal import selectors

        card_register(office=roles.REGISTRY, key="signups_pending", function=selectors.card_signups_pending)
        card_register(office=roles.REGISTRY, key="changes_pending", function=selectors.card_changes_pending)
