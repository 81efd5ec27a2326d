"""Background jobs of the register: each night, cards past their expiry date are recorded as expired; card sheets
for many artisans are rendered off the request."""

from __future__ import annotations

from artisans import services
from chamber.jobs import app, recorded_task
from chamber.models import JobRecord


@app.periodic(cron="20 2 * * *")
@app.task(name="artisans.expire_cards", queueing_lock="artisans.expire_cards")
def cards_expire_overdue_job(timestamp: int) -> int:
    return services.cards_expire_overdue()


@recorded_task(name=services.CARD_SHEET_TASK)
def card_sheet_render_job(*, record: JobRecord, card_ids: list[int], lang: str) -> dict:
    return services.card_sheet_render(record=record, card_ids=card_ids, lang=lang)
