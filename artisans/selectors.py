"""Reads of the register: normalised search, the public directory, portal figures."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from artisans.models import Activity, Artisan, Membership, ProfessionalCard, Sector
from chamber.identity import normalize_cin
from chamber.normalize import normalize_arabic
from chamber.selectors import in_language


def artisan_search(
    *, query: str, qs: QuerySet[Artisan] | None = None, by_cin: bool = True
) -> QuerySet[Artisan]:
    """Artisans whose name (Arabic or Latin, normalised), CIN (unless `by_cin` is False: an office that may not
    see CINs cannot find an artisan by one) or register ID matches `query`.

    The name match is a LIKE on `search_name`, which the pg_trgm GIN index serves; no icontains scan.
    """
    qs = Artisan.objects.all() if qs is None else qs
    query = (query or "").strip()
    if not query:
        return qs
    condition = Q(search_name__contains=normalize_arabic(query))
    cin = normalize_cin(query)
    if cin:
        condition |= Q(register_number=query)
        if by_cin:
            condition |= Q(cin=cin)
    return qs.filter(condition)


def registered_artisans() -> QuerySet[Artisan]:
    """Artisans whose registration is current, in the order they were entered."""
    return Artisan.objects.filter(registration_status=Artisan.RegistrationStatus.REGISTERED).order_by("pk")


def artisans_in_entry_order(*, newest_first: bool = False) -> QuerySet[Artisan]:
    """Every artisan of the register, in the order they were entered (or the newest first)."""
    return Artisan.objects.order_by("-pk" if newest_first else "pk")


def card_for_artisan(*, artisan: Artisan) -> ProfessionalCard | None:
    """The artisan's current card: the valid one if any, otherwise the most recent."""
    cards = list(artisan.cards.order_by("-issued_on", "-id")[:5])
    for card in cards:
        if card.effective_status == ProfessionalCard.Status.VALID:
            return card
    return cards[0] if cards else None


# A card token is what secrets.token_urlsafe() writes; anything else (a NUL byte, a slash, 10,000 characters) is
# not a card, and is answered as unknown before it reaches the database.
CARD_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def card_for_verification(*, token: str) -> ProfessionalCard | None:
    """The card a QR code stands for, with only what its public check shows: no CIN, phone or address."""
    if not isinstance(token, str) or not CARD_TOKEN_RE.fullmatch(token):
        return None
    return (
        ProfessionalCard.objects.select_related("artisan__main_activity")
        .only(
            "number",
            "issued_on",
            "expires_on",
            "status",
            "token",
            "artisan__full_name",
            "artisan__full_name_latin",
            "artisan__registration_status",
            "artisan__main_activity__name",
            "artisan__main_activity__name_ar",
            "artisan__main_activity__name_fr",
            "artisan__main_activity__name_en",
        )
        .filter(token=token)
        .first()
    )


class CardCheck:
    """What the public card check says: one of four states. Only VALID means valid."""

    VALID = "valid"
    EXPIRED = "expired"
    SUSPENDED = "suspended"
    STRUCK_OFF = "struck_off"


def card_check_state(*, card: ProfessionalCard) -> str:
    """valid, expired, suspended or struck_off, the registration weighing first: a card whose holder was struck
    off (or suspended, or not registered yet) is never valid, whatever the card's own status and dates say."""
    registration = card.artisan.registration_status
    if registration == Artisan.RegistrationStatus.STRUCK_OFF:
        return CardCheck.STRUCK_OFF
    if registration != Artisan.RegistrationStatus.REGISTERED:
        return CardCheck.SUSPENDED
    effective = card.effective_status
    if effective == ProfessionalCard.Status.SUSPENDED:
        return CardCheck.SUSPENDED
    if effective == ProfessionalCard.Status.EXPIRED:
        return CardCheck.EXPIRED
    return CardCheck.VALID


def card_verification_url(*, card: ProfessionalCard) -> str:
    """The public, absolute URL the card's QR code points to; it carries only the unguessable token."""
    return settings.SITE_URL + reverse("artisans:card_verify", kwargs={"token": card.token})


