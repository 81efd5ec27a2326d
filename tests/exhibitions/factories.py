"""Factories for exhibitions: fairs in the region, artisans who apply, and their applications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from artisans.models import Activity, Artisan, Organisation
from chamber.models import Commune
from exhibitions.models import AnnualProgramme, Application, Exhibition


def _commune(index: int = 0) -> Commune:
    communes = list(Commune.objects.filter(province__region__code="MA-03").order_by("pk")[:5])
    return communes[index % len(communes)]


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    full_name = factory.Sequence(lambda n: f"صانع تجريبي {n}")
    full_name_latin = factory.Sequence(lambda n: f"SANIE Test {n}")
    cin = factory.Sequence(lambda n: f"EX{n + 1000:05d}")
    sex = Artisan.Sex.MALE
    email = factory.Sequence(lambda n: f"artisan{n}@example.invalid")
    commune = factory.LazyFunction(_commune)
    main_activity = factory.LazyFunction(lambda: Activity.objects.order_by("pk").first())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.COOPERATIVE
    name = factory.Sequence(lambda n: f"تعاونية تجريبية {n}")
    commune = factory.LazyFunction(_commune)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualProgramme

    year = 2025
    title = "البرنامج السنوي للمعارض الجهوية لسنة 2025"


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    title = factory.Sequence(lambda n: f"معرض الصناعة التقليدية {n}")
    title_fr = factory.Sequence(lambda n: f"Salon de l'artisanat {n}")
    scope = "regional"
    city = "فاس"
    start_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=40))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=6))
    call_closes_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=20))
    stand_count = 10
    capacity = 10
    status = Exhibition.Status.CALL_OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    exhibition = factory.SubFactory(ExhibitionFactory)
    artisan = factory.SubFactory(ArtisanFactory)
    products = "زرابي وأغطية منسوجة"
    space_m2 = Decimal("9.00")
