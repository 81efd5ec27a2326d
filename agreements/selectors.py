"""Reads for agreements: totals from projects, discrepancies, per-project contribution gaps, the dashboard,
the fact sheet's data and the public lists. Every function runs a fixed number of queries, whatever the rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import signals
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    Partner,
    Project,
    ProjectContribution,
)
from chamber.models import Commune
from meetings.models import AgendaItem

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)
ENDING_SOON_DAYS = 90
OPEN_STATUSES = (
    Agreement.Status.DRAFT,
    Agreement.Status.APPROVED,
    Agreement.Status.SIGNED,
    Agreement.Status.IN_EXECUTION,
)
RUNNING_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.IN_EXECUTION)
# What the portal shows: agreements that have been signed, whatever came after.
PUBLIC_STATUSES = (
    Agreement.Status.SIGNED,
    Agreement.Status.IN_EXECUTION,
    Agreement.Status.COMPLETED,
    Agreement.Status.EXPIRED,
)


def _sum_subquery(model, field: str, **filters) -> Coalesce:
    rows = (
        model.objects.filter(agreement=OuterRef("pk"), **filters)
        .order_by()
        .values("agreement")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_totals(queryset: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """Annotate projects_total, disbursed_total, committed_total and beneficiaries_total (subqueries: no row
    multiplication, one query)."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    beneficiaries = (
        Project.objects.filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(total=Sum("beneficiaries_total"))
        .values("total")
    )
    return queryset.annotate(
        projects_total=_sum_subquery(Project, "budget"),
        disbursed_total=_sum_subquery(Project, "disbursed"),
        committed_total=_sum_subquery(AgreementParty, "contribution"),
        beneficiaries_sum=Coalesce(Subquery(beneficiaries), Value(0)),
    )


@dataclass(frozen=True)
class Totals:
    projects_total: Decimal
    declared_budget: Decimal | None
    disbursed_total: Decimal
    committed_total: Decimal
    beneficiaries: int

    @property
    def discrepancy(self) -> Decimal | None:
        """Declared minus the sum of projects, when a declared budget exists and differs."""
        if self.declared_budget is None or self.declared_budget == self.projects_total:
            return None
        return self.declared_budget - self.projects_total

    @property
    def execution_rate(self) -> Decimal | None:
        """Amount disbursed as a percentage of the projects' total budget."""
        if not self.projects_total:
            return None
        return (self.disbursed_total * 100 / self.projects_total).quantize(Decimal("0.1"))


def totals_of(agreement: Agreement) -> Totals:
    """The totals of an agreement annotated by with_totals (or computed, one query, when it was not)."""
    if not hasattr(agreement, "projects_total"):
        agreement = with_totals(Agreement.objects.filter(pk=agreement.pk)).get()
    return Totals(
        projects_total=agreement.projects_total,  # type: ignore[attr-defined]
        declared_budget=agreement.declared_budget,
        disbursed_total=agreement.disbursed_total,  # type: ignore[attr-defined]
        committed_total=agreement.committed_total,  # type: ignore[attr-defined]
        beneficiaries=agreement.beneficiaries_sum,  # type: ignore[attr-defined]
    )


def projects_with_gaps() -> QuerySet[Project]:
    """Projects with `contributed` (sum of the parties' contributions) and `gap` (budget − contributed)."""
    contributed = Coalesce(Sum("contributions__amount"), Value(ZERO), output_field=MONEY)
    return Project.objects.annotate(contributed=contributed).prefetch_related("communes")


def agreement_by_reference(*, reference: str) -> Agreement | None:
    return Agreement.objects.filter(reference=reference).first()


def agreement_for_sheet(*, agreement_id: int) -> Agreement:
    """Everything the fact sheet and the detail pages show, in a fixed number of queries."""
    projects = (
        projects_with_gaps().order_by("position", "id").prefetch_related("contributions__party__partner")
    )
    return (
        with_totals(Agreement.objects.filter(pk=agreement_id))
        .select_related("parent", "approval_decision")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("partner").order_by("position", "id"),
            ),
            Prefetch("projects", queryset=projects),
            Prefetch("clauses", queryset=Clause.objects.select_related("responsible_party__partner")),
            Prefetch("documents", queryset=AgreementDocument.objects.order_by("kind", "title")),
            "amendments",
        )
        .get()
    )


def project_gap(project: Project) -> Decimal:
    """Budget minus what the parties contribute; positive means unfunded, negative means over-committed."""
    contributed = getattr(project, "contributed", None)
    if contributed is None:
        contributed = sum((c.amount for c in project.contributions.all()), ZERO)
    return project.budget - contributed


# --- links from other apps --------------------------------------------------------------------------------