def public_directory(*, query: str | None = None, sector=None, province=None) -> QuerySet[Artisan]:
    """Consenting artisans for the portal directory: one query per page (plus the count), no prefetch.

    `sector` and `province` accept an instance, a primary key or a code.
    """
    first_organisation = (
        Membership.objects.filter(artisan_id=OuterRef("pk"))
        .order_by("organisation__name")
        .values("organisation__name")
    )[:1]
    qs = (
        Artisan.objects.filter(public_profile=True, registration_status=Artisan.RegistrationStatus.REGISTERED)
        .select_related("main_activity__sector", "commune__province")
        .annotate(organisation_name=Subquery(first_organisation))
        .only(
            "id",
            "full_name",
            "full_name_latin",
            "sex",
            "category",
            "bio",
            "bio_ar",
            "bio_fr",
            "bio_en",
            "main_activity__name",
            "main_activity__name_ar",
            "main_activity__name_fr",
            "main_activity__name_en",
            "main_activity__sector__name",
            "main_activity__sector__name_ar",
            "main_activity__sector__name_fr",
            "main_activity__sector__name_en",
            "main_activity__sector__code",
            "commune__name",
            "commune__name_ar",
            "commune__name_fr",
            "commune__name_en",
            "commune__province__name",
            "commune__province__name_ar",
            "commune__province__name_fr",
            "commune__province__name_en",
            "commune__province__code",
        )
        .order_by("full_name", "id")
    )
    if query:
        qs = qs.filter(Q(search_name__contains=normalize_arabic(query)))
    if sector:
        qs = qs.filter(_by_key("main_activity__sector", sector))
    if province:
        qs = qs.filter(_by_key("commune__province", province))
    return qs


def _by_key(path: str, value) -> Q:
    if hasattr(value, "pk"):
        return Q(**{f"{path}__pk": value.pk})
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return Q(**{f"{path}__pk": int(value)})
    return Q(**{f"{path}__code": value})


def portal_home_items() -> dict:
    """Key figures for the portal's home page: registered artisans, and how many of them are women."""
    counts = Artisan.objects.filter(registration_status=Artisan.RegistrationStatus.REGISTERED).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex=Artisan.Sex.FEMALE))
    )
    return {
        "key_figures": [
            {"label": _("registered artisans"), "value": counts["total"]},
            {"label": _("of them women artisans"), "value": counts["women"]},
        ],
    }


def statistics_base(*, start=None, end=None, province: str = "", sector: str = ""):
    """The artisans a statistics page counts: added to the register within [start, end], in a province, a sector."""
    base = Artisan.objects.all()
    if start:
        base = base.filter(created_at__date__gte=start)
    if end:
        base = base.filter(created_at__date__lte=end)
    if province:
        base = base.filter(commune__province__code=province)
    if sector:
        base = base.filter(main_activity__sector__code=sector)
    return base


def register_statistics(*, start=None, end=None, province: str = "", sector: str = "") -> dict:
    """Counts of artisans by sector, province, sex, card status and coverage status, with the women's share and,
    for a period, the same period a year before; filtered by period (added to the register), province and sector."""
    import datetime as dt

    from django.utils import timezone

    base = statistics_base(start=start, end=end, province=province, sector=sector)
    today = timezone.localdate()

    def grouped(field: str, label_field: str):
        # The label in the page's language (French names on a French page), not the untranslated column.
        rows = (
            base.order_by()
            .values(field)
            .annotate(label=in_language(label_field), n=Count("id"))
            .order_by("-n", "label")
        )
        return [{"label": r["label"] or "—", "count": r["n"]} for r in rows]

    def choices(field: str, enum):
        rows = dict(base.order_by().values(field).annotate(n=Count("id")).values_list(field, "n"))
        return [{"label": str(label), "count": rows.get(value, 0)} for value, label in enum.choices]

    cards_of = (
        ProfessionalCard.objects.filter(artisan__in=base) if (start or end or province or sector) else None
    )
    card_qs = cards_of if cards_of is not None else ProfessionalCard.objects.all()
    valid = card_qs.filter(status=ProfessionalCard.Status.VALID, expires_on__gte=today)
    expired = card_qs.filter(
        Q(status=ProfessionalCard.Status.EXPIRED)
        | Q(status=ProfessionalCard.Status.VALID, expires_on__lt=today)
    )
    with_valid = valid.values("artisan_id").distinct().count()
    suspended = (
        card_qs.filter(status=ProfessionalCard.Status.SUSPENDED)
        .exclude(artisan_id__in=valid.values("artisan_id"))
        .values("artisan_id")
        .distinct()
        .count()
    )
    expired_only = (
        expired.exclude(artisan_id__in=valid.values("artisan_id")).values("artisan_id").distinct().count()
    )
    total = base.count()
    cards = [
        {"label": str(ProfessionalCard.Status.VALID.label), "count": with_valid},
        {"label": str(ProfessionalCard.Status.EXPIRED.label), "count": expired_only},
        {"label": str(ProfessionalCard.Status.SUSPENDED.label), "count": suspended},
        {"label": str(_("No card")), "count": max(total - with_valid - expired_only - suspended, 0)},
    ]
    sections = [
        ("sector", _("By sector"), grouped("main_activity__sector__code", "main_activity__sector__name")),
        ("province", _("By province"), grouped("commune__province__code", "commune__province__name")),
        ("sex", _("By sex"), choices("sex", Artisan.Sex)),
        ("card", _("By professional card status"), cards),
        ("coverage", _("By social coverage status"), choices("coverage_status", Artisan.CoverageStatus)),
    ]
    result = []
    for key, title, rows in sections:
        top = max((r["count"] for r in rows), default=0) or 1
        for r in rows:
            r["percent"] = round(100 * r["count"] / top)
        result.append({"key": key, "title": str(title), "rows": rows})
    by_sex = next(s["rows"] for s in result if s["key"] == "sex")
    women = next((r["count"] for r in by_sex if r["label"] == str(Artisan.Sex.FEMALE.label)), 0)
    previous = None
    if start and end:
        try:
            before = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        except ValueError:  # 29 February
            before = (start - dt.timedelta(days=365), end - dt.timedelta(days=365))
        previous = statistics_base(start=before[0], end=before[1], province=province, sector=sector).count()
    return {
        "total": total,
        "women_share": round(100 * women / total, 1) if total else 0,
        "previous_total": previous,
        "sections": result,
    }


