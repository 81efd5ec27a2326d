"""The crafts nomenclature of decree 2.21.991: 13 sectors and the common activities, in Arabic, French and English.

The decree gives no codes; these are the chamber's own. Staff may add more activities in the admin.
"""

from django.db import migrations

# code, kind, ar, fr, en, [(activity code suffix, ar, fr)]
NOMENCLATURE = [
    (
        "TEX",
        "production",
        "النسيج",
        "Textile",
        "Textiles",
        [
            ("01", "الزرابي", "Tapis"),
            ("02", "النسيج التقليدي", "Tissage traditionnel"),
            ("03", "الطرز", "Broderie"),
            ("04", "الخياطة التقليدية", "Couture traditionnelle"),
            ("05", "الحنبل", "Hanbel"),
            ("06", "صناعة العقاد", "Passementerie (boutons et cordelettes)"),
            ("07", "صباغة الصوف والخيوط", "Teinture de la laine et des fils"),
            ("08", "صناعة الجلابة", "Confection de djellabas"),
            ("09", "الحياكة بالمنسج", "Tissage au métier"),
        ],
    ),
    (
        "ARG",
        "production",
        "الطين والحجر",
        "Argile et pierre",
        "Clay and stone",
        [
            ("01", "الزليج", "Zellige"),
            ("02", "الفخار", "Poterie"),
            ("03", "الخزف", "Céramique"),
            ("04", "نحت الحجر", "Taille de pierre"),
            ("05", "الفخار القروي النسوي", "Poterie rurale féminine"),
            ("06", "الجبص", "Plâtre sculpté (gebs)"),
            ("07", "صناعة الرخام", "Travail du marbre"),
        ],
    ),
    (
        "MET",
        "production",
        "المعادن",
        "Métaux",
        "Metals",
        [
            ("01", "النحاس", "Dinanderie (cuivre)"),
            ("02", "الحدادة التقليدية", "Ferronnerie traditionnelle"),
            ("03", "صياغة الفضة", "Orfèvrerie (argent)"),
            ("04", "صياغة الذهب", "Bijouterie (or)"),
            ("05", "الدمشقي", "Damasquinage"),
            ("06", "صناعة الفوانيس", "Fabrication de lanternes"),
            ("07", "صناعة السكاكين", "Coutellerie"),
        ],
    ),
    (
        "CUI",
        "production",
        "الجلد",
        "Cuir",
        "Leather",
        [
            ("01", "الدباغة", "Tannerie"),
            ("02", "صناعة البلغة", "Babouches"),
            ("03", "السراجة", "Sellerie"),
            ("04", "المصنوعات الجلدية", "Maroquinerie"),
            ("05", "التسفير", "Reliure"),
            ("06", "الطرز على الجلد", "Broderie sur cuir"),
        ],
    ),
    (
        "BOI",
        "production",
        "الخشب",
        "Bois",
        "Wood",
        [
            ("01", "النجارة التقليدية", "Menuiserie traditionnelle"),
            ("02", "النقش على الخشب", "Sculpture sur bois"),
            ("03", "الصباغة على الخشب", "Peinture sur bois (zouak)"),
            ("04", "الخراطة", "Tournage sur bois"),
            ("05", "الترصيع", "Marqueterie"),
            ("06", "صناعة الآلات الموسيقية", "Lutherie"),
            ("07", "خشب العرعار", "Travail du thuya"),
        ],
    ),
    (
        "VEG",
        "production",
        "المصنوعات النباتية",
        "Produits végétaux",
        "Plant products",
        [
            ("01", "الحصير", "Nattes (hsira)"),
            ("02", "السلالة", "Vannerie"),
            ("03", "صناعة الدوم", "Travail du doum"),
            ("04", "صناعة القصب", "Travail du roseau"),
            ("05", "الحلفاء", "Travail de l'alfa"),
        ],
    ),
    (
        "ALI",
        "production",
        "الغذائية",
        "Alimentaire",
        "Food crafts",
        [
            ("01", "الحلويات التقليدية", "Pâtisserie traditionnelle"),
            ("02", "الكسكس والعجائن التقليدية", "Couscous et pâtes traditionnelles"),
            ("03", "زيت الأركان", "Huile d'argan"),
            ("04", "تحضير التوابل", "Préparation d'épices"),
            ("05", "المخبزة التقليدية", "Boulangerie traditionnelle"),
        ],
    ),
    (
        "PRD",
        "production",
        "أنشطة إنتاجية فنية ونفعية مختلفة",
        "Activités de production artistiques et utilitaires diverses",
        "Miscellaneous artistic and utility production",
        [
            ("01", "صناعة الشموع", "Fabrication de bougies"),
            ("02", "الصابون التقليدي", "Savon traditionnel"),
            ("03", "الزجاج المنفوخ", "Verre soufflé"),
            ("04", "الخط العربي", "Calligraphie arabe"),
            ("05", "الرسم على الزجاج", "Peinture sur verre"),
            ("06", "صناعة الدمى التقليدية", "Poupées traditionnelles"),
        ],
    ),
    (
        "RTR",
        "service",
        "إصلاح وسائل النقل",
        "Réparation des moyens de transport",
        "Vehicle repair",
        [
            ("01", "ميكانيك السيارات", "Mécanique automobile"),
            ("02", "إصلاح الدراجات", "Réparation de cycles et motocycles"),
            ("03", "هيكلة وصباغة السيارات", "Tôlerie et peinture automobile"),
            ("04", "كهرباء السيارات", "Électricité automobile"),
            ("05", "إصلاح العجلات", "Réparation de pneumatiques"),
        ],
    ),
    (
        "RMA",
        "service",
        "إصلاح الآلات والمحركات والتجهيزات",
        "Réparation des machines, moteurs et équipements",
        "Repair of machines, engines and equipment",
        [
            ("01", "إصلاح الأجهزة الكهربائية المنزلية", "Réparation d'électroménager"),
            ("02", "إصلاح الهواتف", "Réparation de téléphones"),
            ("03", "التبريد والتكييف", "Froid et climatisation"),
            ("04", "إصلاح الساعات", "Horlogerie"),
            ("05", "إصلاح الآلات الفلاحية", "Réparation de machines agricoles"),
        ],
    ),
    (
        "COI",
        "service",
        "الحلاقة والتجميل",
        "Coiffure et esthétique",
        "Hairdressing and beauty",
        [
            ("01", "الحلاقة", "Coiffure pour hommes"),
            ("02", "تصفيف الشعر للنساء", "Coiffure pour dames"),
            ("03", "التجميل", "Esthétique"),
            ("04", "النقش بالحناء", "Décoration au henné"),
            ("05", "الحمام التقليدي", "Hammam traditionnel"),
        ],
    ),
    (
        "ARC",
        "service",
        "المعمار التقليدي",
        "Architecture traditionnelle",
        "Traditional architecture",
        [
            ("01", "البناء التقليدي", "Maçonnerie traditionnelle"),
            ("02", "التبليط بالزليج", "Pose de zellige"),
            ("03", "النقش على الجبص في البناء", "Plâtre sculpté en bâtiment"),
            ("04", "التدلاكت", "Tadelakt"),
            ("05", "البناء بالطين (التابوت)", "Construction en pisé"),
        ],
    ),
    (
        "SRV",
        "service",
        "أنشطة خدماتية مختلفة",
        "Activités de services diverses",
        "Miscellaneous services",
        [
            ("01", "الخياطة والتصليح", "Retouche de vêtements"),
            ("02", "الترصيص", "Plomberie"),
            ("03", "الكهرباء المنزلية", "Électricité du bâtiment"),
            ("04", "التصوير", "Photographie"),
            ("05", "إصلاح الأحذية", "Cordonnerie"),
            ("06", "التنجيد", "Tapisserie d'ameublement"),
        ],
    ),
]


def load(apps, schema_editor):
    Sector = apps.get_model("artisans", "Sector")
    Activity = apps.get_model("artisans", "Activity")
    for order, (code, kind, ar, fr, en, activities) in enumerate(NOMENCLATURE, start=1):
        sector, _ = Sector.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "order": order, "name": ar, "name_ar": ar, "name_fr": fr, "name_en": en},
        )
        for suffix, a_ar, a_fr in activities:
            Activity.objects.update_or_create(
                code=f"{code}-{suffix}",
                defaults={"sector": sector, "name": a_ar, "name_ar": a_ar, "name_fr": a_fr},
            )


def unload(apps, schema_editor):
    codes = [code for code, *_ in NOMENCLATURE]
    apps.get_model("artisans", "Activity").objects.filter(sector__code__in=codes, main_artisans=None).delete()


class Migration(migrations.Migration):
    dependencies = [("artisans", "0002_cards_trainings_distributions")]
    operations = [migrations.RunPython(load, unload)]
