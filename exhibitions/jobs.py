"""Background jobs of the exhibitions: each morning the Exhibitions office is reminded of calls closing soon."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chamber.jobs import app, periodic_day, periodic_recorded
from exhibitions import services


@app.periodic(cron="5 8 * * *")
@app.task(name="exhibitions.calls_closing_remind", queueing_lock="exhibitions.calls_closing_remind")
def calls_closing_remind_job(timestamp: int) -> dict:
    return periodic_recorded(
        task_name="exhibitions.calls_closing_remind",
        label=_("Reminder of calls for participation closing"),
        work=lambda: services.calls_closing_remind(today=periodic_day(timestamp)),
    )
