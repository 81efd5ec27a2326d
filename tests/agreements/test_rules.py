"""Rules on money, dates, clauses and the audit trail."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements import services
from agreements.models import Agreement, Clause, ProjectContribution

from .factories import AgreementFactory, PartyFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_money_cannot_be_negative():
    with pytest.raises(ValidationError):
        services.agreement_party_add(
            agreement=AgreementFactory(), partner=PartyFactory().partner, contribution=Decimal("-1")
        )
    project = ProjectFactory()
    project.budget = Decimal("-5")
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_a_contribution_must_come_from_a_party_of_the_same_agreement():
    project = ProjectFactory()
    stranger = PartyFactory()
    contribution = ProjectContribution(project=project, party=stranger, amount=Decimal("10"))
    with pytest.raises(ValidationError) as exc:
        contribution.full_clean()
    assert "party" in exc.value.message_dict


def test_a_project_shows_its_contribution_gap():
    from agreements import selectors

    project = ProjectFactory(budget=Decimal("1000000.00"))
    party = PartyFactory(agreement=project.agreement)
    services.project_contribution_set(project=project, party=party, amount=Decimal("750000.00"))
    annotated = selectors.projects_with_gaps().get(pk=project.pk)
    assert selectors.project_gap(annotated) == Decimal("250000.00")


def test_the_declared_budget_is_compared_never_overwritten():
    from agreements import selectors

    agreement = AgreementFactory(declared_budget=Decimal("900.00"))
    ProjectFactory(agreement=agreement, budget=Decimal("1000.00"))
    totals = selectors.totals_of(agreement)
    assert totals.projects_total == Decimal("1000.00")
    assert totals.discrepancy == Decimal("-100.00")
    agreement.refresh_from_db()
    assert agreement.declared_budget == Decimal("900.00")


def test_an_open_agreement_past_its_end_is_flagged():
    agreement = AgreementFactory(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1))
    assert agreement.is_past_end
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.COMPLETED)
    agreement.refresh_from_db()
    assert not agreement.is_past_end


def test_clause_follow_up_needs_a_party_of_the_agreement():
    agreement = AgreementFactory()
    clause = Clause.objects.create(agreement=agreement, number=5, summary="تتبع")
    with pytest.raises(ValidationError):
        services.clause_follow_up_record(
            clause=clause, status=Clause.FollowUpStatus.PENDING, responsible_party=PartyFactory()
        )
    party = PartyFactory(agreement=agreement)
    clause = services.clause_follow_up_record(
        clause=clause,
        status=Clause.FollowUpStatus.IN_PROGRESS,
        responsible_party=party,
        indicator="عدد المتكونين",
        due_date=datetime.date(2026, 6, 30),
        evaluation_notes="جار",
    )
    assert clause.needs_follow_up and clause.responsible_party == party


def test_status_moves_are_audited():
    agreement = AgreementFactory()
    services.agreement_approve_historical(
        agreement=agreement, approved_on=datetime.date(2024, 2, 1), register_reference="2024/9"
    )
    entries = LogEntry.objects.get_for_object(agreement)
    assert any("status" in (entry.changes_dict or {}) for entry in entries)


def test_approval_without_a_decision_is_refused_by_the_database():
    agreement = AgreementFactory()
    agreement.approved_on = datetime.date(2024, 1, 1)
    agreement.status = Agreement.Status.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()