def funded_activities(agreement: Agreement) -> list[dict]:
    """Trainings, distributions and exhibitions that name this agreement as their funder, from the apps that hold
    them (see signals.funded_activities). Each entry: verbose name and a list of (object, beneficiaries or None)."""
    groups: list[dict] = []
    for _receiver, answer in signals.funded_activities.send(sender=Agreement, agreement=agreement):
        groups.extend(answer or [])  # type: ignore[arg-type]
    return groups


def agreements_put_to_vote(*, items, **_signal) -> dict[int, list[Agreement]]:
    """meetings' `agenda_vote_records`: the agreements each agreement-approval item of an agenda puts to the vote
    (those whose approval item it is), by reference, so that the agenda and the minutes name them. One query, none
    for an agenda without such an item."""
    item_ids = [item.pk for item in items if item.kind == AgendaItem.Kind.AGREEMENT_APPROVAL]
    if not item_ids:
        return {}
    found: dict[int, list[Agreement]] = {}
    for agreement in Agreement.objects.filter(approval_item_id__in=item_ids).order_by("reference"):
        found.setdefault(agreement.approval_item_id, []).append(agreement)  # type: ignore[arg-type]
    return found


# --- dashboard --------------------------------------------------------------------------------------------


def dashboard_data(*, today: datetime.date | None = None, top: int = 15) -> dict:
    """The Partnerships/Management dashboard: 5 queries whatever the number of agreements."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    status_counts = Agreement.objects.aggregate(
        total=Count("id"),
        past_end=Count("id", filter=Q(status__in=OPEN_STATUSES, end_date__lt=today)),
        **{f"status_{value}": Count("id", filter=Q(status=value)) for value in Agreement.Status.values},
    )
    by_status = [
        {"key": value, "label": str(label), "count": status_counts[f"status_{value}"]}
        for value, label in Agreement.Status.choices
    ]
    committed_rows = (
        AgreementParty.objects.exclude(
            agreement__status__in=(Agreement.Status.DRAFT, Agreement.Status.TERMINATED)
        )
        .order_by()
        .values("partner__kind")
        .annotate(total=Sum("contribution"))
    )
    committed = {row["partner__kind"]: row["total"] or ZERO for row in committed_rows}
    by_partner_kind = [
        {"key": value, "label": str(label), "amount": committed.get(value, ZERO)}
        for value, label in Partner.Kind.choices
        if committed.get(value)
    ]
    running = list(
        with_totals(Agreement.objects.filter(status__in=RUNNING_STATUSES)).order_by(  # type: ignore[misc]
            "-projects_total", "reference"
        )[:top]
    )
    execution: list[dict[str, Any]] = [
        {
            "agreement": a,
            "reference": a.reference,
            "rate": totals_of(a).execution_rate,
            "totals": totals_of(a),
        }
        for a in running
    ]
    ending_soon = list(
        Agreement.objects.filter(status__in=OPEN_STATUSES, end_date__gte=today, end_date__lte=soon).order_by(
            "end_date", "reference"
        )[:50]
    )
    past_end = list(
        Agreement.objects.filter(status__in=OPEN_STATUSES, end_date__lt=today).order_by("end_date")[:50]
    )
    return {
        "today": today,
        "total": status_counts["total"],
        "past_end_count": status_counts["past_end"],
        "by_status": by_status,
        "by_partner_kind": by_partner_kind,
        "execution": execution,
        "ending_soon": ending_soon,
        "past_end": past_end,
        "chart_data": {
            "status": {"labels": [r["label"] for r in by_status], "values": [r["count"] for r in by_status]},
            "partner_kind": {
                "labels": [r["label"] for r in by_partner_kind],
                "values": [float(r["amount"]) for r in by_partner_kind],
            },
            "execution": {
                "labels": [r["reference"] for r in execution],
                "values": [float(r["rate"] or 0) for r in execution],
            },
            "labels": {
                "status": str(_("Agreements by status")),
                "partner_kind": str(_("Committed money by partner type (MAD)")),
                "execution": str(_("Execution rate (%)")),
            },
        },
    }


# --- public side ------------------------------------------------------------------------------------------


def public_agreements() -> QuerySet[Agreement]:
    """Signed agreements flagged public, with their parties, for the portal list."""
    return (
        Agreement.objects.filter(status__in=PUBLIC_STATUSES, is_public=True)
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("partner").order_by("position", "id"),
            )
        )
        .order_by("-signature_date", "reference")
    )


def public_agreement(*, pk: int) -> Agreement:
    """One public agreement with parties, projects and public documents; Agreement.DoesNotExist otherwise."""
    if not Agreement.objects.filter(pk=pk, status__in=PUBLIC_STATUSES, is_public=True).exists():
        raise Agreement.DoesNotExist
    return agreement_for_sheet(agreement_id=pk)


def public_document(*, agreement_pk: int, document_pk: int) -> AgreementDocument:
    return AgreementDocument.objects.select_related("agreement").get(
        pk=document_pk,
        agreement_id=agreement_pk,
        is_public=True,
        agreement__is_public=True,
        agreement__status__in=PUBLIC_STATUSES,
    )


def portal_home_items() -> dict:
    """Key figures for the portal's home page."""
    figures = Agreement.objects.filter(status__in=PUBLIC_STATUSES, is_public=True).aggregate(
        count=Count("id"),
        running=Count("id", filter=Q(status=Agreement.Status.IN_EXECUTION)),
    )
    return {
        "key_figures": [
            {"label": _("Signed partnership agreements"), "value": figures["count"]},
            {"label": _("Agreements in execution"), "value": figures["running"]},
        ],
        "section": "agreements/portal/_home_section.html",
        "context": {"latest_agreements": list(public_agreements()[:3])},
    }


