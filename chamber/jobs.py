"""Background jobs on the portal's PostgreSQL (Procrastinate): how a service queues work after its transaction
commits, and the JobRecord that lets staff follow each job's state, progress, result and error in the admin.

A task is thin and calls a service. Tasks live in each app's `jobs.py` (autodiscovered); run them with
`manage.py procrastinate worker` (`make run` starts one beside the web server).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from chamber.models import JobRecord

logger = logging.getLogger(__name__)

__all__ = [
    "BACKOFF",
    "JobRefused",
    "app",
    "job_defer_after_commit",
    "job_file_store",
    "job_is_last_attempt",
    "job_progress",
    "job_run_again",
    "job_start",
    "periodic_day",
    "periodic_recorded",
    "recorded_task",
]


# Five more tries, after 35 s, 55 s, 2.6 min, 11 min and 53 min: a mail server restarting or an outage of up to an
# hour passes without anyone resending by hand.
class JobRefused(Exception):
    """The job's work was refused for a reason its message gives staff (rows of an import in error, a changed
    stored document), not a crash: the record shows the message as it is, and the job is not tried again."""


class Backoff(RetryStrategy):
    """Procrastinate's retry strategy, except for a refusal, which the same work would meet again."""

    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, JobRefused):
            return None
        return super().get_retry_decision(exception=exception, job=job)


BACKOFF = Backoff(max_attempts=5, wait=30, exponential_wait=5)

State = JobRecord.State


def job_defer_after_commit(task, /, *, lock: str | None = None, **kwargs: Any) -> None:
    """Queue `task(**kwargs)` once the current transaction commits (at once outside a transaction).

    `task` is a task or its name (a service names its own app's task, so that jobs.py may import the service).
    A rolled-back change queues nothing; a worker never sees a job whose data is not yet visible to it.
    `lock` runs one job per key at a time (Procrastinate's lock).
    """

    def defer() -> None:
        if isinstance(task, str):
            app.configure_task(task, lock=lock).defer(**kwargs)
        else:
            (task.configure(lock=lock) if lock else task).defer(**kwargs)

    transaction.on_commit(defer)


def job_run_again(task, /, *, lock: str, **kwargs: Any) -> None:
    """Run `task(**kwargs)` again: a job of this lock that waits for its retry runs now instead of later; with none
    waiting, a new job is queued after commit. (A second job of the same lock would wait behind the first.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE lock = %s AND status = 'todo'", [lock]
        )
        if cursor.rowcount:
            return
    job_defer_after_commit(task, lock=lock, **kwargs)


def job_start(*, task, label: str, by=None, total: int | None = None, **kwargs: Any) -> JobRecord:
    """Create the record staff will see and queue `task` after commit; the task receives `record_id`.

    `task` is a task or its name (a service names its own app's task, so that jobs.py may import the service)."""
    record = JobRecord.objects.create(
        task_name=task if isinstance(task, str) else task.name,
        label=label[:255],
        progress_total=total,
        created_by=by if getattr(by, "pk", None) else None,
    )
    job_defer_after_commit(task, record_id=record.pk, **kwargs)
    return record


def job_progress(*, record: JobRecord, done: int, total: int | None = None) -> None:
    """Write how far the job has come; the worker runs in autocommit, so staff see it at once."""
    fields = {"progress_done": done}
    if total is not None:
        fields["progress_total"] = total
    JobRecord.objects.filter(pk=record.pk).update(**fields)
    record.progress_done = done
    if total is not None:
        record.progress_total = total


def job_file_store(*, record: JobRecord, folder: str, filename: str, content: bytes) -> str:
    """Store the file a job made through the storage API, in a random folder (its address cannot be guessed from
    another's), and link it to the job's record for download by the person who started it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save(f"{folder}/{secrets.token_hex(16)}/{filename}", ContentFile(content))
    record.result_file = name
    JobRecord.objects.filter(pk=record.pk).update(result_file=name)
    return name


def job_is_last_attempt(context) -> bool:
    """Whether the job running now gets no further try if it fails (from its task's retry strategy)."""
    strategy = context.task.retry_strategy
    max_attempts = getattr(strategy, "max_attempts", None) if strategy else 0
    return max_attempts is not None and context.job.attempts >= max_attempts


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, JobRefused):
        return str(exc)[:50_000]
    # The exception's class and message; never a traceback with local values (they may hold personal data).
    return f"{type(exc).__name__}: {exc}"[:2000]


def recorded_task(
    *, name: str, retry: RetryStrategy | None = BACKOFF, queue: str = "default", **task_options: Any
) -> Callable:
    """Declare a Procrastinate task whose JobRecord follows it: running, done with its result, or failed.

    The wrapped function is called as `func(record=<JobRecord>, **kwargs)` and returns a dict (the result). A
    failure that will be retried leaves the record "failed, will retry" with the error; the last one "failed".
    """

    def decorator(func: Callable[..., dict | None]):
        @app.task(name=name, pass_context=True, retry=retry or False, queue=queue, **task_options)
        @functools.wraps(func)
        def run(context, *, record_id: int, **kwargs: Any) -> None:
            record = JobRecord.objects.get(pk=record_id)
            now = timezone.now()
            record.state, record.attempts, record.error = State.RUNNING, context.job.attempts + 1, ""
            record.queue_job_id = context.job.id
            record.started_at = record.started_at or now
            record.save(update_fields=["state", "attempts", "error", "queue_job_id", "started_at"])
            try:
                result = func(record=record, **kwargs) or {}
            except Exception as exc:
                will_retry = not isinstance(exc, JobRefused) and not job_is_last_attempt(context)
                record.state = State.RETRYING if will_retry else State.FAILED
                record.error = _error_text(exc)
                record.finished_at = None if will_retry else timezone.now()
                record.save(update_fields=["state", "error", "finished_at"])
                logger.warning("job %s (record %s) failed: %s", name, record_id, type(exc).__name__)
                raise
            record.state, record.result, record.finished_at = State.SUCCEEDED, result, timezone.now()
            if record.progress_total is not None and record.progress_done < record.progress_total:
                record.progress_done = record.progress_total
            record.save(update_fields=["state", "result", "finished_at", "progress_done"])

        return run

    return decorator


@recorded_task(name="chamber.job_probe", retry=None)
def job_probe(*, record: JobRecord) -> dict:
    """A job that only answers: the deployment smoke test and `manage.py job_probe` check a worker is running."""
    return {"answer": "ok"}


@app.periodic(cron="30 3 * * *")
@app.task(name="chamber.jobs_forget_finished", queueing_lock="chamber.jobs_forget_finished")
def jobs_forget_finished(timestamp: int) -> int:
    """Each night, the queue's rows of jobs finished more than 30 days ago go; JobRecord and the outbox keep what
    staff read. Returns how many went."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DELETE FROM procrastinate_jobs
             WHERE status IN ('succeeded', 'failed', 'cancelled', 'aborted')
               AND id IN (SELECT job_id FROM procrastinate_events WHERE at < now() - interval '30 days')
            """
        )
        return cursor.rowcount


