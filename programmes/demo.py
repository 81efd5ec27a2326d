"""Demo data for the programmes: the Souss-Massa model of a 260-trainee OFPPT training followed by an equal-share
distribution (some deliveries still waiting), both funded by the five-party agreement SM-2025-5P of the agreements'
demo data. Deterministic and idempotent; it needs the register's demo artisans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from agreements import selectors as agreements_selectors
from artisans import selectors as artisans_selectors
from chamber.demo import say
from programmes import services
from programmes.models import Allocation, Distribution, DistributionItem, Training

TRAINEES = 260
DELIVERED = 214  # the rest are still waiting, so the report shows both
FUNDER = "SM-2025-5P"


@transaction.atomic
def seed(stdout=None) -> None:
    # The Souss-Massa model: 260 trainees at an OFPPT institute, all completed, then an equal-share distribution.
    training, created = Training.objects.get_or_create(
        title="تكوين الصناع التقليديين في تقنيات الإنتاج والجودة",
        defaults={
            "provider": "OFPPT — مؤسسة التكوين والكفاءات بالجرف",
            "starts_on": dt.date(2025, 3, 3),
            "ends_on": dt.date(2025, 7, 11),
            "place": "مؤسسة التكوين والكفاءات بالجرف",
            "programme": "اتفاقية خماسية لدعم الصناع التقليديين",
        },
    )
    if created:
        trainees = list(artisans_selectors.registered_artisans()[:TRAINEES])
        if len(trainees) < TRAINEES:
            raise ValueError(
                f"programmes demo: {len(trainees)} registered artisans, {TRAINEES} needed; load the artisans demo first"
            )
        services.training_enrol(training=training, artisans=trainees)
        services.training_complete_all(training=training, completed_on=training.ends_on)
    distribution, created = Distribution.objects.get_or_create(
        title="توزيع المعدات والمواد الأولية على المستفيدين من التكوين",
        defaults={
            "training": training,
            "programme": "اتفاقية خماسية لدعم الصناع التقليديين",
            "planned_on": dt.date(2025, 11, 14),
            "place": "قاعة الغرفة",
        },
    )
    if created:
        DistributionItem.objects.bulk_create(
            [
                DistributionItem(
                    distribution=distribution,
                    label="عدة يدوية متكاملة",
                    unit="عدة",
                    quantity_per_beneficiary=1,
                ),
                DistributionItem(
                    distribution=distribution,
                    label="مواد أولية",
                    unit="كلغ",
                    quantity_per_beneficiary=Decimal("25"),
                ),
                DistributionItem(
                    distribution=distribution, label="طاولة عمل", unit="قطعة", quantity_per_beneficiary=1
                ),
            ]
        )
        services.distribution_allocate(distribution=distribution)
        allocations = list(distribution.allocations.order_by("id")[:DELIVERED])
        for k, allocation in enumerate(allocations, start=1):
            allocation.status = Allocation.Status.DELIVERED
            allocation.delivered_on = dt.date(2025, 11, 14) + dt.timedelta(days=k // 60)
            allocation.receipt_number = f"R{distribution.pk:04d}-{k:06d}"
        Allocation.objects.bulk_update(allocations, ["status", "delivered_on", "receipt_number"])
    say(stdout, f"programmes: training of {training.enrolments.count()} and its distribution ready")
    _link_funder(training, distribution, stdout)


def _link_funder(training: Training, distribution: Distribution, stdout) -> None:
    """The training and its distribution are financed by the five-party model, when the agreements demo has it."""
    agreement = agreements_selectors.agreement_by_reference(reference=FUNDER)
    if agreement is None:
        say(stdout, f"programmes: agreement {FUNDER} not found; the training is left without a funder")
        return
    linked = Training.objects.filter(pk=training.pk, funding_agreement__isnull=True).update(
        funding_agreement=agreement
    )
    Distribution.objects.filter(pk=distribution.pk, funding_agreement__isnull=True).update(
        funding_agreement=agreement
    )
    if linked:
        say(stdout, f"  {FUNDER}: finances the OFPPT training and its distribution")
