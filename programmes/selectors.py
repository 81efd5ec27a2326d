"""Reads of the programmes: the distribution report, an artisan's own enrolments and allocations, and what an
agreement funds."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from agreements.models import Agreement
from artisans.models import Artisan
from chamber.formatting import format_quantity
from programmes.models import Allocation, Distribution, Enrolment, Training


def distribution_report(*, distribution: Distribution) -> dict:
    """Who received what and who is still waiting, for the report PDF and XLSX."""
    allocations = list(
        distribution.allocations.select_related(
            "artisan__commune__province", "artisan__main_activity"
        ).order_by("status", "artisan__full_name")
    )
    items = list(distribution.items.all())
    for item in items:
        item.quantity_display = format_quantity(item.quantity_per_beneficiary)  # type: ignore[attr-defined]
    for allocation in allocations:
        allocation.share_display = format_quantity(allocation.share)  # type: ignore[attr-defined]
    delivered = [a for a in allocations if a.status == Allocation.Status.DELIVERED]
    waiting = [a for a in allocations if a.status == Allocation.Status.PENDING]
    return {
        "distribution": distribution,
        "training": distribution.training,
        "items": items,
        "allocations": allocations,
        "delivered": delivered,
        "waiting": waiting,
        "unequal": [a for a in allocations if a.share != 1],
        "totals": {
            "beneficiaries": len(allocations),
            "delivered": len(delivered),
            "waiting": len(waiting),
        },
    }


def enrolments_of(*, artisan: Artisan) -> QuerySet[Enrolment]:
    """The trainings an artisan was enrolled in, the latest first."""
    return (
        Enrolment.objects.filter(artisan=artisan).select_related("training").order_by("-training__starts_on")
    )


def allocations_of(*, artisan: Artisan) -> QuerySet[Allocation]:
    """The shares of distributions an artisan is entitled to, with the kit's items, the latest first."""
    return (
        Allocation.objects.filter(artisan=artisan)
        .select_related("distribution")
        .prefetch_related("distribution__items")
        .order_by("-distribution__planned_on", "-pk")
    )


def activities_funded_by(*, agreement: Agreement, **_signal) -> list[dict]:
    """agreements' `funded_activities`: the trainings (with their trainees) and the distributions (with their
    beneficiaries) that this agreement funds."""
    trainings = Training.objects.filter(funding_agreement=agreement).annotate(
        beneficiary_count=Count("enrolments", distinct=True)
    )
    distributions = Distribution.objects.filter(funding_agreement=agreement).annotate(
        beneficiary_count=Count("allocations", distinct=True)
    )
    return [
        {
            "label": model._meta.verbose_name_plural,
            "rows": [(row, row.beneficiary_count) for row in rows[:100]],
        }
        for model, rows in ((Training, trainings), (Distribution, distributions))
    ]
