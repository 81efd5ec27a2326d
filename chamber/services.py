"""Writes shared by every app: the chamber's registers (the outgoing-mail register) and their locked counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from sequences import get_next_value

from chamber.mail import mail_send
from chamber.models import OutgoingMail, ReminderSent
from chamber.selectors import role_recipients

OUTGOING_MAIL_REGISTER = "chamber.outgoing_mail"

M = TypeVar("M", bound=models.Model)


def register_next_number(*, register: str, year: int) -> int:
    """The next number of a register that restarts each year: gapless and race-free.

    django-sequences keeps one counter row per (register, year) and increments it with an upsert that locks the
    row until the caller's transaction ends: two clerks at once wait for each other instead of both reading the
    same MAX(), and a rolled-back transaction gives its number back. Outside a transaction the number would be
    spent at once, whatever became of the record, so that is refused.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "register_next_number must run inside the transaction that writes the numbered record"
        )
    return get_next_value(f"{register}.{year}")


@transaction.atomic
def outgoing_reference_next(
    *,
    year: int | None = None,
    sent_on: dt.date | None = None,
    addressee: str = "",
    subject: str = "",
    by=None,
) -> OutgoingMail:
    """Register one outgoing letter and return its entry; `entry.reference` ("12/2026") goes on the letter.

    Call it in the transaction that produces the letter (a batch of convocations: once per letter, in member
    order), so that the register and the letters agree and a failed batch leaves no hole.
    """
    sent_on = sent_on or timezone.localdate()
    year = year or sent_on.year
    number = register_next_number(register=OUTGOING_MAIL_REGISTER, year=year)
    return OutgoingMail.objects.create(
        year=year,
        number=number,
        sent_on=sent_on,
        addressee=addressee[:255],
        subject=subject[:300],
        created_by=by if by is not None and by.pk else None,
    )


def office_remind(
    *,
    topic: str,
    due: Iterable[tuple[Any, int, str]],
    role: str,
    template: str,
    subject: Any,
    context_name: str,
    today: dt.date,
) -> tuple[list, list[str]]:
    """Send an office its reminder about the records that are newly due: one e-mail per person of `role`, listing
    them; a record already reminded in the same state is left out, and a run with nothing new sends nothing.

    `due` gives (record, record id, state) for every record due today; the state is what makes a reminder new
    (a decision that was «soon» and is now «late», a call whose closing day moved). Returns the records reminded
    and the addresses written to. The claims and the e-mails commit together: a failed run claims nothing.
    """
    with transaction.atomic():
        fresh = [
            record for record, pk, state in due if reminder_claim(topic=topic, object_id=pk, state=state)
        ]
        recipients = role_recipients(role=role) if fresh else []
        for address in recipients:
            mail_send(
                to=address,
                template=template,
                subject=subject,
                context={context_name: fresh, "today": today},
                language=settings.LANGUAGE_CODE,
            )
    return fresh, recipients


def reminder_claim(*, topic: str, object_id: int, state: str) -> bool:
    """Record that the reminder `topic` about record `object_id` in `state` is being sent; False when it already
    was, so that a periodic job run again (the next morning, or twice) never sends the same reminder twice.

    Call it in the transaction that queues the e-mail: a rolled-back run gives its claim back.
    """
    _sent, created = ReminderSent.objects.get_or_create(topic=topic, object_id=object_id, state=state[:40])
    return created


# --- The building block of the apps' <entity>_create and <entity>_update services ----------------------------------


def record_write(*, instance: M, fields: Mapping[str, Any]) -> M:
    """Set `fields` on `instance`, validate them as a model form would (the model's `clean()` included), save, and
    set the many-to-many ones after the save. The apps' create and update services are built on it, so that
    an admin form, an import and a demo loader write a record the same way."""
    opts = instance._meta
    many = {f.name for f in opts.many_to_many}
    for name, value in fields.items():
        if name not in many:
            setattr(instance, name, value)
    instance.full_clean(exclude=[f.name for f in opts.fields if f.name not in fields])
    instance.save()
    for name in many & set(fields):
        getattr(instance, name).set(fields[name])
    return instance
