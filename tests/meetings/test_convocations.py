"""Convocations: one job per sitting member renders the member's letter and e-mails it after commit; each member's
delivery is recorded (sent, or failed with the mail server's reason), retried, and can be resent or handed over."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from chamber.models import OutboxMail, OutgoingMail
from meetings import selectors, services
from meetings.models import Convocation, Member
from tests.jobtools import job_queue, make_retries_due, run_jobs  # noqa: F401 (fixture)
from tests.meetings.factories import MemberFactory, SessionFactory, assembly
from tests.pdftools import has_phrase, pdf_text

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


def _convened(members):
    session = SessionFactory(chair=members[0])
    services.session_convene(session=session, by=None, today=dt.date(2024, 6, 1))
    return session


def test_each_sitting_member_gets_the_letter_in_their_language_after_commit(profile, secretary):
    members = assembly(4)
    MemberFactory(status=Member.Status.RESIGNED)
    MemberFactory(email="")
    Member.objects.filter(pk=members[3].pk).update(language="fr")
    session = _convened(members)
    with transaction.atomic():
        report = services.convocation_send(session=session, by=secretary)
        assert mail.outbox == []  # nothing leaves before the commit
    assert report.sent == 4 and len(report.without_email) == 1
    run_jobs()
    assert len(mail.outbox) == 4
    _name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[members[3].email].startswith("Convocation")
    assert subjects[members[0].email].startswith("استدعاء")
    assert Convocation.objects.filter(session=session, channel=Convocation.Channel.EMAIL).count() == 4
    assert len(selectors.convocation_deliveries(session=session).sent) == 4


def test_with_the_server_refusing_two_of_45_the_session_shows_43_sent_and_2_failed_then_a_resend_reaches_them(
    profile, secretary, refusing
):
    members = assembly(45)
    unreachable = {members[7].email, members[30].email}
    refusing.update(unreachable)
    session = _convened(members)
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    run_jobs()
    deliveries = selectors.convocation_deliveries(session=session)
    assert (len(deliveries.sent), len(deliveries.failed), len(deliveries.queued)) == (43, 2, 0)
    assert {c.member.email for c in deliveries.failed} == unreachable
    assert all("550" in c.mail.error for c in deliveries.failed)
    assert len(mail.outbox) == 43

    # Still refused on the automatic retry: still failed, nobody else e-mailed twice.
    assert make_retries_due() == 2
    run_jobs()
    deliveries = selectors.convocation_deliveries(session=session)
    assert len(deliveries.failed) == 2 and all(c.mail.attempts >= 2 for c in deliveries.failed)
    assert len(mail.outbox) == 43

    # The server works again; the secretary resends to those not reached, and each gets exactly one letter.
    refusing.clear()
    with transaction.atomic():
        assert services.convocation_resend(session=session, by=secretary) == 2
    run_jobs()
    deliveries = selectors.convocation_deliveries(session=session)
    assert (len(deliveries.sent), len(deliveries.failed)) == (45, 0)
    assert len(mail.outbox) == 45
    assert sorted(m.to[0] for m in mail.outbox[43:]) == sorted(unreachable)


def test_a_hand_delivery_counts_as_reached(profile, secretary, refusing):
    members = assembly(4)
    refusing.add(members[2].email)
    session = _convened(members)
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    run_jobs()
    services.convocation_hand_delivery_record(session=session, member=members[2], by=secretary)
    deliveries = selectors.convocation_deliveries(session=session)
    assert len(deliveries.reached) == 4 and deliveries.failed == []


def test_the_secretary_sees_who_was_not_reached_and_resends_from_the_admin(
    client, profile, secretary, refusing
):
    members = assembly(4)
    refusing.add(members[1].email)
    session = _convened(members)
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    run_jobs()
    client.force_login(secretary)
    changelist = reverse("admin:meetings_convocation_changelist")
    page = client.get(changelist).content.decode()
    assert page.count('field-delivery">لم تُرسَل، ستُعاد المحاولة') == 1
    assert "SMTPRecipientsRefused" in page

    refusing.clear()
    failed = Convocation.objects.get(member=members[1])
    response = client.post(changelist, {"action": "resend_not_reached", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    run_jobs()
    failed.refresh_from_db()
    assert failed.mail.state == OutboxMail.State.SENT


def test_each_letter_carries_its_own_number_in_the_outgoing_mail_register_and_keeps_it_when_sent_again(
    profile, secretary
):
    members = assembly(3)
    session = _convened(members)
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    run_jobs()
    year = dt.date.today().year
    entries = list(OutgoingMail.objects.order_by("number"))
    assert [(e.year, e.number) for e in entries] == [(year, 1), (year, 2), (year, 3)]
    by_member = {c.member_id: c.reference.reference for c in Convocation.objects.filter(session=session)}
    assert sorted(by_member.values()) == [f"1/{year}", f"2/{year}", f"3/{year}"]
    for message in mail.outbox:
        member = Member.objects.get(email=message.to[0])
        text = pdf_text(message.attachments[0][1])
        assert has_phrase(text, f"المرجع: {by_member[member.pk]}"), text[:600]

    # Convened again (a corrected agenda): the same letters, the same numbers, no new register entry.
    with transaction.atomic():
        services.convocation_send(session=session, by=secretary)
    assert OutgoingMail.objects.count() == 3
    assert {
        c.member_id: c.reference.reference for c in Convocation.objects.filter(session=session)
    } == by_member
