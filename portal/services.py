"""Writes for artisans' portal accounts: sign-up, e-mail verification, Registry's decisions, change
requests, consent.

Every status move happens here. E-mails go through chamber.mail, in the recipient's language, after commit.
No CIN ever goes into a URL, a token or a log line: tokens carry the request's id only.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from artisans import services as artisan_services
from artisans.models import Activity, Artisan, validate_photo
from chamber.identity import normalize_cin, normalize_phone
from chamber.jobs import job_defer_after_commit
from chamber.mail import mail_language, mail_send
from chamber.sms import sms_enabled, sms_send
from portal import photos
from portal.models import AccessCode, ChangeRequest, ProfilePhoto, PublicProfile, RegistrationRequest

logger = logging.getLogger(__name__)

VERIFY_SALT = "artisans.signup.verify"


def verification_max_age() -> int:
    """Seconds a verification link stays valid (setting ACCOUNT_VERIFICATION_MAX_AGE, default 48 hours)."""
    return int(getattr(settings, "ACCOUNT_VERIFICATION_MAX_AGE", 48 * 60 * 60))


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def signup_token(*, registration: RegistrationRequest) -> str:
    return signing.dumps({"r": registration.pk}, salt=VERIFY_SALT, compress=True)


@transaction.atomic
def signup_submit(*, cin: str, birth_date, full_name: str, email: str, password: str) -> None:
    """Record a sign-up and e-mail a verification link; what happens next never depends on the register here.

    When the e-mail already has an account, the owner of that address is told so by e-mail instead, and
    the page shows the same message as for a new sign-up.
    """
    User = get_user_model()
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        mail_send(
            to=email,
            subject=gettext_lazy("Your account on the chamber's portal"),
            template="portal/account/email/already_registered.txt",
            language=mail_language(get_language()),
            context={
                "login_url": _absolute(reverse("portal:login")),
                "reset_url": _absolute(reverse("portal:password_reset")),
            },
        )
        return
    user = User(username=email, email=email, is_active=False, first_name=full_name[:150])
    user.set_password(password)
    user.save()
    registration = RegistrationRequest.objects.create(
        cin=normalize_cin(cin),
        birth_date=birth_date,
        full_name=full_name,
        email=email,
        user=user,
        language=mail_language(get_language()),
    )
    link = _absolute(reverse("artisans:verify", args=[signup_token(registration=registration)]))
    hours = verification_max_age() // 3600
    mail_send(
        to=email,
        subject=gettext_lazy("Confirm your e-mail address"),
        template="portal/account/email/verify.txt",
        language=registration.language,
        confidential=True,
        context={"link": link, "hours": hours, "name": full_name},
    )


def signup_registration_for_token(*, token: str) -> RegistrationRequest:
    """The sign-up a verification link stands for; ValidationError if it is expired, forged or used."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=verification_max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            _("This verification link has expired. Please sign up again."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This verification link is not valid."), code="invalid") from None
    registration = (
        RegistrationRequest.objects.select_related("user").filter(pk=data.get("r")).first()  # type: ignore[misc]
        if isinstance(data, dict)
        else None
    )
    if registration is None:
        raise ValidationError(_("This verification link is not valid."), code="invalid")
    if registration.status != RegistrationRequest.Status.UNVERIFIED:
        raise ValidationError(_("This verification link has already been used."), code="used")
    return registration


def _candidate(registration: RegistrationRequest) -> Artisan | None:
    """The register record with this CIN and birth date that has no account yet, if any."""
    return (
        Artisan.objects.select_for_update()
        .filter(cin=registration.cin, birth_date=registration.birth_date, user__isnull=True)
        .first()
    )


def _holds_this_email(artisan: Artisan, registration: RegistrationRequest) -> bool:
    return bool(artisan.email) and artisan.email.strip().lower() == registration.email


