"""Artisans' portal accounts: sign-up requests matched to the register, and change requests Registry reviews.

The tables keep the names they had when the artisans app held these models (portal/0001 took them over).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistrationRequest(models.Model):
    """A sign-up: an inactive portal account waiting for its e-mail to be verified, then for a register match.

    When the CIN and birth date match a register record (and the record's e-mail, if any, is the same), the
    verification links the account at once; otherwise Registry staff approve or reject the request.
    """

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("E-mail not verified")
        PENDING = "pending", _("Waiting for review")
        LINKED = "linked", _("Linked automatically")
        CODE = "code", _("Linked with a one-time code")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    cin = models.CharField(
        _("CIN"),
        max_length=8,
        help_text=_(
            "National identity card number given at sign-up; compare it with the register before approving."
        ),
    )
    birth_date = models.DateField(_("birth date"))
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ar",
        help_text=_("The language the sign-up was made in; e-mails about it are written in it."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registration_request",
        verbose_name=_("portal account"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration_requests",
        verbose_name=_("register record"),
        help_text=_("The register record this account belongs to. Choose it before approving."),
    )
    decision_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required to reject: it is sent to the applicant by e-mail."),
    )
    code_failures = models.PositiveSmallIntegerField(
        _("wrong codes entered"),
        default=0,
        editable=False,
        help_text=_(
            "Wrong one-time codes entered for this request; past the limit, only Registry can open it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        db_table = "artisans_registrationrequest"
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="regreq_status_created")]
        permissions = [("review_registrationrequest", _("Can approve or reject registration requests"))]

    def __str__(self) -> str:
        return self.full_name


class AccessCode(models.Model):
    """A single-use code that proves a sign-up belongs to a register record: printed on a letter Registry sends to
    the artisan, or sent by SMS to the phone the register holds. Only its hash is stored; it expires, and a new
    code of the same kind for the same record replaces the older one."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Printed letter")
        SMS = "sms", _("Text message")

    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.CASCADE,
        related_name="access_codes",
        verbose_name=_("register record"),
    )
    registration = models.ForeignKey(
        RegistrationRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_codes",
        verbose_name=_("registration request"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    code_hash = models.CharField(_("code hash"), max_length=128, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    replaced_at = models.DateTimeField(
        _("replaced at"),
        null=True,
        blank=True,
        help_text=_("A newer code of the same kind replaced this one."),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["artisan", "kind", "-created_at"], name="accesscode_artisan_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.artisan}"


class ChangeRequest(models.Model):
    """An artisan's request to change one field of their register record; nothing changes before approval."""

    class Field(models.TextChoices):
        PHONE = "phone", _("Phone")
        ADDRESS = "address", _("Address")
        MAIN_ACTIVITY = "main_activity", _("Main activity")
        BIO_AR = "bio_ar", _("Public bio (Arabic)")
        BIO_FR = "bio_fr", _("Public bio (French)")
        BIO_EN = "bio_en", _("Public bio (English)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("artisan"),
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    new_value = models.TextField(_("new value"), blank=True, max_length=1000)
    new_activity = models.ForeignKey(
        "artisans.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new main activity"),
    )
    old_value = models.TextField(
        _("value when asked"), blank=True, help_text=_("The register's value when the artisan asked.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required to reject: it is shown to the artisan and sent by e-mail."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        db_table = "artisans_changerequest"
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="changereq_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(field="main_activity") | Q(new_activity__isnull=False),
                name="changereq_activity_given",
            ),
        ]
        permissions = [("review_changerequest", _("Can approve or reject change requests"))]

    def __str__(self) -> str:
        return f"{self.artisan} — {self.get_field_display()}"

    @property
    def requested_display(self) -> str:
        if self.field == self.Field.MAIN_ACTIVITY:
            return str(self.new_activity) if self.new_activity_id else ""
        return self.new_value


def new_profile_slug() -> str:
    """A random, stable address for a public profile: nothing in it says who the artisan is."""
    return secrets.token_urlsafe(9).replace("_", "x").replace("-", "y").lower()


def new_photo_token() -> str:
    return secrets.token_hex(8)


class PublicProfile(models.Model):
    """The public face of a consenting artisan: a page at a random address, with the contact they choose.

    What the page shows of the register (name, craft, place, cooperative, the bio) is read from the register
    record; the bio and the photos go live only once Registry has approved them.
    """

    class Contact(models.TextChoices):
        NONE = "none", _("No contact")
        PHONE = "phone", _("My phone number")
        EMAIL = "email", _("My e-mail address")
        FORM = "form", _("A contact form (my phone and e-mail stay hidden)")

    artisan = models.OneToOneField(
        "artisans.Artisan",
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name=_("artisan"),
    )
    slug = models.CharField(
        _("address"),
        max_length=24,
        unique=True,
        default=new_profile_slug,
        editable=False,
        help_text=_("Random and stable: the page's address holds no personal identifier."),
    )
    contact = models.CharField(
        _("contact shown"), max_length=8, choices=Contact.choices, default=Contact.NONE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("public profile")
        verbose_name_plural = _("public profiles")

    def __str__(self) -> str:
        return str(self.artisan)


class ProfilePhoto(models.Model):
    """A product photo on a public profile, shown once Registry has approved it.

    The upload is checked to be an image by its content, then re-encoded without any metadata (no EXIF, so no
    location) in three sizes, stored under random names through Django's storage API.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    profile = models.ForeignKey(
        PublicProfile, on_delete=models.CASCADE, related_name="photos", verbose_name=_("public profile")
    )
    token = models.CharField(_("token"), max_length=16, unique=True, default=new_photo_token, editable=False)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    small = models.CharField(_("small image"), max_length=200, editable=False)
    medium = models.CharField(_("medium image"), max_length=200, editable=False)
    large = models.CharField(_("large image"), max_length=200, editable=False)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Required to refuse: it is sent to the artisan by e-mail."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("profile photo")
        verbose_name_plural = _("profile photos")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="profilephoto_status_created")]
        permissions = [("review_profilephoto", _("Can approve or refuse profile photos"))]

    def __str__(self) -> str:
        return f"{self.profile} — {self.caption or self.token}"

    def file_for(self, size: str) -> str:
        return {"small": self.small, "medium": self.medium, "large": self.large}[size]
