"""Forms of the portal's account pages: the login form says what to type (artisans use their e-mail)."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class PortalLoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail (or staff username)")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "dir": "ltr"})
