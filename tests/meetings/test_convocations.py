"""Convocations: emailed to every sitting member after commit with the letter attached, recorded per member."""

import datetime as dt

import pytest
from django.core import mail

from meetings import services
from meetings.models import Convocation, Member
from tests.meetings.factories import MemberFactory, SessionFactory, assembly


@pytest.mark.django_db
def test_each_sitting_member_gets_the_letter_after_commit(
    profile, secretary, django_capture_on_commit_callbacks
):
    members = assembly(4)
    MemberFactory(status=Member.Status.RESIGNED)
    MemberFactory(email="")
    session = SessionFactory(chair=members[0])
    services.session_convene(session=session, by=secretary, today=dt.date(2024, 6, 1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.convocation_send(session=session, by=secretary)
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert report.sent == 4 and len(report.without_email) == 1
    assert len(mail.outbox) == 4
    _name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert Convocation.objects.filter(session=session, channel=Convocation.Channel.EMAIL).count() == 4
