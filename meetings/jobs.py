"""Background jobs of the assembly's record: each member's convocation is rendered and e-mailed by its own job."""

from __future__ import annotations

from chamber.jobs import BACKOFF, app, job_is_last_attempt
from meetings import services
from meetings.models import Convocation


@app.task(name=services.CONVOCATION_TASK, pass_context=True, retry=BACKOFF)
def convocation_deliver_job(context, *, convocation_id: int) -> None:
    convocation = (
        Convocation.objects.select_related("session", "member", "mail").filter(pk=convocation_id).first()
    )
    if convocation is not None:
        services.convocation_deliver(convocation=convocation, last_attempt=job_is_last_attempt(context))