@transaction.atomic
def signup_verify(*, token: str) -> RegistrationRequest:
    """Confirm the e-mail. The account is linked at once only when the register already holds this e-mail for the
    record with this CIN and birth date: the CIN and the birth date are written on many papers, the e-mail is the
    second factor. Otherwise Registry checks the request (the matching record without an e-mail, if any, is proposed
    to them) and the account stays closed, seeing nothing of the register, until they approve it."""
    registration = signup_registration_for_token(token=token)
    registration = (
        RegistrationRequest.objects.select_for_update().select_related("user").get(pk=registration.pk)
    )
    if registration.status != RegistrationRequest.Status.UNVERIFIED:
        raise ValidationError(_("This verification link has already been used."), code="used")
    registration.verified_at = timezone.now()
    artisan = _candidate(registration)
    if artisan is not None and _holds_this_email(artisan, registration):
        _link(registration=registration, artisan=artisan)
        registration.status = RegistrationRequest.Status.LINKED
    else:
        # Proposed to Registry, not linked: a record holding another e-mail is someone else's, never proposed.
        registration.artisan = artisan if artisan is not None and not artisan.email else None
        registration.status = RegistrationRequest.Status.PENDING
        # The account may log in, to its waiting page only: it sees nothing of the register there, and can give
        # the second factor (a code from the chamber's letter or sent to the register's phone).
        registration.user.is_active = True
        registration.user.save(update_fields=["is_active"])
    registration.save(update_fields=["verified_at", "status", "artisan"])
    return registration


def _link(*, registration: RegistrationRequest, artisan: Artisan) -> None:
    artisan.user = registration.user
    # The language the artisan signed up in becomes the one the chamber writes to them in.
    artisan.language = registration.language
    artisan.save(update_fields=["user", "language"])
    registration.user.is_active = True
    registration.user.save(update_fields=["is_active"])
    registration.artisan = artisan


@transaction.atomic
def registration_approve(
    *, registration: RegistrationRequest, artisan: Artisan | None, by
) -> RegistrationRequest:
    """Registry links a reviewed sign-up to its register record and opens the account."""
    registration = (
        RegistrationRequest.objects.select_for_update().select_related("user").get(pk=registration.pk)
    )
    if registration.status != RegistrationRequest.Status.PENDING:
        raise ValidationError(
            _("Only a request waiting for review can be approved; this one is “%(status)s”.")
            % {"status": registration.get_status_display()}
        )
    if artisan is None:
        raise ValidationError(
            {"artisan": _("Choose the register record this account belongs to before approving.")}
        )
    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    if artisan.user_id is not None:
        raise ValidationError(
            {"artisan": _("The register record “%(name)s” already has a portal account.") % {"name": artisan}}
        )
    _link(registration=registration, artisan=artisan)
    registration.status = RegistrationRequest.Status.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.save(update_fields=["status", "artisan", "decided_at", "decided_by"])
    mail_send(
        to=registration.email,
        subject=gettext_lazy("Your portal account is open"),
        template="portal/account/email/registration_approved.txt",
        language=registration.language,
        context={"name": registration.full_name, "login_url": _absolute(reverse("portal:login"))},
    )
    return registration


@transaction.atomic
def registration_reject(*, registration: RegistrationRequest, reason: str, by) -> RegistrationRequest:
    """Registry refuses a sign-up; the reason is e-mailed to the applicant and the account stays closed."""
    registration = RegistrationRequest.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationRequest.Status.PENDING:
        raise ValidationError(
            _("Only a request waiting for review can be rejected; this one is “%(status)s”.")
            % {"status": registration.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"decision_reason": _("Give the reason for the rejection: it is sent to the applicant.")}
        )
    registration.status = RegistrationRequest.Status.REJECTED
    registration.decision_reason = reason
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    _close_account(registration)
    mail_send(
        to=registration.email,
        subject=gettext_lazy("Your portal registration request"),
        template="portal/account/email/registration_rejected.txt",
        language=registration.language,
        context={"name": registration.full_name, "reason": reason},
    )
    return registration


def _close_account(registration: RegistrationRequest) -> None:
    user = registration.user
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    AccessCode.objects.filter(
        registration=registration, used_at__isnull=True, replaced_at__isnull=True
    ).update(replaced_at=timezone.now())


# --- One-time codes: the second factor a sign-up gives without the register's e-mail -------------------------------

# No 0/O, 1/I/L, 2/Z, 8/B: a code read from paper or over the counter is typed without doubt.
LETTER_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY345679"
LETTER_CODE_LENGTH = 10
SMS_CODE_LENGTH = 6
SMS_CODES_PER_DAY = 3


def letter_code_days() -> int:
    return int(getattr(settings, "PORTAL_LETTER_CODE_DAYS", 30))


def sms_code_seconds() -> int:
    return int(getattr(settings, "PORTAL_SMS_CODE_SECONDS", 15 * 60))


def code_max_failures() -> int:
    return int(getattr(settings, "PORTAL_CODE_MAX_FAILURES", 5))


