"""Background jobs of the register: each night, cards past their expiry date are recorded as expired."""

from __future__ import annotations

from artisans import services
from chamber.jobs import app


@app.periodic(cron="20 2 * * *")
@app.task(name="artisans.expire_cards", queueing_lock="artisans.expire_cards")
def cards_expire_overdue_job(timestamp: int) -> int:
    return services.cards_expire_overdue()
