"""Writes of the register: artisans, organisations and their members, professional cards."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from artisans.models import Artisan, Membership, Organisation, ProfessionalCard
from chamber.identity import normalize_cin
from chamber.jobs import JobRefused, job_file_store, job_start
from chamber.models import JobRecord
from chamber.services import record_write, register_next_number

# How long a professional card is valid. The texts found do not fix it; five years is the chamber's practice here.
CARD_VALIDITY_YEARS = 5

# The cards' counter (django-sequences), one per year of issue: "artisans.card.2026" gives 2026-000001, …
CARD_REGISTER = "artisans.card"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Artisans, organisations, memberships --------------------------------------------------------------------------


def _identity_cleaned(fields: dict) -> dict:
    # The CIN is cleaned before it is validated (« ab 12 345 » is a valid AB12345, too long as typed); the phone and
    # the register number by the model's clean().
    if "cin" in fields:
        return {**fields, "cin": normalize_cin(fields["cin"])}
    return fields


@transaction.atomic
def artisan_create(*, by=None, **fields) -> Artisan:
    """Enter an artisan in the register; the fields are validated as the admin's form validates them."""
    return record_write(instance=Artisan(), fields=_identity_cleaned(fields))


@transaction.atomic
def artisan_update(*, artisan: Artisan, by=None, **changes) -> Artisan:
    return record_write(instance=artisan, fields=_identity_cleaned(changes))


@transaction.atomic
def artisan_delete(*, artisan: Artisan, by=None) -> None:
    artisan.delete()


def _ice_or_none(fields: dict) -> dict:
    # No ICE is NULL, not "": two organisations without one must not collide on the unique constraint.
    if "ice" in fields and not (fields["ice"] or "").strip():
        return {**fields, "ice": None}
    return fields


@transaction.atomic
def organisation_create(*, by=None, **fields) -> Organisation:
    return record_write(instance=Organisation(), fields=_ice_or_none(fields))


@transaction.atomic
def organisation_update(*, organisation: Organisation, by=None, **changes) -> Organisation:
    return record_write(instance=organisation, fields=_ice_or_none(changes))


@transaction.atomic
def organisation_delete(*, organisation: Organisation, by=None) -> None:
    organisation.delete()


@transaction.atomic
def membership_create(*, organisation: Organisation, by=None, **fields) -> Membership:
    return record_write(instance=Membership(organisation=organisation), fields=fields)


@transaction.atomic
def membership_update(*, membership: Membership, by=None, **changes) -> Membership:
    return record_write(instance=membership, fields=changes)


@transaction.atomic
def membership_delete(*, membership: Membership, by=None) -> None:
    membership.delete()


# --- Professional cards -------------------------------------------------------------------------------------------


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
    sequence = register_next_number(register=CARD_REGISTER, year=year)
    return ProfessionalCard.objects.create(
        artisan=artisan,
        number=f"{year}-{sequence:06d}",
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


def cards_expire_overdue(*, today: dt.date | None = None) -> int:
    """Mark expired every card still recorded as valid past its expiry date; returns how many."""
    today = today or timezone.localdate()
    return ProfessionalCard.objects.filter(status=ProfessionalCard.Status.VALID, expires_on__lt=today).update(
        status=ProfessionalCard.Status.EXPIRED
    )


# --- card sheets for many artisans, rendered by a job ---------------------------------------------------------

CARD_SHEET_TASK = "artisans.card_sheet_render"
# A print run of more cards than this is split by the clerk: 100 A4 sheets are about 10 MB of PDF.
CARD_SHEET_MAX_CARDS = 1000


def card_sheet_start(*, card_ids: list[int], by, lang: str = "ar") -> JobRecord:
    """Queue the A4 card sheets of these cards, rendered and stored by a job; its record links to the PDF."""
    if not card_ids:
        raise ValidationError(_("Select the cards to print."))
    if len(card_ids) > CARD_SHEET_MAX_CARDS:
        raise ValidationError(
            _("Select at most %(limit)s cards to print at once.") % {"limit": CARD_SHEET_MAX_CARDS}
        )
    return job_start(
        task=CARD_SHEET_TASK,
        label=_("Card sheets: %(count)s cards") % {"count": len(card_ids)},
        by=by,
        total=len(card_ids),
        card_ids=sorted(card_ids),
        lang=lang,
    )


def card_sheet_render(*, record: JobRecord, card_ids: list[int], lang: str) -> dict:
    """The job's work: the sheets of the cards that still exist, in card-number order, stored for download."""
    from artisans.documents import CARDS_PER_SHEET, card_sheet_pdf

    cards = list(ProfessionalCard.objects.filter(pk__in=card_ids))
    if not cards:
        raise JobRefused(_("None of the selected cards exists any more."))
    with translation.override(lang):
        document = card_sheet_pdf(cards=cards, lang=lang)
    job_file_store(record=record, folder="card-sheets", filename=document.filename, content=document.content)
    return {"cards": len(cards), "sheets": -(-len(cards) // CARDS_PER_SHEET)}
