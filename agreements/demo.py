"""Demo agreements from seed-facts.yaml: Taounate 2016 framework agreement, the June 2023 and June 2025 ones
approved by the assembly's decisions, and the five-party Souss-Massa model with clauses 5 and 11 followed up.

Idempotent (looks rows up by reference before creating) and deterministic (random.Random with a fixed seed).
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from agreements import services
from agreements.models import Agreement, AgreementParty, Clause, Partner, Project
from chamber.demo import say
from chamber.models import Commune
from meetings.selectors import decision_for_item_title

D = Decimal
CENT = D("0.01")
K = Partner.Kind
R = AgreementParty.Role

# A tiny but valid one-page PDF: the demo's stand-in for a signed scan.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Size 4 /Root 1 0 R >>\n"
    b"%%EOF\n"
)

# (key, name_ar, name_fr, acronym, kind, country, commune code)
PARTNERS = [
    (
        "ministry",
        "وزارة الصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
        "Ministère de l'Artisanat et de l'Économie Sociale et Solidaire",
        "",
        K.MINISTRY,
        "MA",
        None,
    ),
    (
        "state_secretariat",
        "كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
        "Secrétariat d'État chargé de l'Artisanat et de l'Économie Sociale et Solidaire",
        "",
        K.MINISTRY,
        "MA",
        None,
    ),
    (
        "apdn",
        "وكالة إنعاش وتنمية أقاليم الشمال",
        "Agence pour la Promotion et le Développement du Nord",
        "APDN",
        K.PUBLIC_AGENCY,
        "MA",
        None,
    ),
    (
        "indh",
        "المبادرة الوطنية للتنمية البشرية",
        "Initiative Nationale pour le Développement Humain",
        "INDH",
        K.PUBLIC_AGENCY,
        "MA",
        None,
    ),
    (
        "tao_province",
        "المجلس الإقليمي لتاونات",
        "Conseil provincial de Taounate",
        "",
        K.PROVINCE_COUNCIL,
        "MA",
        None,
    ),
    ("c_tao", "جماعة تاونات", "Commune de Taounate", "", K.COMMUNE, "MA", "TAO-TAO"),
    ("c_jba", "جماعة اجبابرة", "Commune de Jbabra", "", K.COMMUNE, "MA", "TAO-JBA"),
    ("c_bou", "جماعة بوعادل", "Commune de Bouadel", "", K.COMMUNE, "MA", "TAO-BOU"),
    ("c_kis", "جماعة كيسان", "Commune de Kissane", "", K.COMMUNE, "MA", "TAO-KIS"),
    ("c_bib", "جماعة البيبان", "Commune d'El Bibane", "", K.COMMUNE, "MA", "TAO-BIB"),
    ("c_bsn", "جماعة بني سنوس", "Commune de Beni Snous", "", K.COMMUNE, "MA", "TAO-BSN"),
    (
        "fm_chamber",
        "غرفة الصناعة التقليدية لجهة فاس مكناس",
        "Chambre d'Artisanat de la Région Fès-Meknès",
        "",
        K.CHAMBER,
        "MA",
        None,
    ),
    (
        "be_chamber",
        "غرفة التجارة البلجيكية بالمغرب",
        "Chambre de Commerce Belge au Maroc",
        "",
        K.CHAMBER,
        "MA",
        None,
    ),
    ("taza_initiative", "جمعية تازة مبادرة", "Association Taza Initiative", "", K.ASSOCIATION, "MA", None),
    (
        "ziguinchor",
        "غرفة التجارة والصناعة والفلاحة بزيغينشور",
        "Chambre de Commerce, d'Industrie et d'Agriculture de Ziguinchor",
        "",
        K.CHAMBER,
        "SN",
        None,
    ),
    (
        "bank_a",
        "بنك الأطلس للتمويل (مؤسسة بنكية شريكة)",
        "Banque Atlas Finance (banque partenaire)",
        "",
        K.BANK,
        "MA",
        None,
    ),
    (
        "bank_b",
        "مصرف الواحة التعاوني (مؤسسة بنكية شريكة)",
        "Banque coopérative Al Waha (banque partenaire)",
        "",
        K.BANK,
        "MA",
        None,
    ),
    ("fm_region", "مجلس جهة فاس مكناس", "Conseil de la Région Fès-Meknès", "", K.REGION_COUNCIL, "MA", None),
    (
        "ofppt",
        "مكتب التكوين المهني وإنعاش الشغل",
        "Office de la Formation Professionnelle et de la Promotion du Travail",
        "OFPPT",
        K.PUBLIC_AGENCY,
        "MA",
        None,
    ),
    ("sm_wilaya", "ولاية جهة سوس ماسة", "Wilaya de la Région Souss-Massa", "", K.WILAYA, "MA", None),
    ("sm_region", "جهة سوس ماسة", "Région Souss-Massa", "", K.REGION_COUNCIL, "MA", None),
    (
        "sm_chamber",
        "غرفة الصناعة التقليدية لجهة سوس ماسة",
        "Chambre d'Artisanat de la Région Souss-Massa",
        "",
        K.CHAMBER,
        "MA",
        None,
    ),
]

# Taounate: party key, role, committed contribution (sums to the projects' 28,250,000.00).
TAO_PARTIES = [
    ("ministry", R.FINANCER, D("10000000.00")),
    ("apdn", R.FINANCER, D("6000000.00")),
    ("indh", R.FINANCER, D("4500000.00")),
    ("tao_province", R.FINANCER, D("3000000.00")),
    ("c_tao", R.FINANCER, D("1000000.00")),
    ("c_jba", R.FINANCER, D("600000.00")),
    ("c_bou", R.FINANCER, D("700000.00")),
    ("c_kis", R.FINANCER, D("500000.00")),
    ("c_bib", R.FINANCER, D("500000.00")),
    ("c_bsn", R.FINANCER, D("450000.00")),
    ("fm_chamber", R.EXECUTING_AGENCY, D("1000000.00")),
]

# title_ar, title_fr, commune codes, douar, budget, beneficiaries
TAO_PROJECTS = [
    (
        "إحداث مركب للنسيج التقليدي",
        "Création d'un complexe du tissage traditionnel",
        ["TAO-BOU"],
        "",
        D("5300000.00"),
        120,
    ),
    (
        "إحداث قرية للمنتوجات النباتية",
        "Création d'un village des produits végétaux",
        ["TAO-JBA"],
        "",
        D("3500000.00"),
        80,
    ),
    (
        "إحداث دار الصانعة للفخار القروي النسوي",
        "Création d'une maison de l'artisane de la poterie rurale féminine",
        ["TAO-BSN"],
        "كدارة",
        D("3800000.00"),
        90,
    ),
    (
        "تثمين الفخار القروي النسوي الثقافي والتاريخي",
        "Valorisation de la poterie rurale féminine",
        ["TAO-BIB", "TAO-OUR", "TAO-KIS"],
        "",
        D("2410000.00"),
        100,
    ),
    (
        "إحداث دار الصانعة للخياطة التقليدية",
        "Création d'une maison de l'artisane de la couture traditionnelle",
        ["TAO-KIS"],
        "",
        D("2500000.00"),
        70,
    ),
    (
        "إحداث فضاءات لتسويق المنتوجات الحرفية",
        "Création d'espaces de commercialisation des produits artisanaux",
        [],
        "",
        D("1740000.00"),
        60,
    ),
    (
        "إحداث مركز للتكوين بالتدرج المهني في حرف الصناعة التقليدية",
        "Création d'un centre de formation par apprentissage aux métiers de l'artisanat",
        ["TAO-TAO"],
        "",
        D("7000000.00"),
        120,
    ),
    (
        "إحداث مركب للصناعات الحرفية",
        "Création d'un complexe des industries artisanales",
        ["TAO-BIB"],
        "",
        D("2000000.00"),
        60,
    ),
]

# reference, title_ar, title_fr, partner key, text the agenda item's title contains
JUNE_2023 = [
    (
        "FM-2023-BE",
        "اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب",
        "Convention de partenariat et de coopération avec la Chambre de Commerce Belge au Maroc",
        "be_chamber",
        "غرفة التجارة البلجيكية",
    ),
    (
        "FM-2023-TAZA",
        "اتفاقية شراكة وتعاون مع جمعية تازة مبادرة",
        "Convention de partenariat et de coopération avec l'association Taza Initiative",
        "taza_initiative",
        "تازة مبادرة",
    ),
    (
        "FM-2023-SN",
        "اتفاقية الشراكة والتعاون مع غرفة Ziguinchor (السنغال)",
        "Convention de partenariat et de coopération avec la Chambre de Ziguinchor (Sénégal)",
        "ziguinchor",
        "Ziguinchor",
    ),
]

# reference, title_ar, title_fr, kind, programme_ar, partner keys, text in the agenda item's title
JUNE_2025 = [
    (
        "FM-2025-BANKS",
        "اتفاقية شراكة مع مؤسسات بنكية لتوفير خدمات مالية تفضيلية للصناع التقليديين",
        "Convention avec des établissements bancaires pour des services financiers préférentiels aux artisans",
        Agreement.Kind.PARTNERSHIP,
        "",
        ["bank_a", "bank_b"],
        "مؤسسات بنكية",
    ),
    (
        "FM-2025-HERITAGE",
        "اتفاقية برنامج الحفاظ على الحرف المهددة بالاندثار",
        "Convention du programme de sauvegarde des métiers menacés de disparition",
        Agreement.Kind.PROGRAMME,
        "برنامج التنمية الجهوية 2022–2027",
        ["ministry", "fm_region"],
        "الحرف المهددة بالاندثار",
    ),
    (
        "FM-2025-VAEP",
        "اتفاقية التصديق على المكتسبات المهنية (VAEP)",
        "Convention de validation des acquis de l'expérience professionnelle (VAEP)",
        Agreement.Kind.SPECIFIC,
        "",
        ["ministry", "ofppt"],
        "VAEP",
    ),
    (
        "FM-2025-ISFA",
        "اتفاقية تأهيل وتوسيع المعهد المتخصص في فنون الصناعة التقليدية بفاس",
        "Convention de mise à niveau et d'extension de l'Institut spécialisé des arts traditionnels de Fès",
        Agreement.Kind.SPECIFIC,
        "",
        ["ministry", "fm_region", "ofppt"],
        "المعهد المتخصص",
    ),
]


def _partners() -> dict[str, Partner]:
    communes = {c.code: c for c in Commune.objects.filter(code__startswith="TAO-")}
    result = {}
    for key, name_ar, name_fr, acronym, kind, country, commune_code in PARTNERS:
        partner = Partner.objects.filter(name_ar=name_ar).first()
        if partner is None:
            partner = Partner(
                name_ar=name_ar,
                name=name_ar,
                name_fr=name_fr,
                acronym=acronym,
                kind=kind,
                country=country,
                commune=communes.get(commune_code),
            )
            partner.full_clean()
            partner.save()
        result[key] = partner
    return result


def _scan(reference: str) -> ContentFile:
    return ContentFile(PLACEHOLDER_PDF, name=f"{reference.lower()}-signed.pdf")


def _approve_by_session(agreement: Agreement, session_label: str, title_contains: str, stdout) -> bool:
    """Put the agreement to the item of the meetings seed's session that voted on it, and approve it by that
    decision. Seeded before the meetings data, the agreement stays a draft until the next run."""
    decision = decision_for_item_title(session_label=session_label, title_contains=title_contains)
    if decision is None:
        say(stdout, f"  {agreement.reference}: no decision found in «{session_label}»; left as a draft")
        return False
    services.agreement_set_approval_item(agreement=agreement, item=decision.item)
    agreement.refresh_from_db()
    if agreement.status == Agreement.Status.DRAFT:
        services.agreement_approve(agreement=agreement, decision=decision)
    return True


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split an amount by weights into cents; the last share takes the rounding remainder."""
    total = sum(weights)
    shares = [(amount * w / total).quantize(CENT, rounding=ROUND_HALF_UP) for w in weights[:-1]]
    return [*shares, amount - sum(shares)]


