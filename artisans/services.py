"""Writes of the register: professional cards, enrolments, equal-share allocations and deliveries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import (
    Allocation,
    Artisan,
    Distribution,
    Enrolment,
    ProfessionalCard,
    Training,
)

# How long a professional card is valid. The texts found do not fix it; five years is the chamber's practice here.
CARD_VALIDITY_YEARS = 5


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Professional cards -------------------------------------------------------------------------------------------


def card_for_artisan(*, artisan: Artisan) -> ProfessionalCard | None:
    """The artisan's current card: the valid one if any, otherwise the most recent."""
    cards = list(artisan.cards.order_by("-issued_on", "-id")[:5])
    for card in cards:
        if card.effective_status == ProfessionalCard.Status.VALID:
            return card
    return cards[0] if cards else None


def card_verification_url(*, card: ProfessionalCard) -> str:
    """The public, absolute URL the card's QR code points to; it carries only the unguessable token."""
    return settings.SITE_URL + reverse("artisans:card_verify", kwargs={"token": card.token})


@transaction.atomic
def card_issue(*, artisan: Artisan, issued_on: dt.date | None = None) -> ProfessionalCard:
    """Issue a professional card, signed by the chamber's current president; refuse a second valid card."""
    from chamber.selectors import chamber_profile

    artisan = Artisan.objects.select_for_update().get(pk=artisan.pk)
    if artisan.registration_status != Artisan.RegistrationStatus.REGISTERED:
        raise ValidationError(
            _("%(name)s is not registered (status: %(status)s): no card can be issued.")
            % {"name": artisan.full_name, "status": artisan.get_registration_status_display()}
        )
    issued_on = issued_on or timezone.localdate()
    current = artisan.cards.filter(status=ProfessionalCard.Status.VALID, expires_on__gte=issued_on).first()
    if current is not None:
        raise ValidationError(
            _("%(name)s already holds a valid card (%(number)s); suspend it before issuing another.")
            % {"name": artisan.full_name, "number": current.number}
        )
    # A card that has simply expired stops counting as the valid one.
    artisan.cards.filter(status=ProfessionalCard.Status.VALID).update(status=ProfessionalCard.Status.EXPIRED)
    profile = chamber_profile()
    year = issued_on.year
    prefix = f"{year}-"
    last = ProfessionalCard.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    sequence = int(last.split("-")[1]) + 1 if last else 1
    return ProfessionalCard.objects.create(
        artisan=artisan,
        number=f"{prefix}{sequence:06d}",
        issued_on=issued_on,
        expires_on=_add_years(issued_on, CARD_VALIDITY_YEARS),
        signed_by=profile.president_name,
    )


@transaction.atomic
def card_suspend(*, card: ProfessionalCard, reason: str) -> ProfessionalCard:
    card = ProfessionalCard.objects.select_for_update().get(pk=card.pk)
    if card.effective_status != ProfessionalCard.Status.VALID:
        raise ValidationError(
            _("Card %(number)s is %(status)s: only a valid card can be suspended.")
            % {"number": card.number, "status": card.get_effective_status_display()}
        )
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for suspending card %(number)s.") % {"number": card.number})
    card.status = ProfessionalCard.Status.SUSPENDED
    card.suspension_reason = reason.strip()
    card.save(update_fields=["status", "suspension_reason"])
    return card


def card_pdf(*, card: ProfessionalCard, lang: str = "ar"):
    from artisans.documents import card_pdf as render

    return render(card=card, lang=lang)


# --- Trainings ----------------------------------------------------------------------------------------------------


@transaction.atomic
def training_enrol(*, training: Training, artisans) -> int:
    """Enrol artisans in a training; those already enrolled are left as they are. Returns how many were added."""
    existing = set(training.enrolments.values_list("artisan_id", flat=True))
    new = [Enrolment(training=training, artisan=a) for a in artisans if a.pk not in existing]
    Enrolment.objects.bulk_create(new, batch_size=1000)
    return len(new)


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, completed_on: dt.date | None = None) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(
            _("This enrolment is %(status)s: only an ongoing one can be completed.")
            % {"status": enrolment.get_status_display()}
        )
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on = completed_on or timezone.localdate()
    enrolment.save(update_fields=["status", "completed_on"])
    return enrolment


