"""The one way the portal sends a text message (SMS): a small backend interface chosen by the SMS_BACKEND setting.

`console` (development) prints the message with the number masked («******78»), `locmem` (tests) keeps it in
`outbox`; a provider's backend subclasses `SMSBackend`. An empty SMS_BACKEND switches text messages off (the portal
then offers no code by SMS). Messages are sent by jobs after commit (portal.jobs); no number is ever logged.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from chamber.masking import mask_personal


class SMSNotSent(Exception):
    """The backend did not accept the message."""


@dataclass(frozen=True)
class TextMessage:
    to: str  # E.164
    body: str


class SMSBackend:
    """What a backend does: send one message, or raise SMSNotSent."""

    def send(self, message: TextMessage) -> None:  # pragma: no cover - the interface
        raise NotImplementedError


class ConsoleSMSBackend(SMSBackend):
    """Development: the message on the console, the number masked to its last two digits."""

    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"SMS to {mask_personal(message.to)}:\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemSMSBackend(SMSBackend):
    """Tests: the messages are kept in `chamber.sms.outbox`."""

    def send(self, message: TextMessage) -> None:
        outbox.append(message)


_ALIASES = {"console": ConsoleSMSBackend, "locmem": LocmemSMSBackend}


def sms_backend() -> SMSBackend | None:
    """The configured backend, or None when text messages are switched off."""
    name = (getattr(settings, "SMS_BACKEND", "") or "").strip()
    if not name:
        return None
    backend_class = _ALIASES.get(name) or import_string(name)
    return backend_class()


def sms_enabled() -> bool:
    return bool((getattr(settings, "SMS_BACKEND", "") or "").strip())


def sms_send(*, to: str, body: str) -> None:
    """Send one message now (a job calls this); SMSNotSent when switched off or refused."""
    backend = sms_backend()
    if backend is None:
        raise SMSNotSent("SMS_BACKEND is empty: text messages are switched off.")
    backend.send(TextMessage(to=to, body=body))