def _seed_taounate(partners: dict[str, Partner], rng: random.Random, stdout) -> Agreement:
    agreement = Agreement.objects.filter(reference="TAO-2016").first()
    if agreement is not None:
        return agreement
    agreement = services.agreement_create(
        reference="TAO-2016",
        kind=Agreement.Kind.FRAMEWORK,
        title="اتفاقية إطار للشراكة لتمويل وتنفيذ المشاريع المهيكلة لقطاع الصناعة التقليدية بإقليم تاونات",
        objective="تمويل وتنفيذ مشاريع مهيكلة لقطاع الصناعة التقليدية بإقليم تاونات لفائدة 700 صانع وصانعة.",
        programme="البرنامج المندمج للتنمية الإقليمية 2015–2020 (محور الصناعة التقليدية)",
        start_date=datetime.date(2016, 4, 1),
        end_date=datetime.date(2020, 12, 31),
        declared_budget=D("28250000.00"),
        translations={
            "title_fr": "Convention-cadre de partenariat pour le financement et la réalisation des projets "
            "structurants de l'artisanat dans la province de Taounate",
            "programme_fr": "Programme intégré de développement provincial 2015–2020 (volet artisanat)",
        },
    )
    parties = [
        services.agreement_party_add(
            agreement=agreement, partner=partners[key], role=role, contribution=amount
        )
        for key, role, amount in TAO_PARTIES
    ]
    communes = {c.code: c for c in Commune.objects.filter(code__startswith="TAO-")}
    budgets = [p[4] for p in TAO_PROJECTS]
    # Each party's commitment spread over the projects by budget; the ministry's share closes every project
    # exactly, so that contributions add up to each budget and to each party's commitment.
    matrix = {party.pk: _split(party.contribution, budgets) for party in parties[1:]}
    for index, (title_ar, title_fr, codes, douar, budget, beneficiaries) in enumerate(TAO_PROJECTS):
        progress = D(rng.choice([45, 60, 75, 90, 100]))
        women = beneficiaries * rng.choice([40, 50, 60, 100]) // 100
        project = services.project_create(
            agreement=agreement,
            title=title_ar,
            budget=budget,
            communes=[communes[c] for c in codes],
            douar=douar,
            beneficiaries_total=beneficiaries,
            beneficiaries_women=women,
            beneficiaries_men=beneficiaries - women,
            progress=progress,
            disbursed=(budget * progress / 100 * D("0.9")).quantize(CENT),
            status=Project.Status.COMPLETED if progress == 100 else Project.Status.IN_PROGRESS,
            translations={"title_fr": title_fr},
        )
        others = D("0.00")
        for party in parties[1:]:
            share = matrix[party.pk][index]
            others += share
            services.project_contribution_set(project=project, party=party, amount=share)
        services.project_contribution_set(project=project, party=parties[0], amount=budget - others)
    services.agreement_approve_historical(
        agreement=agreement, approved_on=datetime.date(2016, 2, 18), register_reference="2016/07"
    )
    services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2016, 3, 10), signed_scan=_scan("TAO-2016")
    )
    services.agreement_start_execution(agreement=agreement, start_date=datetime.date(2016, 4, 1))
    say(stdout, "  TAO-2016: 11 parties, 8 projects")
    return agreement


