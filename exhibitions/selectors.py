"""Reads of the exhibitions app: the public calendar, an artisan's applications, the period evaluation report,
the programme's planned-versus-held comparison and the selection suggestion. Totals are always computed from the
recorded rows."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from exhibitions.models import AnnualProgramme, Application, Exhibition, Scope, VisitorCount

S = Exhibition.Status
A = Application.Status
HELD = (S.HELD, S.EVALUATED)
ZERO = Decimal("0.00")


def _visitors_subquery():
    return Coalesce(
        Subquery(
            VisitorCount.objects.filter(exhibition=OuterRef("pk"))
            .order_by()
            .values("exhibition")
            .annotate(total=Sum("visitors"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _accepted(extra: Q | None = None):
    q = Q(exhibition=OuterRef("pk"), status=A.ACCEPTED)
    return Application.objects.filter(q & extra if extra is not None else q).order_by().values("exhibition")


def with_results(qs: QuerySet[Exhibition]) -> QuerySet[Exhibition]:
    """Annotate visitors, sales, participating artisans and women, each computed in its own subquery."""
    return qs.annotate(
        total_visitors=_visitors_subquery(),
        total_sales=Coalesce(
            Subquery(
                _accepted().annotate(t=Sum("sales_amount")).values("t"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        participants=Coalesce(
            Subquery(_accepted().annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        artisans_count=Coalesce(
            Subquery(
                _accepted(Q(artisan__isnull=False)).annotate(n=Count("artisan", distinct=True)).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        women_count=Coalesce(
            Subquery(
                _accepted(Q(artisan__sex="female")).annotate(n=Count("artisan", distinct=True)).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


# --- Public calendar ----------------------------------------------------------------------------------------


def upcoming_exhibitions(*, province: str | None = None) -> QuerySet[Exhibition]:
    """Exhibitions not yet over (their last day is today or later, and not marked held), soonest first.

    The one definition of "upcoming": the home page, the exhibitions page, the iCal feed and the open-data API
    all read it, so they never disagree (an exhibition with an open call is one of them, with a badge).
    `province`: a province's code, only the exhibitions held there."""
    today = timezone.localdate()
    qs = Exhibition.objects.filter(end_date__gte=today).exclude(status__in=HELD).order_by("start_date", "pk")
    return qs.filter(province__code=province) if province else qs


def past_exhibitions() -> QuerySet[Exhibition]:
    """Held exhibitions, latest first, with their results (pages show them only when published)."""
    return with_results(Exhibition.objects.filter(status__in=HELD)).order_by("-start_date", "pk")


def exhibition_public_get(*, pk: int) -> Exhibition:
    return with_results(Exhibition.objects.all()).get(pk=pk)


def artisan_applications(*, artisan) -> QuerySet[Application]:
    """An artisan's applications, latest exhibition first, with the stand when one is assigned."""
    return (
        Application.objects.filter(artisan=artisan)
        .select_related("exhibition", "stand")
        .order_by("-exhibition__start_date", "-pk")
    )


def artisan_application_for(*, artisan, exhibition: Exhibition) -> Application | None:
    if artisan is None:
        return None
    return Application.objects.filter(artisan=artisan, exhibition=exhibition).first()


def participants_of(*, exhibition: Exhibition) -> QuerySet[Application]:
    """Accepted participants with what the sales sheet and the admin list show."""
    return (
        Application.objects.filter(exhibition=exhibition, status=A.ACCEPTED)
        .select_related("artisan", "organisation", "stand")
        .order_by("stand__number", "pk")
    )


# --- Period evaluation report -------------------------------------------------------------------------------


@dataclass
class PeriodReport:
    start: dt.date
    end: dt.date
    exhibitions: list[Exhibition]
    by_scope: list[tuple[str, int]]
    artisans: int
    women: int
    cooperatives: int
    visitors: int
    sales: Decimal
    top: list[Exhibition] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.exhibitions)

    @property
    def women_share(self) -> Decimal:
        if not self.artisans:
            return Decimal(0)
        return (Decimal(self.women) * 100 / self.artisans).quantize(Decimal("0.1"))


