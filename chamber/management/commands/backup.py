"""`manage.py backup`: one archive with a custom-format pg_dump, the stored documents and a manifest."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chamber.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and the stored documents into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write (default: var/backups/chamber-YYYYmmdd-HHMMSS.tar). It must not exist.",
        )
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options):
        output = Path(
            options["output"] or settings.VAR_DIR / "backups" / f"chamber-{timezone.now():%Y%m%d-%H%M%S}.tar"
        )
        if output.exists():
            raise CommandError(f"{output} already exists; give another --output.")
        started = time.monotonic()
        try:
            report = backup(output=output, using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in report.missing:
            self.stderr.write(f"missing from storage, not in the archive: {name}")
        self.stdout.write(
            f"{report.path}: {report.tables} tables, {report.rows} rows, {report.documents} documents, "
            f"{report.size / 1024 / 1024:.1f} MiB in {time.monotonic() - started:.1f} s"
        )
