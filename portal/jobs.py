"""Background jobs of the portal: the one-time code sent by SMS (made, hashed and sent by the job itself)."""

from __future__ import annotations

from chamber.jobs import BACKOFF, app
from portal import services


@app.task(name="portal.access_code_sms_send", retry=BACKOFF)
def access_code_sms_send_job(*, code_id: int) -> bool:
    return services.access_code_sms_send(code_id=code_id)