def _seed_june_2023(partners: dict[str, Partner], stdout) -> None:
    for index, (reference, title_ar, title_fr, partner_key, snippet) in enumerate(JUNE_2023):
        agreement = Agreement.objects.filter(reference=reference).first()
        if agreement is None:
            agreement = services.agreement_create(
                reference=reference,
                title=title_ar,
                objective="تبادل الخبرات وتنظيم معارض ولقاءات مهنية لفائدة الصناع التقليديين بالجهة.",
                start_date=datetime.date(2023, 9, 1),
                duration_months=36,
                translations={"title_fr": title_fr},
            )
            services.agreement_party_add(
                agreement=agreement, partner=partners["fm_chamber"], role=R.SIGNATORY
            )
            services.agreement_party_add(agreement=agreement, partner=partners[partner_key], role=R.SIGNATORY)
        if agreement.status == Agreement.Status.DRAFT:
            _approve_by_session(agreement, "دورة يونيو 2023", snippet, stdout)
            agreement.refresh_from_db()
        # The first two were signed after the session; the Senegalese one still awaits its signature.
        if agreement.status == Agreement.Status.APPROVED and index < 2:
            agreement = services.agreement_sign(
                agreement=agreement,
                signature_date=datetime.date(2023, 7, 20 + index),
                signed_scan=_scan(reference),
            )
            if index == 1:
                services.agreement_start_execution(agreement=agreement, start_date=datetime.date(2023, 9, 1))


