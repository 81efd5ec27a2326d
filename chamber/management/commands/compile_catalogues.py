"""Compile every .po catalogue of the project into .mo with Babel, so no system gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def project_catalogues() -> list[Path]:
    """Every catalogue under LOCALE_PATHS (locale/ holds all of the project's strings)."""
    found = []
    for root in map(Path, settings.LOCALE_PATHS):
        if root.is_dir():
            found.extend(sorted(root.glob("*/LC_MESSAGES/*.po")))
    return found


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files (Babel; no gettext needed)."

    def handle(self, *args, **options):
        for po_path in project_catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path}")
