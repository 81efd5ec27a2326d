"""The one way the portal sends e-mail: rendered in the recipient's language, recorded in the outbox, sent by a
background job after the transaction commits, marked sent only when the mail backend accepted it, retried with
backoff, and every failure recorded on the outbox row (never raised into the request, never logged with an address).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from chamber.jobs import BACKOFF, app, job_defer_after_commit, job_is_last_attempt, job_run_again
from chamber.models import OutboxMail

logger = logging.getLogger(__name__)

State = OutboxMail.State
Attachment = tuple[str, bytes, str]  # (filename, content, mimetype), as chamber.pdf's Document gives them


class MailNotSent(Exception):
    """The mail backend did not accept the message; the outbox row says why."""


def mail_language(language: str | None) -> str:
    """A language the portal speaks: the recipient's preference when it is one, Arabic otherwise."""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def mail_compose(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None,
    subject: str | Promise | None = None,
    confidential: bool = False,
    reply_to: Sequence[str] = (),
) -> OutboxMail:
    """Render an e-mail in `language` and record it in the outbox as queued; nothing is sent yet.

    `template` is the body's template ("app/email/name.txt"); the subject is `subject` (a lazy string, translated
    here) or the template "…/name_subject.txt". A confidential e-mail (a sign-in or reset link) is not shown in the
    admin and its body is erased once it is sent.
    """
    language = mail_language(language)
    with translation.override(language):
        body = render_to_string(template, context)
        if subject is None:
            subject = render_to_string(template.removesuffix(".txt") + "_subject.txt", context)
        subject = " ".join(str(subject).split())  # one line: a header cannot hold a newline
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "chamber.invalid"
    return OutboxMail.objects.create(
        to_address=to.strip(),
        language=language,
        template=template[:200],
        subject=subject[:255],
        body=body,
        confidential=confidential,
        reply_to=",".join(reply_to),
        message_id=make_msgid(domain=domain),
    )


def mail_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None,
    subject: str | Promise | None = None,
    confidential: bool = False,
    reply_to: Sequence[str] = (),
) -> OutboxMail | None:
    """Record an e-mail in the outbox and send it by a job once the transaction commits.

    Returns the outbox row, or None when there is no address to write to. Never raises because of the mail
    server: a failure is retried with backoff and shown on the row.
    """
    if not (to or "").strip():
        return None
    mail = mail_compose(
        to=to,
        template=template,
        context=context,
        language=language,
        subject=subject,
        confidential=confidential,
        reply_to=reply_to,
    )
    job_defer_after_commit(mail_deliver_job, lock=f"mail-{mail.pk}", mail_id=mail.pk)
    return mail


def mail_resend(*, mails: Iterable[OutboxMail]) -> int:
    """Queue again the e-mails that failed (for good or for now); returns how many were queued."""
    count = 0
    with transaction.atomic():
        for mail in OutboxMail.objects.select_for_update().filter(
            pk__in=[m.pk for m in mails], state__in=[State.FAILED, State.RETRYING]
        ):
            mail.state = State.QUEUED
            mail.save(update_fields=["state"])
            job_run_again(mail_deliver_job, lock=f"mail-{mail.pk}", mail_id=mail.pk)
            count += 1
    return count


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def mail_deliver(
    *, mail: OutboxMail, attachments: Iterable[Attachment] = (), last_attempt: bool = True
) -> OutboxMail:
    """Hand one outbox e-mail to the mail backend; it is marked sent only when the backend accepted it.

    On a refusal the row records the error and becomes "failed" (or "failed, will retry" when another attempt
    follows), and MailNotSent is raised so that the job is retried.
    """
    if mail.state == State.SENT:
        return mail  # a job run twice (a worker lost after sending) must not send twice
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to_address],
        reply_to=[a for a in mail.reply_to.split(",") if a] or None,
        headers={"Message-ID": mail.message_id, "Content-Language": mail.language},
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    mail.attempts += 1
    mail.last_attempt_at = timezone.now()
    try:
        accepted = message.send(fail_silently=False)
        if accepted != 1:
            raise MailNotSent("the mail backend accepted no message")
    except (
        Exception
    ) as exc:  # SMTP errors, refused recipients, timeouts, a backend of any kind: all are recorded
        mail.state = State.FAILED if last_attempt else State.RETRYING
        mail.error = _error_text(exc)
        mail.save(update_fields=["state", "error", "attempts", "last_attempt_at"])
        # No address in the log (personal data): the row's number is enough to find it.
        logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, type(exc).__name__)
        raise MailNotSent(mail.error) from exc
    mail.state, mail.error, mail.sent_at = State.SENT, "", timezone.now()
    fields = ["state", "error", "sent_at", "attempts", "last_attempt_at"]
    if mail.confidential:
        mail.body = ""
        fields.append("body")
    mail.save(update_fields=fields)
    return mail


@app.task(name="chamber.mail_deliver", pass_context=True, retry=BACKOFF)
def mail_deliver_job(context, *, mail_id: int) -> None:
    """Send one outbox e-mail; a refusal raises, so Procrastinate retries it with backoff."""
    mail = OutboxMail.objects.filter(pk=mail_id).first()
    if mail is None:
        return  # deleted meanwhile: nothing to send
    mail_deliver(mail=mail, last_attempt=job_is_last_attempt(context))
