"""Morocco's 12 regions (our own Arabic and French names, not pycountry's), the prefectures and provinces of
Fès-Meknès and Souss-Massa, and their main communes plus those named in the seed facts."""

from django.db import migrations

REGIONS = [
    ("MA-01", "طنجة تطوان الحسيمة", "Tanger-Tétouan-Al Hoceïma", "Tanger-Tetouan-Al Hoceima"),
    ("MA-02", "الشرق", "L'Oriental", "Oriental"),
    ("MA-03", "فاس مكناس", "Fès-Meknès", "Fez-Meknes"),
    ("MA-04", "الرباط سلا القنيطرة", "Rabat-Salé-Kénitra", "Rabat-Sale-Kenitra"),
    ("MA-05", "بني ملال خنيفرة", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra"),
    ("MA-06", "الدار البيضاء سطات", "Casablanca-Settat", "Casablanca-Settat"),
    ("MA-07", "مراكش آسفي", "Marrakech-Safi", "Marrakesh-Safi"),
    ("MA-08", "درعة تافيلالت", "Drâa-Tafilalet", "Draa-Tafilalet"),
    ("MA-09", "سوس ماسة", "Souss-Massa", "Souss-Massa"),
    ("MA-10", "كلميم واد نون", "Guelmim-Oued Noun", "Guelmim-Oued Noun"),
    ("MA-11", "العيون الساقية الحمراء", "Laâyoune-Sakia El Hamra", "Laayoune-Sakia El Hamra"),
    ("MA-12", "الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab", "Dakhla-Oued Ed-Dahab"),
]

# (region, code, kind, ar, fr, [(commune code, ar, fr), ...])
PROVINCES = [
    ("MA-03", "FES", "prefecture", "فاس", "Fès", [("FES-FES", "فاس", "Fès")]),
    ("MA-03", "MEK", "prefecture", "مكناس", "Meknès", [("MEK-MEK", "مكناس", "Meknès")]),
    ("MA-03", "HAJ", "province", "الحاجب", "El Hajeb", [("HAJ-HAJ", "الحاجب", "El Hajeb")]),
    ("MA-03", "IFR", "province", "إفران", "Ifrane", [("IFR-IFR", "إفران", "Ifrane"), ("IFR-AZR", "أزرو", "Azrou")]),
    ("MA-03", "MYA", "province", "مولاي يعقوب", "Moulay Yacoub", [("MYA-MYA", "مولاي يعقوب", "Moulay Yacoub")]),
    ("MA-03", "SEF", "province", "صفرو", "Sefrou", [("SEF-SEF", "صفرو", "Sefrou")]),
    ("MA-03", "BOU", "province", "بولمان", "Boulemane", [("BOU-MIS", "ميسور", "Missour"), ("BOU-BOU", "بولمان", "Boulemane")]),
    ("MA-03", "TAZ", "province", "تازة", "Taza", [("TAZ-TAZ", "تازة", "Taza")]),
    (
        "MA-03", "TAO", "province", "تاونات", "Taounate",
        [
            ("TAO-TAO", "تاونات", "Taounate"),
            ("TAO-BOU", "بوعادل", "Bouadel"),
            ("TAO-JBA", "اجبابرة", "Jbabra"),
            ("TAO-BSN", "بني سنوس", "Bni Snous"),
            ("TAO-BIB", "البيبان", "El Bibane"),
            ("TAO-OUR", "أورتزاغ", "Ourtzagh"),
            ("TAO-KIS", "كيسان", "Kissane"),
        ],
    ),
    ("MA-09", "AGA", "prefecture", "أكادير إداوتنان", "Agadir Ida-Outanane", [("AGA-AGA", "أكادير", "Agadir")]),
    ("MA-09", "INZ", "prefecture", "إنزكان آيت ملول", "Inezgane-Aït Melloul", [("INZ-INZ", "إنزكان", "Inezgane"), ("INZ-AML", "آيت ملول", "Aït Melloul")]),
    ("MA-09", "CHT", "province", "اشتوكة آيت باها", "Chtouka-Aït Baha", [("CHT-BIO", "بيوكرى", "Biougra")]),
    ("MA-09", "TAR", "province", "تارودانت", "Taroudant", [("TAR-TAR", "تارودانت", "Taroudant")]),
    ("MA-09", "TIZ", "province", "تيزنيت", "Tiznit", [("TIZ-TIZ", "تيزنيت", "Tiznit")]),
    ("MA-09", "TAT", "province", "طاطا", "Tata", [("TAT-TAT", "طاطا", "Tata")]),
]  # fmt: skip


def load(apps, schema_editor):
    Region = apps.get_model("chamber", "Region")
    Province = apps.get_model("chamber", "Province")
    Commune = apps.get_model("chamber", "Commune")
    regions = {}
    for code, ar, fr, en in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"name": ar, "name_ar": ar, "name_fr": fr, "name_en": en}
        )
    for region_code, code, kind, ar, fr, communes in PROVINCES:
        province, _ = Province.objects.update_or_create(
            code=code,
            defaults={"region": regions[region_code], "kind": kind, "name": ar, "name_ar": ar, "name_fr": fr, "name_en": fr},
        )
        for commune_code, c_ar, c_fr in communes:
            Commune.objects.update_or_create(
                code=commune_code,
                defaults={"province": province, "name": c_ar, "name_ar": c_ar, "name_fr": c_fr, "name_en": c_fr},
            )


class Migration(migrations.Migration):
    dependencies = [("chamber", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
