"""Export all approved minutes of a year to a folder, for archiving (one PDF per session and a SHA-256 list)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Session


class Command(BaseCommand):
    help = "Copy the approved minutes of a year into a folder, with a SHA256SUMS file."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("folder", type=Path)

    def handle(self, *args, year: int, folder: Path, **options):
        sessions = Session.objects.filter(
            status=Session.Status.MINUTES_APPROVED, starts_at__year=year
        ).order_by("starts_at")
        folder.mkdir(parents=True, exist_ok=True)
        sums = []
        for session in sessions:
            if not session.minutes_pdf:
                raise CommandError(f"session {session.pk} is approved but has no stored minutes")
            name = f"minutes-{session.starts_at:%Y-%m-%d}-{session.pk}.pdf"
            with session.minutes_pdf.open("rb") as source:
                (folder / name).write_bytes(source.read())
            sums.append(f"{session.minutes_sha256}  {name}")
        (folder / "SHA256SUMS").write_text("".join(f"{line}\n" for line in sums))
        self.stdout.write(self.style.SUCCESS(f"{len(sums)} minutes exported to {folder}"))
