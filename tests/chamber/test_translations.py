"""Every project string is translated in Arabic and French, and the catalogues are in step with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

BASE = Path(__file__).resolve().parents[2]
APPS = ("chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions")


def catalogues():
    """All of the project's strings live in one catalogue per language, in locale/."""
    return [BASE / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("ar", "fr")]


def test_no_app_keeps_a_catalogue_of_its_own():
    assert not [app for app in APPS if (BASE / app / "locale").exists()]


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(BASE)))
def test_every_entry_is_translated_and_not_fuzzy(path):
    catalog = read_po(path.open("rb"), locale=path.parent.parent.name)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not problems, f"{len(problems)} untranslated or fuzzy in {path}: {problems[:20]}"


def test_both_languages_exist_for_the_root_catalogue():
    assert (BASE / "locale/ar/LC_MESSAGES/django.po").exists()
    assert (BASE / "locale/fr/LC_MESSAGES/django.po").exists()


def _msgids(path):
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(path.open("rb")) if m.id}


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """Re-extract the strings into a scratch copy and compare the msgids with the committed catalogues."""
    if not shutil.which("xgettext"):
        import os

        if os.environ.get("CHAMBER_REQUIRE_TOOLS"):
            pytest.fail("xgettext (gettext) is required in CI")
        pytest.skip("xgettext (gettext) is not installed on this machine")
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(
        ".venv", "var", "node_modules", "*.mo", "__pycache__", "tests", ".git", "static"
    )
    shutil.copytree(BASE, copy, ignore=ignore)
    env = {"DJANGO_SETTINGS_MODULE": "chamber.settings", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)}
    args = [
        sys.executable,
        str(copy / "manage.py"),
        "makemessages",
        "-l",
        "ar",
        "--no-obsolete",
        "--no-location",
    ]
    subprocess.run([*args, "-i", "test-artifacts"], cwd=copy, env=env, check=True, capture_output=True)
    missing = {}
    for original in [p for p in catalogues() if p.parent.parent.name == "ar"]:
        fresh = copy / original.relative_to(BASE)
        gap = _msgids(fresh) - _msgids(original)
        if gap:
            missing[str(original.relative_to(BASE))] = sorted(gap)[:20]
    assert not missing, f"strings missing from the catalogues (run makemessages): {missing}"