def period_report(*, start: dt.date, end: dt.date, top_n: int = 3) -> PeriodReport:
    """Exhibitions held that opened within [start, end], their figures, and the period's distinct artisans.

    An artisan who took part in several exhibitions counts once in `artisans` (and in `women`), while each
    exhibition's own row counts its own participants.
    """
    exhibitions = list(
        with_results(
            Exhibition.objects.filter(status__in=HELD, start_date__gte=start, start_date__lte=end)
        ).order_by("start_date", "pk")
    )
    ids = [e.pk for e in exhibitions]
    participants = Application.objects.filter(exhibition_id__in=ids, status=A.ACCEPTED)
    people = participants.filter(artisan__isnull=False).aggregate(
        artisans=Count("artisan", distinct=True),
        women=Count("artisan", distinct=True, filter=Q(artisan__sex="female")),
    )
    cooperatives = participants.filter(organisation__isnull=False).values("organisation").distinct().count()
    scope_counts = dict.fromkeys(Scope.values, 0)
    for e in exhibitions:
        scope_counts[e.scope] += 1
    by_scope = [(str(Scope(value).label), n) for value, n in scope_counts.items()]
    top = sorted(exhibitions, key=lambda e: (-e.total_sales, -e.total_visitors, e.pk))[:top_n]  # type: ignore[attr-defined]
    return PeriodReport(
        start=start,
        end=end,
        exhibitions=exhibitions,
        by_scope=by_scope,
        artisans=people["artisans"],
        women=people["women"],
        cooperatives=cooperatives,
        visitors=sum(e.total_visitors for e in exhibitions),  # type: ignore[attr-defined]
        sales=sum((e.total_sales for e in exhibitions), ZERO),  # type: ignore[attr-defined]
        top=top,
    )


# --- Programme: planned versus held -------------------------------------------------------------------------


@dataclass
class ProgrammeReport:
    programme: AnnualProgramme
    exhibitions: list[Exhibition]
    planned: int
    held: int
    pending: int
    visitors: int
    sales: Decimal

    @property
    def held_share(self) -> Decimal:
        if not self.planned:
            return Decimal(0)
        return (Decimal(self.held) * 100 / self.planned).quantize(Decimal("0.1"))


def programme_report(*, programme: AnnualProgramme) -> ProgrammeReport:
    """How many of the programme's planned exhibitions were held, with their results."""
    exhibitions = list(with_results(programme.exhibitions.all()).order_by("start_date", "pk"))
    held = [e for e in exhibitions if e.status in HELD]
    return ProgrammeReport(
        programme=programme,
        exhibitions=exhibitions,
        planned=len(exhibitions),
        held=len(held),
        pending=len(exhibitions) - len(held),
        visitors=sum(e.total_visitors for e in held),  # type: ignore[attr-defined]
        sales=sum((e.total_sales for e in held), ZERO),  # type: ignore[attr-defined]
    )


# --- Home page ----------------------------------------------------------------------------------------------


# --- Selection suggestion -----------------------------------------------------------------------------------


@dataclass
class SelectionSuggestion:
    """A proposed list of applications to accept; staff still decide each one."""

    applications: list[Application]
    slots: int
    women: int
    women_target: int
    recently_selected: set[int]
    by_sector: dict[str, int]
    by_province: dict[str, int]


def _recent_participants(exhibition: Exhibition, recent_n: int) -> set[int]:
    if recent_n <= 0:
        return set()
    recent = (
        Exhibition.objects.filter(start_date__lt=exhibition.start_date)
        .exclude(pk=exhibition.pk)
        .exclude(status__in=(S.PLANNED, S.CALL_OPEN))
        .order_by("-start_date")
        .values_list("pk", flat=True)[:recent_n]
    )
    return set(
        Application.objects.filter(
            exhibition__in=list(recent), status=A.ACCEPTED, artisan__isnull=False
        ).values_list("artisan_id", flat=True)
    )


def selection_suggest(
    *, exhibition: Exhibition, recent_n: int = 3, women_share: Decimal = Decimal("0.4")
) -> SelectionSuggestion:
    """Suggest which pending applications to accept for the remaining places.

    Greedy and explainable: at each step take the candidate that (1) helps reach the share of women,
    (2) was not selected in the last `recent_n` exhibitions, (3) comes from the sector and (4) the province
    least represented so far, (5) applied first. Nothing is decided here.
    """
    accepted = list(
        Application.objects.filter(exhibition=exhibition, status=A.ACCEPTED).select_related(
            "artisan__main_activity__sector", "artisan__commune__province", "organisation__commune__province"
        )
    )
    candidates = list(
        Application.objects.filter(exhibition=exhibition, status__in=(A.SUBMITTED, A.WAITLISTED))
        .select_related(
            "artisan__main_activity__sector", "artisan__commune__province", "organisation__commune__province"
        )
        .order_by("submitted_at", "pk")
    )
    slots = max(exhibition.capacity - len(accepted), 0)
    recent = _recent_participants(exhibition, recent_n)

    def sector(a: Application) -> str:
        return str(a.artisan.main_activity.sector) if a.artisan is not None else ""

    def province(a: Application) -> str:
        place = a.artisan.commune if a.artisan is not None else a.organisation.commune  # type: ignore[union-attr]
        return str(place.province)

    def is_woman(a: Application) -> bool:
        return a.artisan is not None and a.artisan.sex == "female"

    by_sector: dict[str, int] = {}
    by_province: dict[str, int] = {}
    women = 0
    for a in accepted:
        by_sector[sector(a)] = by_sector.get(sector(a), 0) + 1
        by_province[province(a)] = by_province.get(province(a), 0) + 1
        women += is_woman(a)
    women_target = math.ceil(Decimal(women_share) * (len(accepted) + min(slots, len(candidates))))
    chosen: list[Application] = []
    pool = list(enumerate(candidates))
    while pool and len(chosen) < slots:
        need_women = women < women_target

        def rank(item, need_women=need_women):
            order, a = item
            return (
                0 if (need_women and is_woman(a)) or not need_women else 1,
                1 if a.artisan_id in recent else 0,
                by_sector.get(sector(a), 0),
                by_province.get(province(a), 0),
                order,
            )

        best = min(pool, key=rank)
        pool.remove(best)
        a = best[1]
        chosen.append(a)
        by_sector[sector(a)] = by_sector.get(sector(a), 0) + 1
        by_province[province(a)] = by_province.get(province(a), 0) + 1
        women += is_woman(a)
    return SelectionSuggestion(
        applications=chosen,
        slots=slots,
        women=women,
        women_target=women_target,
        recently_selected={a.pk for a in candidates if a.artisan_id in recent},
        by_sector=by_sector,
        by_province=by_province,
    )


