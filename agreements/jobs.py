"""Background jobs of the agreements app: each night, agreements past their end date are moved to "expired"; each
morning, articles past their due date are flagged late and the Partnerships office is told."""

from __future__ import annotations

from agreements import services
from chamber.jobs import app


@app.periodic(cron="10 2 * * *")
@app.task(name="agreements.expire_overdue", queueing_lock="agreements.expire_overdue")
def agreements_expire_overdue_job(timestamp: int) -> int:
    return services.agreements_expire_overdue()


@app.periodic(cron="30 7 * * *")
@app.task(name="agreements.clauses_overdue_remind", queueing_lock="agreements.clauses_overdue_remind")
def clauses_overdue_remind_job(timestamp: int) -> int:
    return services.clauses_overdue_remind()