def normalize_code(code: str) -> str:
    """What the artisan typed, as stored: upper case, without spaces or hyphens (Arabic-Indic digits read too)."""
    text = (code or "").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_letter_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _replace_open_codes(*, artisan: Artisan, kind: str) -> None:
    AccessCode.objects.filter(
        artisan=artisan, kind=kind, used_at__isnull=True, replaced_at__isnull=True
    ).update(replaced_at=timezone.now())


def _pending_locked(registration: RegistrationRequest) -> RegistrationRequest:
    registration = (
        RegistrationRequest.objects.select_for_update(of=("self",))
        .select_related("user", "artisan")
        .get(pk=registration.pk)
    )
    if registration.status != RegistrationRequest.Status.PENDING:
        raise ValidationError(
            _("Only a request waiting for review can take a code; this one is “%(status)s”.")
            % {"status": registration.get_status_display()}
        )
    return registration


@transaction.atomic
def access_code_letter_issue(*, artisan: Artisan, by, registration: RegistrationRequest | None = None) -> str:
    """Registry issues a code for a register record, to be printed on a letter (portal.documents); returns the code
    itself, which is never stored: only its hash is. An earlier letter's unused code stops working."""
    if registration is not None:
        registration = _pending_locked(registration)
        if registration.artisan_id != artisan.pk:
            raise ValidationError(
                {
                    "artisan": _(
                        "Choose the register record this account belongs to, and save, before printing."
                    )
                }
            )
    if artisan.user_id is not None:
        raise ValidationError(
            _("The register record “%(name)s” already has a portal account.") % {"name": artisan}
        )
    _replace_open_codes(artisan=artisan, kind=AccessCode.Kind.LETTER)
    code = "".join(secrets.choice(LETTER_CODE_ALPHABET) for _i in range(LETTER_CODE_LENGTH))
    now = timezone.now()
    AccessCode.objects.create(
        artisan=artisan,
        registration=registration,
        kind=AccessCode.Kind.LETTER,
        code_hash=make_password(code),
        expires_at=now + dt.timedelta(days=letter_code_days()),
        sent_at=now,
        issued_by=by if getattr(by, "pk", None) else None,
    )
    return code


@transaction.atomic
def access_code_sms_request(*, registration: RegistrationRequest) -> AccessCode:
    """The waiting account asks for a code by SMS to the phone the register holds for its proposed record; the code
    is made and sent by a job after commit (so that it is never stored in the queue either)."""
    registration = _pending_locked(registration)
    artisan = registration.artisan
    if not sms_enabled() or artisan is None or not artisan.phone or artisan.user_id is not None:
        raise ValidationError(_("A code cannot be sent by SMS for this request; wait for Registry's review."))
    if registration.code_failures >= code_max_failures():
        raise ValidationError(_("Too many wrong codes were entered; Registry will now review the request."))
    recent = AccessCode.objects.filter(
        registration=registration,
        kind=AccessCode.Kind.SMS,
        created_at__gte=timezone.now() - dt.timedelta(days=1),
    ).count()
    if recent >= SMS_CODES_PER_DAY:
        raise ValidationError(
            _("%(count)s codes were already sent today; use the last one or try again tomorrow.")
            % {"count": recent}
        )
    _replace_open_codes(artisan=artisan, kind=AccessCode.Kind.SMS)
    code = AccessCode.objects.create(
        artisan=artisan,
        registration=registration,
        kind=AccessCode.Kind.SMS,
        expires_at=timezone.now() + dt.timedelta(seconds=sms_code_seconds()),
    )
    job_defer_after_commit("portal.access_code_sms_send", lock=f"sms-code-{code.pk}", code_id=code.pk)
    return code


