"""Factories for the register: artisans in Fès, trainings, distributions."""

from __future__ import annotations

import datetime as dt

import factory

from artisans.models import Activity, Artisan, Distribution, DistributionItem, Organisation, Training
from chamber.models import Commune


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    full_name = factory.Sequence(lambda n: f"أحمد العلوي {n}")
    full_name_latin = factory.Sequence(lambda n: f"ALAOUI Ahmed {n}")
    cin = factory.Sequence(lambda n: f"CD{n + 10000:06d}"[:8])
    sex = Artisan.Sex.MALE
    birth_date = dt.date(1980, 5, 1)
    phone = "+212612345678"
    address = "درب الحرة 12، فاس"
    commune = factory.LazyFunction(lambda: Commune.objects.get(code="FES-FES"))
    main_activity = factory.LazyFunction(lambda: Activity.objects.get(code="ARG-01"))
    registration_status = Artisan.RegistrationStatus.REGISTERED


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.COOPERATIVE
    name = factory.Sequence(lambda n: f"تعاونية الفخار {n}")
    commune = factory.LazyFunction(lambda: Commune.objects.get(code="FES-FES"))


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