def _seed_june_2025(partners: dict[str, Partner], stdout) -> None:
    for reference, title_ar, title_fr, kind, programme, keys, snippet in JUNE_2025:
        agreement = Agreement.objects.filter(reference=reference).first()
        if agreement is None:
            agreement = services.agreement_create(
                reference=reference,
                title=title_ar,
                kind=kind,
                programme=programme,
                start_date=datetime.date(2025, 9, 1),
                duration_months=24,
                translations={"title_fr": title_fr},
            )
            services.agreement_party_add(
                agreement=agreement, partner=partners["fm_chamber"], role=R.SIGNATORY
            )
            for key in keys:
                services.agreement_party_add(
                    agreement=agreement, partner=partners[key], role=R.FINANCER, contribution=D("500000.00")
                )
        if agreement.status == Agreement.Status.DRAFT:
            _approve_by_session(agreement, "دورة يونيو 2025", snippet, stdout)


def _seed_souss_massa(partners: dict[str, Partner], stdout) -> None:
    if Agreement.objects.filter(reference="SM-2025-5P").exists():
        return
    agreement = services.agreement_create(
        reference="SM-2025-5P",
        kind=Agreement.Kind.FIVE_PARTY,
        title="اتفاقية خماسية لدعم الصناع التقليديين بالتكوين والتجهيز",
        objective="تكوين 260 صانعا تقليديا بمؤسسة التكوين والكفاءات بالجرف، ثم توزيع التجهيزات والمواد الأولية "
        "على جميع المستفيدين بشكل متساو.",
        programme="برنامج التنمية الجهوية 2022–2027",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2026, 12, 31),
        declared_budget=D("6000000.00"),
        translations={
            "title_fr": "Convention quinquepartite d'appui aux artisans par la formation et l'équipement"
        },
    )
    keys = [
        ("state_secretariat", R.FINANCER, D("2500000.00")),
        ("sm_wilaya", R.COMMITTEE_MEMBER, D("0.00")),
        ("sm_region", R.FINANCER, D("2000000.00")),
        ("sm_chamber", R.EXECUTING_AGENCY, D("500000.00")),
        ("ofppt", R.EXECUTING_AGENCY, D("500000.00")),
    ]
    parties = {
        key: services.agreement_party_add(
            agreement=agreement, partner=partners[key], role=role, contribution=amount
        )
        for key, role, amount in keys
    }
    parties["ofppt"].contribution_kind = AgreementParty.ContributionKind.IN_KIND
    parties["ofppt"].save(update_fields=["contribution_kind"])
    training = services.project_create(
        agreement=agreement,
        title="تكوين 260 صانعا تقليديا بمؤسسة التكوين والكفاءات بالجرف",
        budget=D("1500000.00"),
        beneficiaries_total=260,
        progress=D("100"),
        disbursed=D("1500000.00"),
        status=Project.Status.COMPLETED,
        translations={"title_fr": "Formation de 260 artisans (OFPPT, El Jorf)"},
    )
    services.project_contribution_set(
        project=training, party=parties["state_secretariat"], amount=D("1000000.00")
    )
    services.project_contribution_set(project=training, party=parties["ofppt"], amount=D("500000.00"))
    equipment = services.project_create(
        agreement=agreement,
        title="توزيع التجهيزات والمواد الأولية على المستفيدين من التكوين",
        budget=D("4000000.00"),
        # The same 260 trainees: counted once, on the training project.
        beneficiaries_total=0,
        progress=D("40"),
        disbursed=D("1200000.00"),
        status=Project.Status.IN_PROGRESS,
        translations={"title_fr": "Distribution d'équipements et de matières premières aux bénéficiaires"},
    )
    # Contributions short of the budget: the gap shows on the project.
    services.project_contribution_set(
        project=equipment, party=parties["state_secretariat"], amount=D("1500000.00")
    )
    services.project_contribution_set(project=equipment, party=parties["sm_region"], amount=D("2000000.00"))
    clauses = {
        5: (
            "تتبع وتقييم الدعم: تتولى لجنة التتبع مراقبة تنفيذ التكوين والتوزيع وإعداد تقارير دورية.",
            "sm_chamber",
            "عدد المستفيدين الذين أتموا التكوين",
            datetime.date(2025, 12, 31),
            Clause.FollowUpStatus.DONE,
            "أتم 260 صانعا التكوين؛ عقد اجتماع التوزيع يوم 14 نونبر 2025 بقاعة الغرفة بأكادير.",
        ),
        11: (
            "تقييم الأثر: يقدم تقرير تقييم نهائي حول استفادة جميع المتكونين بشكل متساو من التجهيزات.",
            "sm_region",
            "نسبة المستفيدين الذين تسلموا التجهيزات",
            datetime.date(2026, 6, 30),
            Clause.FollowUpStatus.IN_PROGRESS,
            "تولت لجنة الصناعة التقليدية التابعة للجهة الاقتناء؛ التوزيع جار.",
        ),
    }
    for number in range(1, 13):
        summary = clauses[number][0] if number in clauses else f"المادة {number}: أحكام عامة."
        clause = Clause.objects.create(
            agreement=agreement, number=number, summary=summary, summary_ar=summary
        )
        if number in clauses:
            _, key, indicator, due, status, notes = clauses[number]
            services.clause_follow_up_record(
                clause=clause,
                status=status,
                evaluation_notes=notes,
                indicator=indicator,
                due_date=due,
                responsible_party=parties[key],
            )
    services.agreement_approve_historical(
        agreement=agreement, approved_on=datetime.date(2025, 2, 13), register_reference="SM-2025/03"
    )
    services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2025, 2, 27), signed_scan=_scan("SM-2025-5P")
    )
    services.agreement_start_execution(agreement=agreement, start_date=datetime.date(2025, 3, 1))
    say(stdout, "  SM-2025-5P: five parties, clauses 5 and 11 followed up")


@transaction.atomic
def seed(stdout=None) -> None:
    rng = random.Random(2016)
    partners = _partners()
    _seed_taounate(partners, rng, stdout)
    _seed_june_2023(partners, stdout)
    _seed_june_2025(partners, stdout)
    _seed_souss_massa(partners, stdout)