@transaction.atomic
def access_code_sms_send(*, code_id: int) -> bool:
    """What the job runs: make the code, store its hash, send it to the register's phone. A code already used,
    replaced or expired is not sent (False). A retry makes a new code: the earlier one never arrived."""
    code = (
        AccessCode.objects.select_for_update(of=("self",))
        .select_related("artisan", "registration")
        .get(pk=code_id)
    )
    if code.used_at or code.replaced_at or code.expires_at <= timezone.now() or not code.artisan.phone:
        return False
    plain = "".join(secrets.choice("0123456789") for _i in range(SMS_CODE_LENGTH))
    code.code_hash = make_password(plain)
    code.sent_at = timezone.now()
    code.save(update_fields=["code_hash", "sent_at"])
    language = code.registration.language if code.registration else code.artisan.language
    with translation.override(mail_language(language)):
        body = _(
            "%(code)s is your code for the chamber's portal. It is valid for %(minutes)s minutes. "
            "The chamber never asks you for it by phone."
        ) % {"code": plain, "minutes": sms_code_seconds() // 60}
    sms_send(to=code.artisan.phone, body=body)
    return True


def access_code_redeem(*, registration: RegistrationRequest, code: str) -> RegistrationRequest:
    """The waiting account enters a code: a valid one (letter or SMS) for its proposed record links it at once;
    a wrong one counts toward the limit (PORTAL_CODE_MAX_FAILURES), after which only Registry can open it. Every
    attempt is in the audit trail (the request's count of wrong codes, or the code used and the status)."""
    typed = normalize_code(code)
    with transaction.atomic():
        registration = _pending_locked(registration)
        limit = code_max_failures()
        if registration.code_failures >= limit:
            raise ValidationError(
                {"code": _("Too many wrong codes were entered; Registry will now review the request.")}
            )
        artisan = registration.artisan
        now = timezone.now()
        candidates = (
            AccessCode.objects.select_for_update()
            .filter(artisan=artisan, used_at__isnull=True, replaced_at__isnull=True, expires_at__gt=now)
            .exclude(code_hash="")
            if artisan is not None and typed
            else AccessCode.objects.none()
        )
        match = next((c for c in candidates if check_password(typed, c.code_hash)), None)
        if match is not None and artisan is not None:
            artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
            if artisan.user_id is not None:
                raise ValidationError(
                    {
                        "code": _("The register record “%(name)s” already has a portal account.")
                        % {"name": artisan}
                    }
                )
            match.used_at = now
            match.registration = registration
            match.save(update_fields=["used_at", "registration"])
            _link(registration=registration, artisan=artisan)
            registration.status = RegistrationRequest.Status.CODE
            registration.decided_at = now
            registration.save(update_fields=["status", "artisan", "decided_at"])
            return registration
        registration.code_failures += 1
        registration.save(update_fields=["code_failures"])
        left = limit - registration.code_failures
    if left <= 0:
        raise ValidationError(
            {
                "code": _(
                    "This code is not valid. Too many wrong codes were entered; Registry will now review the request."
                )
            }
        )
    raise ValidationError(
        {"code": _("This code is not valid or has expired. Tries left: %(count)s.") % {"count": left}}
    )


# --- Change requests ---------------------------------------------------------------------------------------


def _current_value(artisan: Artisan, field: str) -> str:
    if field == ChangeRequest.Field.MAIN_ACTIVITY:
        return str(artisan.main_activity) if artisan.main_activity_id else ""
    return getattr(artisan, field) or ""


@transaction.atomic
def change_request_submit(
    *, artisan: Artisan, field: str, value: str = "", activity: Activity | None = None
) -> ChangeRequest:
    """An artisan asks for one register field to change; the register is left untouched until approval."""
    if field not in ChangeRequest.Field.values:
        raise ValidationError(
            {"field": _("“%(value)s” cannot be changed from the portal.") % {"value": field}}
        )
    value = (value or "").strip()
    if field == ChangeRequest.Field.MAIN_ACTIVITY:
        if activity is None:
            raise ValidationError({"new_activity": _("Choose the new main activity.")})
        if activity.pk == artisan.main_activity_id:
            raise ValidationError({"new_activity": _("This is already your main activity.")})
        value = ""
    else:
        activity = None
        if field == ChangeRequest.Field.PHONE:
            try:
                value = normalize_phone(value)
            except ValidationError as exc:
                raise ValidationError({"new_value": exc.messages}) from None
        if not value and field in (ChangeRequest.Field.PHONE, ChangeRequest.Field.ADDRESS):
            raise ValidationError({"new_value": _("Give the new value.")})
        if value == _current_value(artisan, field):
            raise ValidationError({"new_value": _("This is already the value in the register.")})
    if ChangeRequest.objects.filter(
        artisan=artisan, field=field, status=ChangeRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            {"field": _("You already have a request waiting for review for this field; withdraw it first.")}
        )
    return ChangeRequest.objects.create(
        artisan=artisan,
        field=field,
        new_value=value,
        new_activity=activity,
        old_value=_current_value(artisan, field),
    )


def _lock_pending(change: ChangeRequest, verb: str) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().select_related("artisan").get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError(
            _("Only a request waiting for review can be %(verb)s; this one is “%(status)s”.")
            % {"verb": verb, "status": change.get_status_display()}
        )
    return change


@transaction.atomic
def change_request_approve(*, change: ChangeRequest, by) -> ChangeRequest:
    """Registry accepts the change: the register record is updated (and audited) now, and the artisan told."""
    change = _lock_pending(change, _("approved"))
    artisan = Artisan.objects.select_for_update().get(pk=change.artisan_id)
    if change.field == ChangeRequest.Field.MAIN_ACTIVITY:
        artisan_services.artisan_update(artisan=artisan, main_activity=change.new_activity, by=by)
    else:
        artisan_services.artisan_update(artisan=artisan, **{change.field: change.new_value}, by=by)
    change.status = ChangeRequest.Status.APPROVED
    change.decided_at = timezone.now()
    change.decided_by = by
    change.save(update_fields=["status", "decided_at", "decided_by"])
    _notify_decision(change)
    return change


@transaction.atomic
def change_request_reject(*, change: ChangeRequest, reason: str, by) -> ChangeRequest:
    change = _lock_pending(change, _("rejected"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"decision_reason": _("Give the reason for the rejection: the artisan will see it.")}
        )
    change.status = ChangeRequest.Status.REJECTED
    change.decision_reason = reason
    change.decided_at = timezone.now()
    change.decided_by = by
    change.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    _notify_decision(change)
    return change


@transaction.atomic
def change_request_withdraw(*, change: ChangeRequest, artisan: Artisan) -> ChangeRequest:
    """The artisan takes back a request that Registry has not decided yet."""
    if change.artisan_id != artisan.pk:
        raise ValidationError(_("This request is not yours."))
    change = _lock_pending(change, _("withdrawn"))
    change.status = ChangeRequest.Status.WITHDRAWN
    change.save(update_fields=["status"])
    return change


def _notify_decision(change: ChangeRequest) -> None:
    user = change.artisan.user
    email = change.artisan.email or (user.email if user is not None else "")
    if not email:
        return
    mail_send(
        to=email,
        subject=gettext_lazy("Your change request"),
        template="portal/account/email/change_decided.txt",
        language=change.artisan.language,
        context={"change": change, "url": _absolute(reverse("artisans:change_list"))},
    )


@transaction.atomic
def artisan_set_public_profile(*, artisan: Artisan, public: bool) -> Artisan:
    """The artisan's consent to appear in the public directory and to have a public profile page; they may give
    or withdraw it at any time (withdrawn, the page answers 404 but keeps its address for a later consent)."""
    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    if artisan.public_profile != public:
        artisan.public_profile = public
        artisan.save(update_fields=["public_profile", "updated_at"])
    if public:
        profile_ensure(artisan=artisan)
    return artisan


# --- Public profiles ---------------------------------------------------------------------------------------

PROFILE_PHOTOS_MAX = 8


def profile_ensure(*, artisan: Artisan) -> PublicProfile:
    """The artisan's public profile, made with its random address the first time."""
    profile, _created = PublicProfile.objects.get_or_create(artisan=artisan)
    return profile


def _artisan_email(artisan: Artisan) -> str:
    return artisan.email or (artisan.user.email if artisan.user is not None else "")


@transaction.atomic
def profile_set_contact(*, artisan: Artisan, contact: str) -> PublicProfile:
    """Which contact the public page shows: none, the phone, the e-mail, or a form that hides both."""
    if contact not in PublicProfile.Contact.values:
        raise ValidationError({"contact": _("“%(value)s” is not a contact choice.") % {"value": contact}})
    if contact == PublicProfile.Contact.PHONE and not artisan.phone:
        raise ValidationError(
            {
                "contact": _(
                    "The register has no phone number for you; send a change request to add one first."
                )
            }
        )
    if contact in (PublicProfile.Contact.EMAIL, PublicProfile.Contact.FORM) and not _artisan_email(artisan):
        raise ValidationError({"contact": _("The register has no e-mail address for you.")})
    profile = PublicProfile.objects.select_for_update().get(pk=profile_ensure(artisan=artisan).pk)
    profile.contact = contact
    profile.save(update_fields=["contact", "updated_at"])
    return profile


def profile_photo_add(*, artisan: Artisan, upload, caption: str = "") -> ProfilePhoto:
    """An artisan adds a product photo: checked by content, stripped of metadata, resized, stored, and queued
    for Registry's review. At most eight photos per profile, refused ones not counted."""
    caption = (caption or "").strip()
    if len(caption) > 120:
        raise ValidationError({"caption": _("The caption must not exceed 120 characters.")})
    try:
        validate_photo(upload, max_bytes=photos.PRODUCT_PHOTO_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from None
    files, (width, height) = photos.renditions(upload)
    names = photos.store(files)
    try:
        with transaction.atomic():
            profile = PublicProfile.objects.select_for_update().get(pk=profile_ensure(artisan=artisan).pk)
            shown = profile.photos.exclude(status=ProfilePhoto.Status.REFUSED).count()
            if shown >= PROFILE_PHOTOS_MAX:
                raise ValidationError(
                    {
                        "image": _(
                            "Your profile already has %(count)s photos, the most it can hold; remove one first."
                        )
                        % {"count": shown}
                    }
                )
            return ProfilePhoto.objects.create(
                profile=profile, caption=caption, width=width, height=height, **names
            )
    except BaseException:
        photos.delete(names.values())
        raise


@transaction.atomic
def profile_photo_remove(*, artisan: Artisan, photo: ProfilePhoto) -> None:
    """The artisan takes a photo off their profile; its files are deleted once the removal commits."""
    photo = ProfilePhoto.objects.select_for_update(of=("self",)).select_related("profile").get(pk=photo.pk)
    if photo.profile.artisan_id != artisan.pk:
        raise ValidationError(_("This photo is not yours."))
    names = [photo.small, photo.medium, photo.large]
    photo.delete()
    transaction.on_commit(lambda: photos.delete(names))


def _lock_pending_photo(photo: ProfilePhoto) -> ProfilePhoto:
    photo = (
        ProfilePhoto.objects.select_for_update(of=("self",))
        .select_related("profile__artisan__user")
        .get(pk=photo.pk)
    )
    if photo.status != ProfilePhoto.Status.PENDING:
        raise ValidationError(
            _("Only a photo waiting for review can be decided; this one is “%(status)s”.")
            % {"status": photo.get_status_display()}
        )
    return photo


@transaction.atomic
def profile_photo_approve(*, photo: ProfilePhoto, by) -> ProfilePhoto:
    """Registry accepts a photo: it appears on the public profile now."""
    photo = _lock_pending_photo(photo)
    photo.status = ProfilePhoto.Status.APPROVED
    photo.decided_at = timezone.now()
    photo.decided_by = by
    photo.save(update_fields=["status", "decided_at", "decided_by"])
    return photo


@transaction.atomic
def profile_photo_refuse(*, photo: ProfilePhoto, reason: str, by) -> ProfilePhoto:
    """Registry refuses a photo; the reason is e-mailed to the artisan and shown on their profile page."""
    photo = _lock_pending_photo(photo)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"decision_reason": _("Give the reason for the refusal: it is sent to the artisan.")}
        )
    photo.status = ProfilePhoto.Status.REFUSED
    photo.decision_reason = reason
    photo.decided_at = timezone.now()
    photo.decided_by = by
    photo.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    artisan = photo.profile.artisan
    mail_send(
        to=_artisan_email(artisan),
        subject=gettext_lazy("A photo of your public profile was refused"),
        template="portal/account/email/photo_refused.txt",
        language=artisan.language,
        context={
            "name": artisan.full_name,
            "caption": photo.caption,
            "reason": reason,
            "url": _absolute(reverse("artisans:my_profile")),
        },
    )
    return photo