@transaction.atomic
def training_complete_all(*, training: Training, completed_on: dt.date) -> int:
    """Mark every ongoing enrolment of a training as completed on the given day."""
    return training.enrolments.filter(status=Enrolment.Status.ENROLLED).update(
        status=Enrolment.Status.COMPLETED, completed_on=completed_on
    )


# --- Distributions ------------------------------------------------------------------------------------------------


@transaction.atomic
def distribution_allocate(*, distribution: Distribution) -> int:
    """Give every artisan who completed the training the same standard kit. Returns how many shares were added."""
    eligible = Enrolment.objects.filter(
        training_id=distribution.training_id, status=Enrolment.Status.COMPLETED
    ).values_list("artisan_id", flat=True)
    existing = set(distribution.allocations.values_list("artisan_id", flat=True))
    new = [Allocation(distribution=distribution, artisan_id=pk) for pk in eligible if pk not in existing]
    Allocation.objects.bulk_create(new, batch_size=1000)
    return len(new)


@transaction.atomic
def allocation_set_share(*, allocation: Allocation, share: Decimal, reason: str) -> Allocation:
    """Depart from the equal share for one beneficiary; the reason is mandatory and kept."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    share = Decimal(share)
    if share != 1 and not (reason or "").strip():
        raise ValidationError(
            _("%(name)s: a share other than the standard kit needs a reason.") % {"name": allocation.artisan}
        )
    if allocation.status == Allocation.Status.DELIVERED:
        raise ValidationError(_("%(name)s has already received the kit.") % {"name": allocation.artisan})
    allocation.share = share
    allocation.share_reason = (reason or "").strip() if share != 1 else ""
    allocation.save(update_fields=["share", "share_reason"])
    return allocation


@transaction.atomic
def delivery_record(
    *, allocation: Allocation, delivered_on: dt.date | None = None, receipt_number: str = "", by=None
) -> Allocation:
    """Record that a beneficiary received the kit, with a receipt. A second delivery is refused."""
    allocation = Allocation.objects.select_for_update().select_related("artisan").get(pk=allocation.pk)
    if allocation.status == Allocation.Status.DELIVERED:
        raise ValidationError(
            _(
                "%(name)s already received this distribution on %(date)s (receipt %(receipt)s): delivery refused."
            )
            % {
                "name": allocation.artisan.full_name,
                "date": allocation.delivered_on.isoformat(),
                "receipt": allocation.receipt_number,
            }
        )
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        raise ValidationError(_("The delivery date cannot be in the future."))
    receipt_number = (
        receipt_number or ""
    ).strip() or f"R{allocation.distribution_id:04d}-{allocation.pk:06d}"
    if Allocation.objects.filter(receipt_number=receipt_number).exists():
        raise ValidationError(_("Receipt number %(number)s is already used.") % {"number": receipt_number})
    allocation.status = Allocation.Status.DELIVERED
    allocation.delivered_on = delivered_on
    allocation.receipt_number = receipt_number
    allocation.delivered_by = by
    allocation.save(update_fields=["status", "delivered_on", "receipt_number", "delivered_by"])
    return allocation


def delivery_record_for(*, distribution: Distribution, artisan: Artisan, **kwargs) -> Allocation:
    """Deliver to an artisan by name rather than by share; refuses an artisan who is not a beneficiary."""
    allocation = distribution.allocations.filter(artisan=artisan).first()
    if allocation is None:
        raise ValidationError(
            _("%(name)s is not a beneficiary of this distribution (the training was not completed).")
            % {"name": artisan.full_name}
        )
    return delivery_record(allocation=allocation, **kwargs)
