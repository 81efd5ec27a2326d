"""The register: crafts nomenclature, artisans, organisations and their members, professional cards."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chamber.identity import normalize_cin, normalize_phone, validate_cin
from chamber.normalize import normalize_arabic
from chamber.versioning import Versioned


def validate_ice(value: str) -> None:
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.ma import ice

    try:
        ice.validate(value)
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” is not a valid ICE: it must be 15 digits with a correct check number."),
            code="invalid_ice",
            params={"value": value},
        ) from None


class Sector(models.Model):
    """One of the 13 sectors of traditional crafts listed by decree 2.21.991."""

    class Kind(models.TextChoices):
        PRODUCTION = "production", _("Production crafts")
        SERVICE = "service", _("Service crafts")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """A craft (حرفة) within a sector; staff may add more than the ones loaded at installation."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="activities", verbose_name=_("sector")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["sector__order", "code"]

    def __str__(self) -> str:
        return self.name


PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_SIDE = 4000


def artisan_photo_path(instance, filename: str) -> str:
    """A random name under artisans/photos/: the file name says nothing about the artisan."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"artisans/photos/{secrets.token_hex(16)}.{extension[:5]}"


def validate_photo(upload, max_bytes: int = PHOTO_MAX_BYTES) -> None:
    """A photo for the card (or a product photo of a public profile, with its own `max_bytes`): a JPEG, PNG or
    WebP image by its content (not its name), at most 2 MB by default."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > max_bytes:
        raise ValidationError(
            _("The photo is %(size)s KB; it must not exceed %(limit)s KB."),
            params={"size": upload.size // 1024, "limit": max_bytes // 1024},
            code="photo_too_big",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The photo is not an image (JPEG, PNG or WebP)."), code="photo_not_image"
        ) from None
    finally:
        upload.seek(position)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("The photo is a %(kind)s image; use JPEG, PNG or WebP."),
            params={"kind": kind},
            code="photo_format",
        )
    if max(size) > PHOTO_MAX_SIDE:
        raise ValidationError(
            _("The photo is %(width)s × %(height)s pixels; it must not exceed %(limit)s pixels on a side."),
            params={"width": size[0], "height": size[1], "limit": PHOTO_MAX_SIDE},
            code="photo_too_large",
        )


