"""Reads for the artisan's own pages: their record (CIN masked), card, trainings, distributions, applications.

Every read starts from the logged-in user's own register record, so nothing here reaches another
artisan's data.
"""

from __future__ import annotations

from django.db.models import QuerySet

from artisans.account_models import ChangeRequest
from artisans.models import Activity, Artisan, ProfessionalCard
from artisans.selectors import card_for_artisan


def mask_cin(cin: str) -> str:
    """AB123456 → AB••••56: the letters and the last two digits, enough for the artisan to recognise it."""
    if not cin:
        return ""
    letters = len(cin) - len(cin.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = cin[letters:]
    keep = 2 if len(digits) > 3 else 1
    return cin[:letters] + "•" * (len(digits) - keep) + digits[-keep:]


def artisan_for_user(*, user) -> Artisan | None:
    """The register record linked to this portal account, or None (staff, or an account not linked yet)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Artisan.objects.select_related("main_activity__sector", "commune__province")
        .filter(user_id=user.pk)
        .first()
    )


def own_card(*, artisan: Artisan) -> ProfessionalCard | None:
    return card_for_artisan(artisan=artisan)


def own_card_get(*, artisan: Artisan, pk: int) -> ProfessionalCard | None:
    """One of the artisan's own cards; None for anyone else's."""
    return ProfessionalCard.objects.filter(artisan=artisan, pk=pk).first()


def own_applications(*, artisan: Artisan):
    from exhibitions.selectors import artisan_applications

    return artisan_applications(artisan=artisan)


def own_change_requests(*, artisan: Artisan) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(artisan=artisan).select_related("new_activity").order_by("-created_at")
    )


def own_change_request_get(*, artisan: Artisan, pk: int) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(artisan=artisan, pk=pk).select_related("new_activity").first()


def activities_for_choice() -> QuerySet[Activity]:
    return Activity.objects.select_related("sector").order_by("sector__order", "name")
