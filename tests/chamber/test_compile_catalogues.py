"""compile_catalogues makes the running process read the catalogues it has just compiled, not the ones it read at
start-up: prepare_demo compiles and then renders documents in one process."""

import shutil
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation


def test_the_process_that_compiles_reads_the_new_catalogues(settings, tmp_path):
    for po in Path(django_settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / po.relative_to(django_settings.BASE_DIR)
        target.parent.mkdir(parents=True)
        shutil.copy(po, target)
    settings.LOCALE_PATHS = [tmp_path / "locale"]  # uncompiled, as on a fresh clone
    with translation.override("fr"):
        assert translation.gettext("Kingdom of Morocco") == "Kingdom of Morocco"
        call_command("compile_catalogues", verbosity=0)
        assert translation.get_language() == "fr"
        assert translation.gettext("Kingdom of Morocco") == "Royaume du Maroc"
    with translation.override("ar"):
        assert translation.gettext("Kingdom of Morocco") == "المملكة المغربية"
