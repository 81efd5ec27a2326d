"""What `make run` does on a fresh clone, in one process, for tests/chamber/test_prepare_demo.py.

Run as `python tests/chamber/fresh_clone.py WORKDIR` with DATABASE_URL naming an empty database. The project's
catalogues are copied to WORKDIR/locale as .po files only (no .mo, as after `git clone`); media, static files and
the demo login live under WORKDIR too, so the worktree's own files are never touched. The process runs
prepare_demo, prepare_demo again, then seed_demo, and writes WORKDIR/report.json: the stored minutes and the row
counts of every table after each step.
"""

import json
import os
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def main(workdir: Path) -> None:
    for po in (BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po"):
        target = workdir / "locale" / po.relative_to(BASE_DIR / "locale")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, target)

    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "chamber.settings"
    from django.conf import settings

    settings.LOCALE_PATHS = [workdir / "locale"]
    settings.MEDIA_ROOT = workdir / "media"
    settings.STATIC_ROOT = workdir / "static"
    settings.VAR_DIR = workdir / "var"

    import django

    django.setup()

    from django.apps import apps
    from django.core.management import call_command

    from chamber.models import ChamberProfile
    from meetings.models import Session

    def counts() -> dict[str, int]:
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    call_command("prepare_demo")
    after_first = counts()
    call_command("prepare_demo")
    after_second = counts()
    call_command("seed_demo", verbosity=0)
    after_reseed = counts()

    profile = ChamberProfile.objects.get()
    report = {
        "minutes": {
            session.label_ar: session.minutes_pdf.path
            for session in Session.objects.exclude(minutes_pdf="").order_by("starts_at")
        },
        "profile": {"name_ar": profile.name_ar, "region": profile.region.code},
        "counts": {"first": after_first, "second": after_second, "reseed": after_reseed},
        "compiled": sorted(str(p.relative_to(workdir)) for p in (workdir / "locale").rglob("*.mo")),
    }
    (workdir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
