"""Forms of the portal: login (artisans use their e-mail), sign-up, change requests, consent to the public
directory."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chamber.identity import normalize_cin, validate_cin
from chamber.mail import mail_send
from portal.models import ChangeRequest, PublicProfile
from portal.selectors import activities_for_choice


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, help_text=_("As written on your CIN."))
    cin = forms.CharField(
        label=_("CIN"),
        max_length=12,
        help_text=_("Your national identity card number, e.g. AB123456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,
        help_text=_("We send a link to this address to confirm it. You will log in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_cin(self) -> str:
        cin = normalize_cin(self.cleaned_data["cin"])
        validate_cin(cin)
        return cin

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value >= timezone.localdate():
            raise ValidationError(_("The birth date must be in the past."))
        return value

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("full_name", ""),
            )
            try:
                validate_password(p1, user=probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ChangeRequestForm(forms.Form):
    field = forms.ChoiceField(label=_("What to change"), choices=ChangeRequest.Field.choices)
    new_value = forms.CharField(
        label=_("New value"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the phone, address or bio. A phone number looks like 06 12 34 56 78."),
    )
    new_activity = forms.ModelChoiceField(
        label=_("New main activity"),
        queryset=activities_for_choice(),
        required=False,
        help_text=_("Only when you ask to change your main activity."),
    )


class ConsentForm(forms.Form):
    public_profile = forms.BooleanField(
        label=_("Show my name, activity, commune and bio in the public directory"), required=False
    )


class PortalLoginForm(AuthenticationForm):
    """The login form says what to type: artisans log in with their e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail (or staff username)")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "dir": "ltr"})


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the link sent through the chamber's outbox (retried, visible, confidential)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # The subject template is found beside the body's (…/password_reset_subject.txt).
        mail_send(
            to=to_email,
            template=email_template_name,
            context=context,
            language=get_language(),
            confidential=True,
        )


class ProfileContactForm(forms.Form):
    contact = forms.ChoiceField(
        label=_("Contact shown on my public profile"),
        choices=PublicProfile.Contact.choices,
        widget=forms.RadioSelect,
    )


class ProfilePhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Product photo"),
        help_text=_("JPEG, PNG or WebP, at most 8 MB. It appears once Registry staff have checked it."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)


class ProfileMessageForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=150,
        help_text=_("The artisan replies to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=20,
        help_text=_(
            "The code printed on the chamber's letter (e.g. K7MQ4-9XRTA), or the six digits sent by SMS."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "dir": "ltr",
                "spellcheck": "false",
            }
        ),
    )
