"""Writes of the programmes: enrolments and their completion, equal-share allocations and deliveries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Allocation, Distribution, Enrolment, Training

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
                "date": str(allocation.delivered_on),
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