def artisan_for_user(*, user) -> Artisan | None:
    """The register record linked to this portal account, or None (staff, or an account not linked yet)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Artisan.objects.select_related("main_activity__sector", "commune__province")
        .filter(user_id=user.pk)
        .first()
    )


def artisan_organisations(*, artisan: Artisan) -> list:
    """The cooperatives and other organisations the artisan belongs to (for their names in each language)."""
    return [
        m.organisation
        for m in artisan.memberships.select_related("organisation").order_by("organisation__name")
    ]


# --- the Registry's card and the register's key figures on the staff home (chamber.staff_home) --------------------

CARD_EXPIRY_DAYS = 60


def card_cards_expiring(*, today):
    import datetime as dt

    from chamber.staff_home import Card

    until = today + dt.timedelta(days=CARD_EXPIRY_DAYS)
    return Card(
        title=_("Professional cards expiring within %(days)s days") % {"days": CARD_EXPIRY_DAYS},
        count=ProfessionalCard.objects.filter(
            status=ProfessionalCard.Status.VALID, expires_on__gte=today, expires_on__lte=until
        ).count(),
        url_name="admin:artisans_professionalcard_changelist",
        query={
            "status__exact": ProfessionalCard.Status.VALID,
            "expires_on__gte": today.isoformat(),
            "expires_on__lte": until.isoformat(),
        },
    )


def home_figures(*, today):
    from chamber.formatting import format_number
    from chamber.staff_home import Figure

    row = Artisan.objects.filter(registration_status=Artisan.RegistrationStatus.REGISTERED).aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(sex=Artisan.Sex.FEMALE)),
        new=Count("id", filter=Q(created_at__year=today.year)),
    )
    share = round(100 * row["women"] / row["total"]) if row["total"] else 0
    return [
        Figure(label=_("Registered artisans"), value=format_number(row["total"])),
        Figure(label=_("Of whom women"), value=f"{share} %"),
        Figure(label=_("Artisans added this year"), value=format_number(row["new"])),
    ]


# --- Open data (portal/api) ----------------------------------------------------------------------------------


def open_data_sectors() -> QuerySet[Sector]:
    """The crafts nomenclature (decree 2.21.991): sectors, each with its activities."""
    return Sector.objects.prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("code"))
    ).order_by("order", "code")


def open_data_activities(*, sector: str | None = None) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("sector").order_by("code")
    return qs.filter(sector__code=sector) if sector else qs


OPEN_DATA_DIRECTORY_FIELDS = (
    "id",
    "full_name",
    "full_name_latin",
    "category",
    "bio_ar",
    "bio_fr",
    "bio_en",
    "main_activity__code",
    "main_activity__name_ar",
    "main_activity__name_fr",
    "main_activity__sector__code",
    "commune__code",
    "commune__name_ar",
    "commune__name_fr",
    "commune__province__code",
)


def open_data_directory(*, province=None, sector=None, updated_since=None) -> QuerySet[Artisan]:
    """The public directory as open data: consenting, registered artisans, with the directory's public fields
    only (public_directory's .only(): no CIN, phone, e-mail, birth date or address is even read)."""
    qs = public_directory(province=province, sector=sector).only(*OPEN_DATA_DIRECTORY_FIELDS)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs
