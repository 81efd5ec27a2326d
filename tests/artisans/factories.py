"""Factories for the register: artisans in Fès, organisations."""

from __future__ import annotations

import datetime as dt

import factory

from artisans.models import Activity, Artisan, Organisation
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
