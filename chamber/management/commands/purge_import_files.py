"""Delete import files that were previewed and never confirmed (run it hourly from cron or the job queue)."""

import datetime as dt

from django.core.management.base import BaseCommand

from chamber.imports import import_files_purge


class Command(BaseCommand):
    help = "Delete import files older than --hours (default 1) from the media storage."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=1.0)

    def handle(self, *args, hours: float, **options):
        removed = import_files_purge(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"{removed} import file(s) deleted")
