"""Background jobs of the assembly's record: each member's convocation is rendered and e-mailed by its own job, and
each night the stored final minutes are hashed again; each morning the Secretariat is reminded of decisions to post; a year's minutes are bundled off the request."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chamber.jobs import BACKOFF, app, job_is_last_attempt, periodic_day, periodic_recorded, recorded_task
from chamber.models import JobRecord
from meetings import selectors, services
from meetings.models import Convocation


@app.task(name=services.CONVOCATION_TASK, pass_context=True, retry=BACKOFF)
def convocation_deliver_job(context, *, convocation_id: int) -> None:
    convocation = (
        Convocation.objects.select_related("session", "member", "mail").filter(pk=convocation_id).first()
    )
    if convocation is not None:
        services.convocation_deliver(convocation=convocation, last_attempt=job_is_last_attempt(context))


class StoredDocumentsDamaged(Exception):
    """Some stored final minutes are missing or no longer match the hash frozen with them."""


@app.periodic(cron="10 2 * * *")
@app.task(name="meetings.documents_verify", queueing_lock="meetings.documents_verify")
def documents_verify_job(timestamp: int) -> dict:
    """Each night, before the backup, every stored final document is hashed again (as `verify_documents` does); a
    missing or changed one fails the job, which staff see in the admin's jobs list with the records named."""

    def work() -> dict:
        checks = list(selectors.final_documents_check())
        damaged = [f"{check.state}: {check.record} {check.name}" for check in checks if check.state != "ok"]
        if damaged:
            raise StoredDocumentsDamaged(f"{len(damaged)} of {len(checks)}: " + "; ".join(damaged))
        return {"verified": len(checks)}

    return periodic_recorded(
        task_name="meetings.documents_verify", label=_("Nightly check of stored minutes"), work=work
    )


@app.periodic(cron="0 8 * * *")
@app.task(name="meetings.decisions_posting_remind", queueing_lock="meetings.decisions_posting_remind")
def decisions_posting_remind_job(timestamp: int) -> dict:
    """Each morning, the Secretariat is told once about each decision whose posting limit is two days away, and
    once more when it has passed (services.decisions_posting_remind)."""
    return periodic_recorded(
        task_name="meetings.decisions_posting_remind",
        label=_("Reminder of decisions to post"),
        work=lambda: services.decisions_posting_remind(today=periodic_day(timestamp)),
    )


@recorded_task(name=services.MINUTES_BUNDLE_TASK)
def minutes_bundle_render_job(*, record: JobRecord, year: int) -> dict:
    return services.minutes_bundle_render(record=record, year=year)
