"""`make run` on a fresh clone: prepare_demo compiles the catalogues, migrates an empty database and seeds the demo
in one process, and the minutes it freezes for good read in Arabic. Nothing is mocked: a separate Python process
runs the real commands (tests/chamber/fresh_clone.py) against a database created for it on the test server."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_text

SCRIPT = Path(__file__).with_name("fresh_clone.py")


def _server_url(database: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    port = params.get("PORT") or 5432
    return f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:{port}/{database}"


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    database = f"fresh_clone_{uuid.uuid4().hex[:12]}"
    workdir = tmp_path_factory.mktemp("fresh-clone")
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        env = {**os.environ, "DATABASE_URL": _server_url(database), "DJANGO_ENV": "development"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(workdir)], env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
        yield json.loads((workdir / "report.json").read_text()), done.stdout
    finally:
        with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_the_frozen_demo_minutes_read_in_arabic(fresh_clone):
    require_tool("pdftotext")
    report, _output = fresh_clone
    assert report["compiled"] == [
        "locale/ar/LC_MESSAGES/django.mo",
        "locale/ar/LC_MESSAGES/djangojs.mo",
        "locale/fr/LC_MESSAGES/django.mo",
        "locale/fr/LC_MESSAGES/djangojs.mo",
    ]
    assert {"دورة يونيو 2023", "دورة فبراير 2025"} <= set(report["minutes"])
    for label, path in report["minutes"].items():
        text = pdf_text(Path(path).read_bytes())
        assert "محضر" in text and has_phrase(text, "صفحة 1 من"), (label, text[:800])
        for english in ("Minutes", "Page", "Decision No.", "Kingdom"):
            assert english not in text, (label, english, text[:800])
    # Approved at the next session, not on the day the demo was loaded.
    june = pdf_text(Path(report["minutes"]["دورة يونيو 2023"]).read_bytes())
    assert has_phrase(june, "تمت المصادقة على المحضر بتاريخ 19 أكتوبر 2023"), june[-800:]


def test_a_second_run_and_a_reseed_change_no_row(fresh_clone):
    report, output = fresh_clone
    counts = report["counts"]
    assert counts["first"]["artisans.Artisan"] > 0 and counts["first"]["meetings.Session"] >= 3
    for step in ("second", "reseed"):
        changed = {
            label: (counts["first"][label], counts[step][label])
            for label in counts["first"]
            if counts["first"][label] != counts[step][label]
        }
        assert not changed, (step, changed)
    assert "demo data already loaded" in output
    assert report["profile"] == {"name_ar": "غرفة الصناعة التقليدية لجهة فاس مكناس", "region": "MA-03"}
