"""Votes and decisions: absolute majority of votes cast, the president's side on a tie, counts within those present,
numbering per year, minutes approval, and the signal that tells other apps of each decision."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings import services
from meetings.models import AgendaItem, Decision, Session
from meetings.signals import decision_recorded
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


@pytest.fixture
def session(profile):
    return held_session(assembly(9))


@pytest.mark.django_db
def test_a_majority_adopts_with_the_standard_wording(session):
    item = AgendaItemFactory(session=session, title_ar="برنامج العمل")
    decision = services.decision_record(item=item, votes_for=5, votes_against=3, abstentions=1)
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert (
        decision.wording
        == "صادقت الجمعية العامة على برنامج العمل بأغلبية 5 أصوات مقابل 3 أصوات وامتناع عضو واحد."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("president", "outcome"), [("for", "adopted"), ("against", "rejected")])
def test_a_tie_is_decided_by_the_presidents_side(session, president, outcome):
    item = AgendaItemFactory(session=session)
    decision = services.decision_record(
        item=item, votes_for=4, votes_against=4, abstentions=1, president_vote=president
    )
    assert decision.outcome == outcome
    assert "تعادل الأصوات" in decision.wording


@pytest.mark.django_db
def test_a_tie_without_the_presidents_vote_is_refused(session):
    with pytest.raises(ValidationError, match="president"):
        services.decision_record(item=AgendaItemFactory(session=session), votes_for=4, votes_against=4)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_counts_above_the_members_present_are_refused(profile):
    session = held_session(assembly(9), present=7)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            item=AgendaItemFactory(session=session), votes_for=6, votes_against=1, abstentions=1
        )
    assert "8 votes" in str(exc.value) and "7 members present" in str(exc.value)


@pytest.mark.django_db
def test_decisions_are_numbered_per_year(session):
    numbers = [
        services.decision_record(item=AgendaItemFactory(session=session), votes_for=9).reference
        for _ in range(3)
    ]
    assert numbers == ["1/2024", "2/2024", "3/2024"]


@pytest.mark.django_db
def test_recording_again_corrects_the_counts_and_keeps_the_number(session):
    item = AgendaItemFactory(session=session)
    first = services.decision_record(item=item, votes_for=9)
    again = services.decision_record(item=item, votes_for=8, abstentions=1)
    assert (again.pk, again.number, Decision.objects.count()) == (first.pk, 1, 1)
    assert "وامتناع عضو واحد" in again.wording


@pytest.mark.django_db
def test_adopting_the_minutes_approval_item_approves_and_freezes_the_previous_minutes(
    profile, django_capture_on_commit_callbacks, fast_pdf
):
    members = assembly(9)
    previous = held_session(members)
    services.minutes_draft(session=previous)
    current = held_session(
        members, label_ar="دورة أكتوبر 2024", starts_at=previous.starts_at + dt.timedelta(days=120)
    )
    item = AgendaItemFactory(
        session=current,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title_ar="عرض المحضر",
        approves_session=previous,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(item=item, votes_for=9)
    previous.refresh_from_db()
    assert previous.status == Session.Status.MINUTES_APPROVED
    assert previous.minutes_pdf.storage.exists(previous.minutes_pdf.name)
    # Approved on the day of the session that voted, whenever the vote is entered (not the day it was typed in).
    assert previous.minutes_approved_at == current.starts_at


@pytest.mark.django_db
def test_minutes_cannot_be_approved_before_their_own_session(profile, fast_pdf):
    session = held_session(assembly(9))
    services.minutes_draft(session=session)
    with translation.override("en"), pytest.raises(ValidationError, match="before their own session"):
        services.minutes_freeze(session=session, approved_at=session.starts_at - dt.timedelta(days=1))
    session.refresh_from_db()
    assert session.status == Session.Status.MINUTES_DRAFTED and not session.minutes_pdf


@pytest.fixture
def recorded():
    """What meetings tells other apps (signals.decision_recorded), as a receiver sees it."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append({"sender": sender, **{k: v for k, v in kwargs.items() if k != "signal"}})

    decision_recorded.connect(receiver, dispatch_uid="test.recorded")
    yield calls
    decision_recorded.disconnect(dispatch_uid="test.recorded")


@pytest.mark.django_db
@pytest.mark.parametrize(("against", "outcome"), [(0, "adopted"), (6, "rejected")])
def test_every_recorded_decision_is_announced_to_other_apps(session, recorded, against, outcome):
    item = AgendaItemFactory(session=session, kind=AgendaItem.Kind.AGREEMENT_APPROVAL)
    decision = services.decision_record(item=item, votes_for=3, votes_against=against)
    assert recorded == [{"sender": Decision, "item": item, "decision": decision, "by": None}]
    assert decision.outcome == outcome


@pytest.mark.django_db
def test_a_receiver_that_refuses_undoes_the_decision(session):
    def refuse(sender, **kwargs):
        raise ValidationError("refused by a listening app")

    item = AgendaItemFactory(session=session)
    decision_recorded.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(ValidationError):
            services.decision_record(item=item, votes_for=9)
    finally:
        decision_recorded.disconnect(dispatch_uid="test.refuse")
    assert not Decision.objects.filter(item=item).exists()
