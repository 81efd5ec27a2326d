"""Approval is set by the general assembly's decision: recording an adopted vote on an agreement-approval item
moves the agreement to "approved", linked to that decision."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import Agreement

from .factories import AgreementFactory, pdf_file

meetings_models = pytest.importorskip("meetings.models")
meetings_services = pytest.importorskip("meetings.services")

pytestmark = pytest.mark.django_db


def _held_session_item(agreement):
    session = meetings_models.Session.objects.create(
        label="دورة أكتوبر 2024",
        label_ar="دورة أكتوبر 2024",
        starts_at=timezone.make_aware(datetime.datetime(2024, 10, 17, 10, 0)),
        venue="فاس",
        status=meetings_models.Session.Status.HELD,
        present_count=20,
        sitting_count=30,
        quorum_met=True,
    )
    return meetings_models.AgendaItem.objects.create(
        session=session,
        order=1,
        kind=meetings_models.AgendaItem.Kind.AGREEMENT_APPROVAL,
        title=f"مشروع {agreement.title}",
        agreement=agreement,
    )


def test_an_adopted_decision_approves_the_agreement(profile):
    agreement = AgreementFactory(start_date=datetime.date(2024, 11, 1), end_date=datetime.date(2026, 10, 31))
    item = _held_session_item(agreement)
    decision = meetings_services.decision_record(item=item, votes_for=20)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.APPROVED
    assert agreement.approval_decision == decision
    assert agreement.approved_on == datetime.date(2024, 10, 17)
    # Then it can be signed, not before the approval.
    services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2024, 10, 30), signed_scan=pdf_file()
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED


def test_a_rejected_decision_leaves_the_draft(profile):
    agreement = AgreementFactory()
    item = _held_session_item(agreement)
    meetings_services.decision_record(item=item, votes_for=5, votes_against=12)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.approval_decision is None


def test_recording_the_same_decision_twice_changes_nothing(profile):
    agreement = AgreementFactory()
    item = _held_session_item(agreement)
    decision = meetings_services.decision_record(item=item, votes_for=20)
    again = services.agreement_approve(agreement=agreement, decision=decision)
    assert again.status == Agreement.Status.APPROVED


def test_a_decision_about_another_agreement_is_refused(profile):
    from django.core.exceptions import ValidationError

    first, second = AgreementFactory(), AgreementFactory()
    item = _held_session_item(first)
    decision = meetings_services.decision_record(item=item, votes_for=20)
    with pytest.raises(ValidationError):
        services.agreement_approve(agreement=second, decision=decision)


def test_demo_agreements_are_approved_by_the_sessions_decisions_in_either_seed_order(profile):
    """seed_demo runs meetings first; if ours ran first, the meetings seed's decisions approve our drafts, and
    running ours again signs what the demo signs. Reseeding changes nothing."""
    meetings_demo = pytest.importorskip("meetings.demo")
    from agreements import demo as agreements_demo
    from agreements.models import AgreementParty, Project

    agreements_demo.seed()
    assert Agreement.objects.get(reference="FM-2023-BE").status == Agreement.Status.DRAFT
    meetings_demo.seed()
    agreements_demo.seed()

    for reference in ("FM-2023-BE", "FM-2023-TAZA", "FM-2023-SN"):
        agreement = Agreement.objects.select_related("approval_decision__session").get(reference=reference)
        assert agreement.approval_decision is not None, reference
        assert agreement.approval_decision.session.label_ar == "دورة يونيو 2023"
    assert Agreement.objects.get(reference="FM-2023-BE").status == Agreement.Status.SIGNED
    senegal = Agreement.objects.get(reference="FM-2023-SN")
    assert senegal.status == Agreement.Status.APPROVED
    assert senegal.parties.filter(partner__country="SN").exists()
    for reference in ("FM-2025-BANKS", "FM-2025-HERITAGE", "FM-2025-VAEP", "FM-2025-ISFA"):
        agreement = Agreement.objects.select_related("approval_decision__session").get(reference=reference)
        assert agreement.status == Agreement.Status.APPROVED, reference
        assert agreement.approval_decision.session.label_ar == "دورة يونيو 2025"

    counts = (Agreement.objects.count(), AgreementParty.objects.count(), Project.objects.count())
    meetings_demo.seed()
    agreements_demo.seed()
    assert (Agreement.objects.count(), AgreementParty.objects.count(), Project.objects.count()) == counts
