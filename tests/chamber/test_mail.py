"""chamber.mail: each e-mail rendered in its recipient's language, recorded in the outbox, sent by the real job
worker after commit, marked sent only when the mail backend accepted it, and retried when it did not."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from chamber.mail import mail_resend, mail_send
from chamber.models import OutboxMail
from tests.jobtools import job_queue, job_statuses, make_retries_due, run_jobs  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]

TEMPLATE = "exhibitions/email/decision.txt"


def _send(to="artisan@example.invalid", language="ar", **kwargs) -> OutboxMail:
    from tests.exhibitions.factories import ApplicationFactory

    application = ApplicationFactory(status="rejected", reason="خارج الموضوع")
    with transaction.atomic():
        return mail_send(
            to=to,
            template=TEMPLATE,
            context={"application": application, "exhibition": application.exhibition},
            language=language,
            **kwargs,
        )


def test_a_mail_marked_sent_was_accepted_by_the_backend():
    outgoing = _send()
    assert outgoing.state == OutboxMail.State.QUEUED and mail.outbox == []
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.SENT and outgoing.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["artisan@example.invalid"]
    assert mail.outbox[0].extra_headers["Message-ID"] == outgoing.message_id


def test_it_is_written_in_the_recipients_language():
    _send(language="fr")
    _send(to="other@example.invalid", language="ar")
    run_jobs()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Votre candidature" in by_address["artisan@example.invalid"].subject
    assert "طلب" in by_address["other@example.invalid"].subject


def test_a_refused_mail_is_not_marked_sent_and_is_retried_until_it_goes(refusing):
    refusing.add("artisan@example.invalid")
    outgoing = _send()
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.RETRYING
    assert outgoing.sent_at is None and mail.outbox == []
    assert "SMTPRecipientsRefused" in outgoing.error and "550" in outgoing.error

    refusing.clear()  # the server works again
    assert make_retries_due() == 1
    run_jobs()
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts, outgoing.error) == (OutboxMail.State.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_a_backend_that_accepts_nothing_does_not_make_a_mail_sent(settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.SilentBackend"
    outgoing = _send()
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.RETRYING
    assert outgoing.error == "MailNotSent: the mail backend accepted no message"


def test_after_the_last_try_it_is_failed_and_a_resend_delivers_it_once(refusing):
    refusing.add("artisan@example.invalid")
    outgoing = _send()
    for _ in range(10):
        run_jobs()
        if not make_retries_due():
            break
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (OutboxMail.State.FAILED, 6)

    refusing.clear()
    assert mail_resend(mails=[outgoing]) == 1
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.SENT
    assert len(mail.outbox) == 1
    # A sent mail is not sent again by a second resend.
    assert mail_resend(mails=[outgoing]) == 0


def test_a_rolled_back_transaction_sends_nothing():
    from tests.exhibitions.factories import ApplicationFactory

    application = ApplicationFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(
            to="artisan@example.invalid",
            template=TEMPLATE,
            context={"application": application, "exhibition": application.exhibition},
            language="ar",
        )
        raise RuntimeError("the decision failed")
    run_jobs()
    assert mail.outbox == [] and job_statuses() == [] and not OutboxMail.objects.exists()


def test_a_confidential_body_is_erased_once_sent():
    outgoing = _send(confidential=True)
    assert outgoing.body
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.SENT and outgoing.body == ""
    assert mail.outbox[0].body  # the recipient got it all the same


def test_no_address_means_no_mail():
    assert _send(to="  ") is None
    assert not OutboxMail.objects.exists() and job_statuses() == []


def test_staff_see_the_outbox_in_arabic_and_can_resend_the_failed(client, superuser, refusing):
    refusing.add("artisan@example.invalid")
    outgoing = _send()
    run_jobs()
    client.force_login(superuser)
    changelist = reverse("admin:chamber_outboxmail_changelist")
    page = client.get(changelist).content.decode()
    assert "لم تُرسَل، ستُعاد المحاولة" in page

    refusing.clear()
    response = client.post(changelist, {"action": "resend", "_selected_action": [outgoing.pk]}, follow=True)
    assert response.status_code == 200
    run_jobs()
    outgoing.refresh_from_db()
    assert outgoing.state == OutboxMail.State.SENT