def periodic_recorded(*, task_name: str, label: str, work: Callable[[], dict]) -> dict:
    """Run a periodic job's work now, with a JobRecord that staff read in the admin (its label in the site's
    language): done with its result, or failed with the error, which is also logged and raised to the queue."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(label)
    record = JobRecord.objects.create(
        task_name=task_name, label=label[:255], state=State.RUNNING, attempts=1, started_at=timezone.now()
    )
    try:
        result = work() or {}
    except Exception as exc:
        record.state, record.error, record.finished_at = State.FAILED, _error_text(exc), timezone.now()
        record.save(update_fields=["state", "error", "finished_at"])
        logger.error("periodic job %s failed: %s", task_name, type(exc).__name__)
        raise
    record.state, record.result, record.finished_at = State.SUCCEEDED, result, timezone.now()
    record.save(update_fields=["state", "result", "finished_at"])
    return result


def periodic_day(timestamp: int) -> dt.date:
    """The local day a periodic job was due (Procrastinate passes its due time as a Unix timestamp)."""
    return timezone.localtime(dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)).date()


@app.periodic(cron="5 * * * *")
@app.task(name="chamber.import_files_purge", queueing_lock="chamber.import_files_purge")
def import_files_purge_job(timestamp: int) -> int:
    """Each hour, import files previewed more than an hour ago and never confirmed are deleted."""
    from chamber.imports import import_files_purge

    return import_files_purge(older_than=dt.timedelta(hours=1))


@app.periodic(cron="15 2 * * *")
@app.task(name="chamber.backup_nightly", queueing_lock="chamber.backup_nightly", retry=BACKOFF)
def backup_nightly_job(timestamp: int) -> dict:
    """Each night, when BACKUP_DIR is set, one archive in BACKUP_DIR/daily with the weekly and monthly copies and
    their retention (chamber.backup.backup_rotated). Without BACKUP_DIR the deployment backs up from cron."""
    if not settings.BACKUP_DIR:
        return {}
    from chamber.backup import backup_rotated

    def work() -> dict:
        report = backup_rotated(root=Path(settings.BACKUP_DIR), today=periodic_day(timestamp))
        return {
            "archive": report.path.name,
            "size": report.size,
            "rows": report.rows,
            "documents": report.documents,
        }

    return periodic_recorded(task_name="chamber.backup_nightly", label=_("Nightly backup"), work=work)