def partner_named(*, name_contains: str) -> Partner | None:
    """The first partner whose name contains these words (the demo loaders find theirs this way)."""
    return Partner.objects.filter(name__icontains=name_contains).order_by("pk").first()


# --- the Partnerships office's cards and key figures on the staff home (chamber.staff_home) -----------------------

CLAUSE_OPEN_STATUSES = (
    Clause.FollowUpStatus.PENDING,
    Clause.FollowUpStatus.IN_PROGRESS,
    Clause.FollowUpStatus.LATE,
)


def card_agreements_ending(*, today: datetime.date):
    from chamber.staff_home import Card

    until = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    return Card(
        title=_("Agreements ending within %(days)s days") % {"days": ENDING_SOON_DAYS},
        count=Agreement.objects.filter(
            status__in=OPEN_STATUSES, end_date__gte=today, end_date__lte=until
        ).count(),
        url_name="admin:agreements_agreement_changelist",
        query={
            "status__in": ",".join(OPEN_STATUSES),
            "end_date__gte": today.isoformat(),
            "end_date__lte": until.isoformat(),
        },
    )


def agreements_with_overdue_clauses(*, today: datetime.date) -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        clauses__due_date__lt=today, clauses__follow_up_status__in=CLAUSE_OPEN_STATUSES
    ).distinct()


def card_clauses_overdue(*, today: datetime.date):
    from chamber.staff_home import Card

    count = Clause.objects.filter(due_date__lt=today, follow_up_status__in=CLAUSE_OPEN_STATUSES).count()
    return Card(
        title=_("Clauses past their due date"),
        count=count,
        url_name="admin:agreements_agreement_changelist",
        query={"clauses": "overdue"},
        late=count,
    )


def projects_short_of_contributions() -> QuerySet[Project]:
    """Projects not completed whose parties' contributions do not cover the budget."""
    return projects_with_gaps().exclude(status=Project.Status.COMPLETED).filter(budget__gt=F("contributed"))


def card_projects_with_gaps(*, today: datetime.date):
    from chamber.staff_home import Card

    return Card(
        title=_("Projects whose contributions do not cover the budget"),
        count=projects_short_of_contributions().order_by().count(),
        url_name="admin:agreements_project_changelist",
        query={"gap": "yes"},
    )


def home_figures(*, today: datetime.date):
    from chamber.formatting import format_number
    from chamber.staff_home import Figure

    row = Agreement.objects.aggregate(
        signed=Count("id", filter=Q(signature_date__year=today.year)),
        running=Count("id", filter=Q(status__in=RUNNING_STATUSES)),
    )
    return [
        Figure(label=_("Agreements signed this year"), value=format_number(row["signed"])),
        Figure(label=_("Agreements running"), value=format_number(row["running"])),
    ]


# --- Open data (portal/api) ----------------------------------------------------------------------------------


def open_data_agreements(
    *, year: int | None = None, status: str | None = None, province: str | None = None, updated_since=None
) -> QuerySet[Agreement]:
    """The agreements the portal shows (signed and flagged public), with parties, projects, their communes and
    each party's contribution per project; a fixed number of queries, whatever the rows.

    `year` is the year of signature; `province` keeps the agreements with a project in one of its communes."""
    qs = Agreement.objects.filter(status__in=PUBLIC_STATUSES, is_public=True).prefetch_related(
        Prefetch(
            "parties", queryset=AgreementParty.objects.select_related("partner").order_by("position", "id")
        ),
        Prefetch(
            "projects",
            queryset=Project.objects.order_by("position", "id").prefetch_related(
                Prefetch("communes", queryset=Commune.objects.select_related("province").order_by("code")),
                Prefetch(
                    "contributions",
                    queryset=ProjectContribution.objects.select_related("party__partner").order_by(
                        "party__position", "id"
                    ),
                ),
            ),
        ),
    )
    if year:
        qs = qs.filter(signature_date__year=year)
    if status:
        qs = qs.filter(status=status)
    if province:
        qs = qs.filter(
            pk__in=Project.objects.filter(communes__province__code=province).values("agreement_id")
        )
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs
