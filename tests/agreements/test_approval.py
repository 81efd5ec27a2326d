"""Approval is set by the general assembly's decision: recording an adopted vote on the agenda item an agreement
is put to moves the agreement to "approved", linked to that decision (meetings announces it, agreements listens)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agreements import demo as agreements_demo
from agreements import services
from agreements.models import Agreement, AgreementParty, Project
from meetings import demo as meetings_demo
from meetings import models as meetings_models
from meetings import services as meetings_services

from .factories import AgreementFactory, pdf_file

pytestmark = pytest.mark.django_db


def _held_session(**fields):
    return meetings_models.Session.objects.create(
        label="دورة أكتوبر 2024",
        label_ar="دورة أكتوبر 2024",
        starts_at=timezone.make_aware(datetime.datetime(2024, 10, 17, 10, 0)),
        venue="فاس",
        status=meetings_models.Session.Status.HELD,
        present_count=20,
        sitting_count=30,
        quorum_met=True,
        **fields,
    )


def _held_session_item(agreement, *, kind=meetings_models.AgendaItem.Kind.AGREEMENT_APPROVAL):
    item = meetings_models.AgendaItem.objects.create(
        session=_held_session(), order=1, kind=kind, title=f"مشروع {agreement.title}"
    )
    services.agreement_set_approval_item(agreement=agreement, item=item)
    return item


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


def test_a_vote_on_an_item_of_another_kind_approves_nothing(profile):
    agreement = AgreementFactory()
    item = _held_session_item(agreement, kind=meetings_models.AgendaItem.Kind.DELIBERATION)
    meetings_services.decision_record(item=item, votes_for=20)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_a_second_convening_carries_the_agreement_to_the_item_that_is_voted(profile):
    agreement = AgreementFactory(start_date=datetime.date(2024, 12, 1), end_date=datetime.date(2026, 11, 30))
    first = _held_session_item(agreement)
    meetings_models.Session.objects.filter(pk=first.session_id).update(
        status=meetings_models.Session.Status.POSTPONED, quorum_met=False
    )
    second = meetings_services.session_second_convening_create(
        session=meetings_models.Session.objects.get(pk=first.session_id),
        starts_at=timezone.make_aware(datetime.datetime(2024, 11, 7, 10, 0)),
    )
    agreement.refresh_from_db()
    carried = second.items.get()
    assert agreement.approval_item == carried
    meetings_models.Session.objects.filter(pk=second.pk).update(
        status=meetings_models.Session.Status.HELD, present_count=12, sitting_count=30
    )
    carried.refresh_from_db()
    decision = meetings_services.decision_record(item=carried, votes_for=12)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.approval_decision) == (Agreement.Status.APPROVED, decision)


def test_the_approval_item_of_an_approved_agreement_does_not_change(profile):
    from django.core.exceptions import ValidationError

    agreement = AgreementFactory()
    item = _held_session_item(agreement)
    meetings_services.decision_record(item=item, votes_for=20)
    agreement.refresh_from_db()
    other = meetings_models.AgendaItem.objects.create(session=item.session, order=2, title="بند آخر")
    with pytest.raises(ValidationError, match="approval_item"):
        services.agreement_set_approval_item(agreement=agreement, item=other)
