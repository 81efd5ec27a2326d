"""Mail backends for tests: a server that refuses some addresses, and one that accepts nothing without an error.

They keep what they did accept in django.core.mail.outbox, like Django's locmem backend.
"""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED: set[str] = set()


class RefusingBackend(LocmemBackend):
    """Accepts every message except those to an address in REFUSED, which the "server" refuses (SMTP 550)."""

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.recipients() if address in REFUSED]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 mailbox unavailable"))
                )
        return super().send_messages(messages)


class SilentBackend(LocmemBackend):
    """Says it sent nothing and raises nothing (what a fail_silently backend does when the server is down)."""

    def send_messages(self, messages):
        return 0
