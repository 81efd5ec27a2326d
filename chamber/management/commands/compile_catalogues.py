"""Compile every .po catalogue of the project into .mo with Babel, so no system gettext is needed.

Django reads the default language's catalogue while it starts (`django.setup()` translates model names), so a
process that compiles and then renders (prepare_demo) holds a catalogue read before the .mo existed. Whenever a .mo
is written, the translation caches are cleared the way Django's autoreloader clears them on a .mo change, so the
rest of the process reads the new catalogues.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed


def project_catalogues() -> list[Path]:
    """Every catalogue under LOCALE_PATHS (locale/ holds all of the project's strings)."""
    found = []
    for root in map(Path, settings.LOCALE_PATHS):
        if root.is_dir():
            found.extend(sorted(root.glob("*/LC_MESSAGES/*.po")))
    return found


# Arabic's six forms in the order of CLDR and of the catalogues' msgstr[0..5]: zero, one, two, few (3–10),
# many (11–99), other (100, 101, 102…). Babel's own rule for "ar" sends 100 to "many" and 11 to "other", and a
# merge of catalogues can bring such a header back, so the compiled catalogue always carries this one.
ARABIC_PLURAL = "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5"


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    if po_path.parent.parent.name == "ar":
        catalog._num_plurals, catalog._plural_expr = 6, ARABIC_PLURAL
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    return mo_path


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files (Babel; no gettext needed)."

    def handle(self, *args, **options):
        written = []
        for po_path in project_catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            written.append(compile_catalogue(po_path))
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path}")
        if written:
            # Forget every catalogue this process has read (Django's and the standard library's gettext caches);
            # that also forgets the active language, which the caller keeps.
            language = translation.get_language()
            translation_file_changed(sender=self, file_path=written[0])
            if language:
                translation.activate(language)
