"""Factories for the portal tests: register records in Fès and portal accounts linked to them."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from artisans.models import Activity, Artisan
from chamber.models import Commune

PASSWORD = "correct horse battery 9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"artisan{n}@example.invalid")
    email = factory.SelfAttribute("username")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    full_name = factory.Sequence(lambda n: f"فاطمة الزهراء {n}")
    full_name_latin = factory.Sequence(lambda n: f"ZAHRA Fatima {n}")
    cin = factory.Sequence(lambda n: f"PT{n + 100000:06d}")
    sex = Artisan.Sex.FEMALE
    birth_date = dt.date(1985, 3, 14)
    phone = "+212612345678"
    address = "درب الحرة 12، فاس"
    commune = factory.LazyFunction(lambda: Commune.objects.get(code="FES-FES"))
    main_activity = factory.LazyFunction(lambda: Activity.objects.get(code="ARG-01"))
    registration_status = Artisan.RegistrationStatus.REGISTERED
    public_profile = True
    bio_ar = "صانعة فخار تقليدي"


def linked_artisan(**kwargs) -> Artisan:
    """A register record with a portal account."""
    user = UserFactory()
    return ArtisanFactory(user=user, email=user.email, **kwargs)
