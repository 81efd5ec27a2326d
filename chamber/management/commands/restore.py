"""`manage.py restore ARCHIVE`: load a backup into an empty database and media root, then verify it."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chamber.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database and media root, and verify the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        started = time.monotonic()
        try:
            report = restore(archive_path=archive, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The restored data does not match the manifest ({len(report.problems)} problems)."
            )
        self.stdout.write(
            f"restored and verified: {report.tables} tables, {report.rows} rows, {report.documents} documents "
            f"in {time.monotonic() - started:.1f} s"
        )
