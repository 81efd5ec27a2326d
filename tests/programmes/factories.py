"""Factories for the programmes: trainings, distributions and their kit."""

from __future__ import annotations

import datetime as dt

import factory

from programmes.models import Distribution, DistributionItem, Training


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    title = "تكوين في تقنيات الفخار"
    provider = "OFPPT — مؤسسة التكوين والكفاءات بالجرف"
    starts_on = dt.date(2025, 3, 1)
    ends_on = dt.date(2025, 6, 30)
    place = "فاس"


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    title = "توزيع المعدات والمواد الأولية"
    training = factory.SubFactory(TrainingFactory)


class DistributionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionItem

    distribution = factory.SubFactory(DistributionFactory)
    label = "فرن كهربائي"
    unit = "قطعة"
    quantity_per_beneficiary = 1
