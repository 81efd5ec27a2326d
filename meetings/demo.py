"""Demo data for the assembly (seed-facts.yaml, chamber FM): 45 elected members and the sessions of June 2023,
February 2025 and June 2025, built through the services so that decisions, quorum and approvals are consistent.

Idempotent: members and sessions are keyed by their Arabic name or label; an existing session is left untouched.
Only the president's name comes from the seed facts; the other members are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import translation

from chamber.demo import say
from meetings import services
from meetings.models import AgendaItem, AgendaRequest, Attendance, Guest, Member, Recommendation, Session

TZ = ZoneInfo("Africa/Casablanca")
RNG_SEED = 2023

FIRST_NAMES = [
    ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("يوسف", "Youssef"), ("عبد الله", "Abdellah"), ("إدريس", "Driss"),
    ("الحسن", "El Hassan"), ("رشيد", "Rachid"), ("سعيد", "Said"), ("خالد", "Khalid"), ("مصطفى", "Mustapha"),
    ("فاطمة", "Fatima"), ("خديجة", "Khadija"), ("نعيمة", "Naima"), ("سعاد", "Souad"), ("مليكة", "Malika"),
    ("عزيز", "Aziz"), ("حميد", "Hamid"), ("جمال", "Jamal"), ("نور الدين", "Noureddine"), ("هشام", "Hicham"),
]  # fmt: skip
LAST_NAMES = [
    ("العلوي", "Alaoui"), ("الإدريسي", "Idrissi"), ("بناني", "Bennani"), ("التازي", "Tazi"), ("الفاسي", "Fassi"),
    ("المرابط", "Mrabet"), ("الزرهوني", "Zerhouni"), ("الصفريوي", "Sefrioui"), ("الوزاني", "Ouazzani"),
    ("الشرادي", "Cherradi"), ("البقالي", "Bakkali"), ("الحمداوي", "Hamdaoui"), ("الكتاني", "Kettani"),
    ("المنصوري", "Mansouri"), ("الغياتي", "Ghiati"),
]  # fmt: skip

JUNE_2023 = "دورة يونيو 2023"
FEB_2025 = "دورة فبراير 2025"
JUNE_2025 = "دورة يونيو 2025"


def _at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=TZ)


def _members() -> list[Member]:
    rng = random.Random(RNG_SEED)  # reproducible demo data, not secrets
    term_start = dt.date(2021, 9, 1)
    term_end = dt.date(2027, 8, 31)
    categories = list(Member.Category.values)
    roles = [
        ("president", None),
        ("vice_president", 1),
        ("vice_president", 2),
        ("vice_president", 3),
        ("vice_president", 4),
        ("secretary", None),
        ("assistant_secretary", None),
    ]
    names = [("عبد المالك البوطيين", "Abdelmalek Boutayine")]
    seen = {names[0][0]}
    while len(names) < 45:
        (first_ar, first_fr), (last_ar, last_fr) = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if f"{first_ar} {last_ar}" in seen:
            continue
        seen.add(f"{first_ar} {last_ar}")
        names.append((f"{first_ar} {last_ar}", f"{first_fr} {last_fr}"))
    members = []
    for index, (name_ar, name_fr) in enumerate(names):
        role, rank = roles[index] if index < len(roles) else ("member", None)
        member = Member.objects.filter(name_ar=name_ar).first()
        if member is None:
            member = Member.objects.create(
                name_ar=name_ar,
                name_fr=name_fr,
                kind=Member.Kind.ELECTED,
                category=categories[index % len(categories)],
                role=role,
                vice_president_rank=rank,
                term_start=term_start,
                term_end=term_end,
                email=f"member{index + 1:02d}@chamber.invalid",
                order=index + 1,
            )
        members.append(member)
    return members


def _hold(session: Session, members: list[Member], *, present: int, excused: int, rng: random.Random) -> None:
    """Convene ten days ahead, record attendance in member order (bureau present), and open the session."""
    services.session_convene(
        session=session, by=None, today=(session.starts_at - dt.timedelta(days=10)).date()
    )
    Session.objects.filter(pk=session.pk).update(convened_at=session.starts_at - dt.timedelta(days=10))
    session.refresh_from_db()
    others = members[7:]
    absent = {m.pk for m in rng.sample(others, len(members) - present)}
    excused_ids = set(sorted(absent)[:excused])
    for member in members:
        if member.pk not in absent:
            status, reason = Attendance.Status.PRESENT, ""
        elif member.pk in excused_ids:
            status, reason = Attendance.Status.EXCUSED, rng.choice(["ظروف صحية", "سفر مهني", "ظروف عائلية"])
        else:
            status, reason = Attendance.Status.UNEXCUSED, ""
        services.attendance_record(session=session, member=member, status=status, reason=reason)
    session.refresh_from_db()
    services.session_open(session=session)
    session.refresh_from_db()


def _items(session: Session, items: list[dict]) -> list[AgendaItem]:
    created = []
    for spec in items:
        extra = {k: v for k, v in spec.items() if k not in ("kind", "title")}
        created.append(
            services.agenda_item_add(session=session, kind=spec["kind"], title=spec["title"], **extra)
        )
    return created


def _june_2023(members: list[Member], rng: random.Random) -> Session:
    session = services.session_create(
        kind=Session.Kind.ORDINARY,
        label_ar=JUNE_2023,
        label_fr="Session de juin 2023",
        starts_at=_at(2023, 6, 22),
        venue_ar="القاعة الكبرى لمقر عمالة إقليم تاونات",
        venue_fr="Grande salle du siège de la province de Taounate",
        chair=members[0],
        opening_summary_ar=(
            "<p>افتتح رئيس الغرفة أشغال الدورة بكلمة رحب فيها بالحاضرين، وذكّر بجدول الأعمال المعروض على أنظار "
            "الجمعية العامة.</p>"
        ),
    )
    A = AgendaItem.Kind
    items = _items(
        session,
        [
            {
                "kind": A.AGREEMENT_APPROVAL,
                "title": "مشروع اتفاقية الشراكة والتعاون مع غرفة التجارة البلجيكية بالمغرب",
            },
            {"kind": A.AGREEMENT_APPROVAL, "title": "مشروع اتفاقية شراكة وتعاون مع جمعية تازة مبادرة"},
            {
                "kind": A.AGREEMENT_APPROVAL,
                "title": "مشروع اتفاقية الشراكة والتعاون مع غرفة Ziguinchor بدولة السنغال",
            },
            {
                "kind": A.REPORT,
                "title": "تقييم معارض الصناعة التقليدية المنظمة من يناير 2023 إلى 31 ماي 2023",
                "summary": (
                    "<p>قدمت الإدارة تقريرا حول <b>8 معارض</b> دولية وجهوية ومحلية، شارك فيها 220 صانعا وصانعة، "
                    "واستقطبت 235.000 زائر، بمبيعات بلغت 3.297.960,00 درهم.</p>"
                ),
            },
        ],
    )
    for title in (
        "الكاتب العام لعمالة تاونات",
        "المدير الجهوي للصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
        "النائب البرلماني ممثل الغرفة بمجلس المستشارين",
    ):
        services.guest_add(session=session, title=title)
    _hold(session, members, present=38, excused=4, rng=rng)
    for item in items[:3]:
        item.summary_ar = (
            "<p>بعد عرض مضامين المشروع وفتح باب المناقشة، عرض الرئيس المشروع على التصويت العلني.</p>"
        )
        item.save(update_fields=["summary_ar"])
        services.decision_record(item=item, votes_for=session.present_count)
    services.recommendation_create(
        session=session,
        text_ar="تتبع تنفيذ الاتفاقيات المصادق عليها وعرض حصيلتها في الدورة المقبلة",
        owner="مكتب الغرفة",
        deadline=dt.date(2023, 10, 31),
        status=Recommendation.Status.DONE,
    )
    services.minutes_draft(session=session)
    # Approved at the next ordinary session (invented: Thursday 19 October 2023), not on the day the demo loads.
    services.minutes_freeze(session=session, by=None, approved_at=_at(2023, 10, 19))
    return session


def _feb_2025(members: list[Member], rng: random.Random) -> Session:
    session = services.session_create(
        kind=Session.Kind.ORDINARY,
        label_ar=FEB_2025,
        label_fr="Session de février 2025",
        starts_at=_at(2025, 2, 20),
        venue_ar="قاعة الاجتماعات بمقر الغرفة بفاس",
        venue_fr="Salle de réunion du siège de la Chambre, Fès",
        chair=members[0],
    )
    A = AgendaItem.Kind
    items = _items(
        session,
        [
            {"kind": A.MINUTES_APPROVAL, "title": "عرض محضر الدورة السابقة لشهر أكتوبر 2024"},
            {"kind": A.REPORT, "title": "التقرير المالي وتنفيذ ميزانية سنة 2024"},
            {"kind": A.DELIBERATION, "title": "برنامج عمل الغرفة لسنة 2025"},
            {"kind": A.OTHER, "title": "برقية الولاء والإخلاص"},
        ],
    )
    _hold(session, members, present=38, excused=3, rng=rng)
    AgendaRequest.objects.create(
        session=session,
        member=members[20],
        subject="إحداث سوق أسبوعي للمنتوجات الحرفية بصفرو",
        received_on=dt.date(2025, 2, 18),
        status=AgendaRequest.Status.REFUSED,
        refusal_reason="ورد الطلب بعد انصرام أجل ثلاثة أيام قبل افتتاح الدورة، وسيدرج في الدورة المقبلة.",
    )
    services.decision_record(item=items[0], votes_for=35, abstentions=3)
    services.decision_record(item=items[2], votes_for=31, votes_against=4, abstentions=3)
    services.recommendation_create(
        session=session,
        text_ar="إعداد دراسة حول وضعية الفنادق الحرفية والأسواق النموذجية بالجهة",
        owner="لجنة التنمية والتخطيط",
        deadline=dt.date(2025, 6, 15),
        status=Recommendation.Status.IN_PROGRESS,
    )
    services.minutes_draft(session=session)
    return session


def _june_2025(members: list[Member], rng: random.Random, february: Session) -> Session:
    session = services.session_create(
        kind=Session.Kind.ORDINARY,
        label_ar=JUNE_2025,
        label_fr="Session de juin 2025",
        starts_at=_at(2025, 6, 26),
        venue_ar="تازة",
        venue_fr="Taza",
        chair=members[0],
        secretary_absent_reason="تغيب الكاتب لظروف صحية",
    )
    A = AgendaItem.Kind
    items = _items(
        session,
        [
            {
                "kind": A.MINUTES_APPROVAL,
                "title": "عرض محضر الدورة السابقة لشهر فبراير 2025",
                "approves_session": february,
            },
            {"kind": A.REPORT, "title": "التقرير الأدبي"},
            {
                "kind": A.AGREEMENT_APPROVAL,
                "title": "مشروع اتفاقية شراكة مع مؤسسات بنكية لتوفير خدمات مالية تفضيلية للصناع التقليديين",
            },
            {
                "kind": A.PRESENTATION,
                "title": "عرض المديرية الجهوية للصندوق الوطني للضمان الاجتماعي حول تعميم التغطية الصحية",
                "presenter": "المديرية الجهوية للصندوق الوطني للضمان الاجتماعي",
            },
            {
                "kind": A.AGREEMENT_APPROVAL,
                "title": "اتفاقية برنامج الحفاظ على الحرف المهددة بالاندثار (برنامج التنمية الجهوية 2022–2027)",
            },
            {"kind": A.AGREEMENT_APPROVAL, "title": "اتفاقية التصديق على المكتسبات المهنية (VAEP)"},
            {
                "kind": A.AGREEMENT_APPROVAL,
                "title": "اتفاقية تأهيل وتوسيع المعهد المتخصص في فنون الصناعة التقليدية بفاس",
            },
            {
                "kind": A.DELIBERATION,
                "title": "واقع وآفاق البنيات التحتية: الفنادق الحرفية والأسواق النموذجية والمركبات المهنية",
            },
            {"kind": A.PROGRAMME_APPROVAL, "title": "البرنامج السنوي للمعارض الجهوية لسنة 2025"},
            {"kind": A.COMMITTEES, "title": "تشكيل اللجان الدائمة للغرفة وتحديد مهامها"},
        ],
    )
    Guest.objects.create(session=session, title="ممثل عامل إقليم تازة", order=1)
    Guest.objects.create(
        session=session, title="المدير الجهوي للصندوق الوطني للضمان الاجتماعي", kind="expert", order=2
    )
    _hold(session, members, present=34, excused=6, rng=rng)
    present = session.present_count
    votes = {
        0: (present, 0, 0),
        2: (present, 0, 0),
        4: (present, 0, 0),
        5: (present - 2, 0, 2),
        6: (present, 0, 0),
    }
    votes |= {8: (present - 3, 1, 2), 9: (present, 0, 0)}
    for index, (for_, against, abstain) in votes.items():
        services.decision_record(
            item=items[index], votes_for=for_, votes_against=against, abstentions=abstain
        )
    services.minutes_draft(session=session)
    return session


def seed(stdout=None) -> None:
    with translation.override("ar"):
        _seed(stdout)


def _seed(stdout) -> None:
    rng = random.Random(RNG_SEED)  # reproducible demo data, not secrets
    members = _members()
    if not Session.objects.filter(label_ar=JUNE_2023).exists():
        _june_2023(members, rng)
        say(stdout, f"meetings: {JUNE_2023}\n")
    february = Session.objects.filter(label_ar=FEB_2025).first()
    if february is None:
        february = _feb_2025(members, rng)
        say(stdout, f"meetings: {FEB_2025}\n")
    if not Session.objects.filter(label_ar=JUNE_2025).exists():
        _june_2025(members, rng, february)
        say(stdout, f"meetings: {JUNE_2025}\n")