@transaction.atomic
def profile_contact_send(
    *, profile: PublicProfile, sender_name: str, sender_email: str, message: str
) -> None:
    """A visitor writes to an artisan through the profile's form: the message is forwarded by e-mail with the
    visitor's address to reply to; the artisan's own address and phone are never shown to the visitor."""
    profile = PublicProfile.objects.select_related("artisan__user").get(pk=profile.pk)
    artisan = profile.artisan
    if (
        profile.contact != PublicProfile.Contact.FORM
        or not artisan.public_profile
        or artisan.registration_status != Artisan.RegistrationStatus.REGISTERED
    ):
        raise ValidationError(_("This artisan does not receive messages through the portal."))
    sender_name, message = (sender_name or "").strip(), (message or "").strip()
    if not sender_name:
        raise ValidationError({"name": _("Give your name.")})
    if len(message) < 10:
        raise ValidationError({"message": _("Write a message of at least 10 characters.")})
    mail_send(
        to=_artisan_email(artisan),
        subject=gettext_lazy("A message from a visitor of your public profile"),
        template="portal/account/email/profile_message.txt",
        language=artisan.language,
        reply_to=[sender_email.strip()],
        context={
            "name": artisan.full_name,
            "sender_name": sender_name,
            "sender_email": sender_email,
            "message": message,
        },
    )
