"""seed_demo is idempotent: a second run changes no row count anywhere."""

import pytest
from django.apps import apps
from django.core.management import call_command

from chamber.models import ChamberProfile, Commune, Province, Region


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_it_loads_the_demo_once_and_changes_nothing_the_second_time():
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    second = _counts()
    changed = {label: (first[label], second[label]) for label in first if first[label] != second[label]}
    assert not changed, changed
    profile = ChamberProfile.objects.get()
    assert profile.name_ar == "غرفة الصناعة التقليدية لجهة فاس مكناس"
    assert profile.region.code == "MA-03"


@pytest.mark.django_db
def test_the_geography_is_loaded_by_migration():
    assert Region.objects.count() == 12
    assert not Region.objects.filter(name_fr__contains="(EH)").exists()
    fes_meknes = Province.objects.filter(region__code="MA-03")
    assert set(fes_meknes.values_list("name_ar", flat=True)) == {
        "فاس", "مكناس", "الحاجب", "إفران", "مولاي يعقوب", "صفرو", "بولمان", "تازة", "تاونات",
    }  # fmt: skip
    assert Province.objects.filter(region__code="MA-09").count() == 6
    for commune in ("تاونات", "بوعادل", "اجبابرة", "بني سنوس", "البيبان", "أورتزاغ", "كيسان"):
        assert Commune.objects.filter(name_ar=commune, province__code="TAO").exists(), commune
