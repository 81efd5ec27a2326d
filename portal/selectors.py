"""Reads of the portal: the home page gathered from each app's selectors, and the artisan's own pages (their
record with the CIN masked, card, trainings, distributions, applications, change requests).

Every read of the artisan's own pages starts from the logged-in user's own register record, so nothing here
reaches another artisan's data.
"""

from __future__ import annotations

from django.db.models import QuerySet

from agreements import selectors as agreements_selectors
from artisans import selectors as artisans_selectors
from artisans.models import Activity, Artisan, ProfessionalCard
from artisans.selectors import card_for_artisan
from chamber.sms import sms_enabled
from exhibitions import selectors as exhibitions_selectors
from meetings import selectors as meetings_selectors
from portal.models import ChangeRequest, ProfilePhoto, PublicProfile, RegistrationRequest


def mask_cin(cin: str) -> str:
    """AB123456 → AB••••56: the letters and the last two digits, enough for the artisan to recognise it."""
    if not cin:
        return ""
    letters = len(cin) - len(cin.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = cin[letters:]
    keep = 2 if len(digits) > 3 else 1
    return cin[:letters] + "•" * (len(digits) - keep) + digits[-keep:]


def pending_registration_for(*, user) -> RegistrationRequest | None:
    """The sign-up of a logged-in account that waits for its second factor (or Registry's review), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        RegistrationRequest.objects.select_related("artisan")
        .filter(user_id=user.pk, status=RegistrationRequest.Status.PENDING)
        .first()
    )


def pending_can_receive_sms(*, registration: RegistrationRequest) -> bool:
    """Whether a code can be sent by SMS: the proposed record has a phone, no account, and SMS is switched on.
    (The page says only that; it never shows the number, not even in part.)"""
    artisan = registration.artisan
    return sms_enabled() and artisan is not None and bool(artisan.phone) and artisan.user_id is None


def own_card(*, artisan: Artisan) -> ProfessionalCard | None:
    return card_for_artisan(artisan=artisan)


def own_card_get(*, artisan: Artisan, pk: int) -> ProfessionalCard | None:
    """One of the artisan's own cards; None for anyone else's."""
    return ProfessionalCard.objects.filter(artisan=artisan, pk=pk).first()


def own_applications(*, artisan: Artisan):
    return exhibitions_selectors.artisan_applications(artisan=artisan)


def own_change_requests(*, artisan: Artisan) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(artisan=artisan).select_related("new_activity").order_by("-created_at")
    )


def own_change_request_get(*, artisan: Artisan, pk: int) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(artisan=artisan, pk=pk).select_related("new_activity").first()


def activities_for_choice() -> QuerySet[Activity]:
    return Activity.objects.select_related("sector").order_by("sector__order", "name")


# --- Public profiles ---------------------------------------------------------------------------------------


def _public_profiles() -> QuerySet[PublicProfile]:
    """Profiles of consenting, registered artisans: the only ones any public page may show."""
    return PublicProfile.objects.filter(
        artisan__public_profile=True, artisan__registration_status=Artisan.RegistrationStatus.REGISTERED
    )


def public_profile_get(*, slug: str) -> PublicProfile | None:
    """The public profile at this address, or None when there is none or its artisan does not consent."""
    return (
        _public_profiles()
        .select_related("artisan__main_activity__sector", "artisan__commune__province")
        .filter(slug=slug)
        .first()
    )


def public_profile_context(*, profile: PublicProfile) -> dict:
    """What the public page shows: only public fields, the approved photos, the cooperatives."""
    artisan = profile.artisan
    return {
        "secondary_activities": list(artisan.secondary_activities.order_by("name")),
        "organisations": artisans_selectors.artisan_organisations(artisan=artisan),
        "photos": list(
            profile.photos.filter(status=ProfilePhoto.Status.APPROVED).order_by("created_at", "id")
        ),
    }


def public_photo_get(*, slug: str, token: str) -> ProfilePhoto | None:
    """An approved photo of a public profile; None for a pending or refused one, or a withdrawn consent."""
    return (
        ProfilePhoto.objects.filter(
            token=token, status=ProfilePhoto.Status.APPROVED, profile__in=_public_profiles().filter(slug=slug)
        )
        .only("small", "medium", "large", "token")
        .first()
    )


def own_profile(*, artisan: Artisan) -> PublicProfile | None:
    return PublicProfile.objects.filter(artisan=artisan).first()


def own_photos(*, artisan: Artisan) -> QuerySet[ProfilePhoto]:
    return ProfilePhoto.objects.filter(profile__artisan=artisan).order_by("created_at", "id")


def own_photo_get(*, artisan: Artisan, pk: int) -> ProfilePhoto | None:
    return ProfilePhoto.objects.filter(profile__artisan=artisan, pk=pk).first()


def photo_for_review(*, pk: int) -> ProfilePhoto | None:
    """Any photo, whatever its status, for Registry's review in the admin."""
    return ProfilePhoto.objects.filter(pk=pk).first()


# What each app shows on the home page, in this order: the register first.
HOME_CONTRIBUTORS = (
    artisans_selectors.portal_home_items,
    exhibitions_selectors.portal_home_items,
    meetings_selectors.portal_home_items,
    agreements_selectors.portal_home_items,
)


def home_context() -> dict:
    """The home page's key figures and sections, gathered from each app's `portal_home_items()`."""
    context: dict = {"home_sections": [], "key_figures": []}
    for contribute in HOME_CONTRIBUTORS:
        part = contribute()
        context["key_figures"].extend(part.get("key_figures", []))
        if part.get("section"):
            context["home_sections"].append(part["section"])
        context.update(part.get("context", {}))
    return context


# --- the Registry's cards on the staff home (chamber.staff_home) ---------------------------------------------------


def card_signups_pending(*, today):
    from django.utils.translation import gettext as _

    from chamber.staff_home import Card
    from portal.models import RegistrationRequest

    return Card(
        title=_("Sign-up requests to review"),
        count=RegistrationRequest.objects.filter(status=RegistrationRequest.Status.PENDING).count(),
        url_name="admin:portal_registrationrequest_changelist",
        query={"status__exact": RegistrationRequest.Status.PENDING},
    )


def card_changes_pending(*, today):
    from django.utils.translation import gettext as _

    from chamber.staff_home import Card

    return Card(
        title=_("Change requests to review"),
        count=ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING).count(),
        url_name="admin:portal_changerequest_changelist",
        query={"status__exact": ChangeRequest.Status.PENDING},
    )
