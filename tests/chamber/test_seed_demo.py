"""The geography comes with the schema; the demo loader's idempotence is tested in test_prepare_demo.py."""

import pytest

from chamber.models import Commune, Province, Region


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
