"""Re-hash every stored final document (approved minutes) and report any file missing or changed; exit 1 if any.

For the daily check beside the backup: a stored legal document must still be there, byte for byte as approved.
"""

from django.core.management.base import BaseCommand, CommandError

from meetings.selectors import final_documents_check


class Command(BaseCommand):
    help = "Re-hash every stored final document and report missing files or changed content (exit code 1 if any)."

    def handle(self, *args, **options):
        checked, problems = 0, 0
        for check in final_documents_check():
            checked += 1
            if check.state == "ok":
                if options["verbosity"] > 1:
                    self.stdout.write(f"ok: {check.record} {check.name}")
                continue
            problems += 1
            found = check.actual or "no file"
            self.stderr.write(
                f"{check.state}: {check.record} {check.name or '(no name)'}: expected {check.expected}, found {found}"
            )
        if problems:
            raise CommandError(f"{problems} of {checked} stored final documents failed verification")
        self.stdout.write(self.style.SUCCESS(f"{checked} stored final documents verified"))
