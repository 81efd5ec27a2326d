"""Benchmark (not a test): the background export of 100,000 artisans — the request's time, then the job worker's
time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python tests/benchmarks/export_bench.py

It loads the same 100,000 artisans as portal_bench.py (when the database does not hold them yet), asks the admin,
as a registry clerk would with "select all", for an XLSX and a CSV export (timing each request, after one look at
the list, as a running server has answered before), then runs one job
worker as a separate process under `/usr/bin/time -v` until the queue is empty, and prints each job's duration and
the worker's peak resident memory. Only the local database is contacted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber.settings")
os.environ.setdefault("DEBUG", "false")

from tests.benchmarks import portal_bench  # noqa: E402


def enqueue(fmt: str) -> float:
    """POST the admin's "export in the background" action over the whole register; seconds the request took."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from artisans.models import Artisan

    user, _created = get_user_model().objects.get_or_create(
        username="export.bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    first = Artisan.objects.order_by("pk").values_list("pk", flat=True).first()
    # A server that has answered before: the process's first request also loads the admin's modules and templates.
    assert client.get(reverse("admin:artisans_artisan_changelist")).status_code == 200
    started = time.perf_counter()
    response = client.post(
        reverse("admin:artisans_artisan_changelist"),
        {"action": f"export_{fmt}_in_background", "_selected_action": [first], "select_across": "1"},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    return elapsed


def main() -> None:
    portal_bench.ensure_database()
    portal_bench.load_data()
    from chamber.models import JobRecord

    JobRecord.objects.filter(task_name="chamber.export_write").delete()
    for fmt in ("xlsx", "csv"):
        print(f"request answered in {enqueue(fmt) * 1000:.0f} ms ({fmt}, 'select all' over the register)")
    result = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            sys.executable,
            "manage.py",
            "procrastinate",
            "worker",
            "--one-shot",
            "--name",
            "export-bench",
        ],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    for record in JobRecord.objects.filter(task_name="chamber.export_write").order_by("pk"):
        seconds = (record.finished_at - record.started_at).total_seconds()
        print(f"{record.label}: {record.state}, {record.result.get('rows')} rows in {seconds:.1f} s")
    print(f"worker peak memory (both exports, one process): {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