class Artisan(Versioned, models.Model):
    """A person registered with the chamber as an artisan (صانع تقليدي)."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Category(models.TextChoices):
        ARTISAN = "artisan", _("Artisan")
        MASTER = "master", _("Master artisan")

    class RegistrationStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        REGISTERED = "registered", _("Registered")
        SUSPENDED = "suspended", _("Suspended")
        STRUCK_OFF = "struck_off", _("Struck off")

    class CoverageStatus(models.TextChoices):
        NONE = "none", _("Not covered")
        PENDING = "pending", _("Application pending")
        COVERED = "covered", _("Covered")
        SUSPENDED = "suspended", _("Coverage suspended")

    full_name = models.CharField(_("full name (Arabic)"), max_length=200)
    full_name_latin = models.CharField(
        _("full name (Latin)"),
        max_length=200,
        blank=True,
        help_text=_("As written on the CIN, e.g. ALAOUI Ahmed."),
    )
    cin = models.CharField(
        _("CIN"),
        max_length=8,
        unique=True,
        validators=[validate_cin],
        help_text=_("National identity card number: one or two letters then up to six digits."),
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        help_text=_("Stored in international form, e.g. +212612345678."),
    )
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ar",
        help_text=_("E-mails to the artisan are written in this language."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "chamber.Commune", on_delete=models.PROTECT, related_name="artisans", verbose_name=_("commune")
    )
    main_activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="main_artisans", verbose_name=_("main activity")
    )
    secondary_activities = models.ManyToManyField(
        Activity, blank=True, related_name="secondary_artisans", verbose_name=_("secondary activities")
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=Category.choices,
        default=Category.ARTISAN,
        help_text=_("Per Law 50-17 on traditional crafts."),
    )
    register_number = models.CharField(
        _("national register ID"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The artisan identification number (رقم تعريفي حرفي) in the national register."),
    )
    registration_status = models.CharField(
        _("registration status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    amo_number = models.CharField(_("AMO/CNSS number"), max_length=30, blank=True)
    coverage_status = models.CharField(
        _("social coverage status"),
        max_length=10,
        choices=CoverageStatus.choices,
        default=CoverageStatus.NONE,
    )
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("The artisan consents to appear in the public directory of the portal."),
    )
    bio = models.TextField(_("short public bio"), blank=True, max_length=1000)
    photo = models.ImageField(
        _("photo"),
        upload_to=artisan_photo_path,
        blank=True,
        validators=[validate_photo],
        help_text=_("For the professional card: a face photo, JPEG, PNG or WebP, at most 2 MB."),
    )
    search_name = models.CharField(_("search name"), max_length=420, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="artisan",
        verbose_name=_("portal account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["-id"]
        indexes = [
            GinIndex(name="artisan_search_name_trgm", fields=["search_name"], opclasses=["gin_trgm_ops"]),
            models.Index(fields=["sex"], name="artisan_sex_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cin__regex=r"^[A-Z]{1,2}[0-9]{1,6}$"), name="artisan_cin_format"
            ),
        ]
        permissions = [
            ("import_artisan", _("Can import artisans")),
            ("export_artisan", _("Can export artisans")),
            ("view_statistics", _("Can view the register statistics")),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # Not a rule: the search key is the names, normalised (the CIN and register number are cleaned by clean(),
        # which the services run, and the database's constraints refuse a malformed one whatever the path).
        self.search_name = self.compute_search_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"full_name", "full_name_latin"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def compute_search_name(self) -> str:
        return normalize_arabic(f"{self.full_name} {self.full_name_latin}")

    def clean(self) -> None:
        self.cin = normalize_cin(self.cin)
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.messages}) from None
        if self.register_number == "":
            self.register_number = None


class Organisation(Versioned, models.Model):
    """A cooperative, craft enterprise or craft group (تكتل حرفي)."""

    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Craft enterprise")
        GROUP = "group", _("Craft group")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    ice = models.CharField(
        _("ICE"),
        max_length=15,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ice],
        help_text=_("Common company identifier: 15 digits."),
    )
    commune = models.ForeignKey(
        "chamber.Commune", on_delete=models.PROTECT, related_name="organisations", verbose_name=_("commune")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="organisations", verbose_name=_("activities")
    )
    legal_representative = models.ForeignKey(
        Artisan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_organisations",
        verbose_name=_("legal representative"),
    )
    members = models.ManyToManyField(
        Artisan, through="Membership", related_name="organisations", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [
            ("import_organisation", _("Can import organisations")),
            ("export_organisation", _("Can export organisations")),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """An artisan's membership of an organisation, with a role."""

    class Role(models.TextChoices):
        PRESIDENT = "president", pgettext_lazy("organisation role", "President")
        TREASURER = "treasurer", _("Treasurer")
        SECRETARY = "secretary", pgettext_lazy("organisation role", "Secretary")
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Member")

    artisan = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("artisan")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["artisan", "organisation"], name="membership_unique_artisan_org"),
        ]

    def __str__(self) -> str:
        return f"{self.artisan} — {self.organisation}"


def new_card_token() -> str:
    return secrets.token_urlsafe(24)


class ProfessionalCard(models.Model):
    """The professional card (البطاقة المهنية) the chamber issues, signed by its president."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")

    artisan = models.ForeignKey(
        Artisan, on_delete=models.PROTECT, related_name="cards", verbose_name=_("artisan")
    )
    number = models.CharField(_("card number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    signed_by = models.CharField(
        _("signed by"), max_length=200, help_text=_("The chamber's president at the time of issue.")
    )
    token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_card_token, editable=False
    )
    suspension_reason = models.CharField(_("suspension reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("professional card")
        verbose_name_plural = _("professional cards")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="card_expiry_after_issue"
            ),
            models.UniqueConstraint(
                fields=["artisan"], condition=Q(status="valid"), name="card_one_valid_per_artisan"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def effective_status(self) -> str:
        if self.status == self.Status.VALID and self.expires_on < timezone.localdate():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return self.Status(self.effective_status).label
