"""`manage.py job_probe`: queue a job that only answers and wait for a worker to run it (deployment smoke test)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chamber.jobs import job_probe, job_start
from chamber.models import JobRecord


class Command(BaseCommand):
    help = "Queue a probe job and wait until a worker has run it; fails when none does in time."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait (default 30).")

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            record = job_start(task=job_probe, label="probe")
        deadline = started + options["timeout"]
        while time.monotonic() < deadline:
            record.refresh_from_db()
            if record.state == JobRecord.State.SUCCEEDED:
                self.stdout.write(f"job {record.pk} run by a worker in {time.monotonic() - started:.2f} s")
                return
            if record.state == JobRecord.State.FAILED:
                raise CommandError(f"job {record.pk} failed: {record.error}")
            time.sleep(0.2)
        raise CommandError(
            f"no worker ran job {record.pk} within {options['timeout']:.0f} s (state {record.state})"
        )