def exhibitions_funded_by(*, agreement: Agreement, **_signal) -> list[dict]:
    """agreements' `funded_activities`: the exhibitions this agreement funds, with their accepted participants."""
    exhibitions = Exhibition.objects.filter(funding_agreement=agreement).annotate(
        beneficiary_count=Count("applications", filter=Q(applications__status=A.ACCEPTED), distinct=True)
    )
    return [
        {
            "label": Exhibition._meta.verbose_name_plural,
            "rows": [(exhibition, exhibition.beneficiary_count) for exhibition in exhibitions[:100]],
        }
    ]


def portal_home_items() -> dict:
    year = timezone.localdate().year
    this_year = Exhibition.objects.filter(start_date__year=year).count()
    upcoming = list(upcoming_exhibitions()[:5])
    return {
        "key_figures": [{"label": _("exhibitions this year"), "value": this_year}],
        "section": "exhibitions/portal/_home_section.html",
        "context": {"exhibitions_upcoming": upcoming},
    }


# --- the Exhibitions office's cards and key figures on the staff home (chamber.staff_home) ------------------------

CALL_CLOSING_DAYS = 14


def calls_closing(*, today: dt.date, within_days: int = CALL_CLOSING_DAYS) -> QuerySet[Exhibition]:
    """Exhibitions whose call for participation is open and closes between today and `within_days` days on."""
    until = today + dt.timedelta(days=within_days)
    return Exhibition.objects.filter(
        status=S.CALL_OPEN, call_closes_on__gte=today, call_closes_on__lte=until
    ).order_by("call_closes_on", "pk")


def card_calls_closing(*, today: dt.date):
    from chamber.staff_home import Card

    until = today + dt.timedelta(days=CALL_CLOSING_DAYS)
    return Card(
        title=_("Calls for participation closing within %(days)s days") % {"days": CALL_CLOSING_DAYS},
        count=calls_closing(today=today).count(),
        url_name="admin:exhibitions_exhibition_changelist",
        query={
            "status__exact": S.CALL_OPEN,
            "call_closes_on__gte": today.isoformat(),
            "call_closes_on__lte": until.isoformat(),
        },
    )


def card_applications_to_review(*, today: dt.date):
    from chamber.staff_home import Card

    return Card(
        title=_("Applications to review"),
        count=Application.objects.filter(status=Application.Status.SUBMITTED).count(),
        url_name="admin:exhibitions_application_changelist",
        query={"status__exact": Application.Status.SUBMITTED},
    )


def card_held_not_evaluated(*, today: dt.date):
    from chamber.staff_home import Card

    return Card(
        title=_("Exhibitions held but not evaluated"),
        count=Exhibition.objects.filter(status=S.HELD).count(),
        url_name="admin:exhibitions_exhibition_changelist",
        query={"status__exact": S.HELD},
    )


def home_figures(*, today: dt.date):
    from chamber.formatting import format_amount, format_number
    from chamber.staff_home import Figure

    report = period_report(start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31), top_n=0)
    return [
        Figure(label=_("Exhibitions held this year"), value=format_number(report.count)),
        Figure(label=_("Visitors this year"), value=format_number(report.visitors)),
        Figure(label=_("Exhibition sales this year"), value=format_amount(report.sales)),
    ]


# --- Open data (portal/api) ----------------------------------------------------------------------------------


def open_data_exhibitions(
    *,
    year: int | None = None,
    status: str | None = None,
    scope: str | None = None,
    upcoming: bool = False,
    province: str | None = None,
    updated_since=None,
) -> QuerySet[Exhibition]:
    """Exhibitions with their results computed (the API shows them only when published); `upcoming` is the
    same list as the home page's and the exhibitions page's (upcoming_exhibitions)."""
    qs = with_results(upcoming_exhibitions() if upcoming else Exhibition.objects.all()).select_related(
        "province"
    )
    if year:
        qs = qs.filter(start_date__year=year)
    if status:
        qs = qs.filter(status=status)
    if scope:
        qs = qs.filter(scope=scope)
    if province:
        qs = qs.filter(province__code=province)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs
