"""Run the queued jobs for real: Procrastinate's own worker on the test database, until the queue is empty.

Tests that use it need committed data (`django_db(transaction=True, serialized_rollback=True)`): the worker reads
the database through its own connections, as it does in production.
"""

from __future__ import annotations

import pytest
from django.db import connection, connections
from procrastinate.contrib.django import app
from procrastinate.periodic import PeriodicRegistry

QUEUE_TABLES = (
    "procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, procrastinate_workers"
)


def _empty_queue() -> None:
    # Django's flush between transactional tests leaves the queue's tables alone (unmanaged models).
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {QUEUE_TABLES} RESTART IDENTITY CASCADE")


@pytest.fixture
def job_queue(transactional_db):
    """An empty job queue before and after the test."""
    _empty_queue()
    yield
    _empty_queue()


def run_jobs(*, queues: list[str] | None = None) -> None:
    """Run every job that is due now, with the real worker (no in-memory stand-in), and return when none is left."""
    # The worker's threads open Django connections of their own; CONN_MAX_AGE=0 has each closed after its task,
    # so none is left open on the test database when it is dropped.
    db_settings = connections["default"].settings_dict
    kept, db_settings["CONN_MAX_AGE"] = db_settings["CONN_MAX_AGE"], 0
    # A worker also queues the periodic jobs whose time has just come (the hourly purge at :05, the nightly ones):
    # which ones would depend on the clock. Tests queue periodic jobs themselves, so the test worker has none.
    try:
        with app.replace_connector(
            app.connector.get_worker_connector()
        ) as worker_app:  # the real app, not the proxy
            schedule, worker_app.periodic_registry = worker_app.periodic_registry, PeriodicRegistry()
            try:
                app.run_worker(
                    queues=queues,
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                    name="test-worker",
                )
            finally:
                worker_app.periodic_registry = schedule
    finally:
        db_settings["CONN_MAX_AGE"] = kept


def make_retries_due() -> int:
    """Bring the jobs waiting for a retry forward to now (the backoff's waits are minutes); returns how many."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")
        return cursor.rowcount


def job_statuses(*, queue: str | None = None) -> list[str]:
    with connection.cursor() as cursor:
        if queue is None:
            cursor.execute("SELECT status FROM procrastinate_jobs ORDER BY id")
        else:
            cursor.execute("SELECT status FROM procrastinate_jobs WHERE queue_name = %s ORDER BY id", [queue])
        return [row[0] for row in cursor.fetchall()]


def send_queued_mail() -> int:
    """Send the outbox's queued e-mails now, with chamber.mail's own delivery (what the job runs), for tests about
    a message's content in a non-transactional test; the queue itself is tested with run_jobs. Returns how many."""
    from chamber.mail import mail_deliver
    from chamber.models import OutboxMail

    queued = list(OutboxMail.objects.filter(state=OutboxMail.State.QUEUED).order_by("pk"))
    for outgoing in queued:
        mail_deliver(mail=outgoing)
    return len(queued)
