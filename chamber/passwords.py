"""Password rules: staff are held to a longer minimum than artisans."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import gettext as _


class RoleAwareMinimumLengthValidator:
    """At least 10 characters for everyone, and 14 for staff accounts."""

    def __init__(self, min_length: int = 10, staff_min_length: int = 14):
        self.min_length = min_length
        self.staff_min_length = staff_min_length

    def _limit(self, user) -> int:
        return (
            self.staff_min_length
            if user is not None and getattr(user, "is_staff", False)
            else self.min_length
        )

    def validate(self, password, user=None):
        MinimumLengthValidator(self._limit(user)).validate(password, user)

    def get_help_text(self):
        return _("Your password must contain at least %(min)d characters (%(staff)d for staff accounts).") % {
            "min": self.min_length,
            "staff": self.staff_min_length,
        }
