"""Public pages of the register that are not part of the portal directory: the professional card check."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from artisans.models import ProfessionalCard


@require_GET
def card_verify(request, token: str):
    """What the QR code on a card opens: name, activity, validity and the chamber. No CIN, phone or address."""
    card = (
        ProfessionalCard.objects.select_related("artisan__main_activity")
        .only(
            "number",
            "issued_on",
            "expires_on",
            "status",
            "token",
            "artisan__full_name",
            "artisan__full_name_latin",
            "artisan__main_activity__name",
            "artisan__main_activity__name_ar",
            "artisan__main_activity__name_fr",
            "artisan__main_activity__name_en",
        )
        .filter(token=token)
        .first()
    )
    if card is None:
        raise Http404
    response = render(request, "artisans/card_verify.html", {"card": card, "artisan": card.artisan})
    response["X-Robots-Tag"] = "noindex"
    return response
