"""Benchmark (not a test): a clean 10,000-row artisan import through the admin, from upload to confirmed, on a
register of 10,000 artisans, beside a floor that reads the same file and writes the same rows bare.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_bench_10k
    .venv/bin/python tests/benchmarks/hot_paths.py load --artisans 10000   # once: creates, migrates, fills
    .venv/bin/python tests/benchmarks/import_bench.py run     # A: the admin's import, end to end
    .venv/bin/python tests/benchmarks/import_bench.py floor   # B: read the file, COPY the rows, nothing else

`run` builds an XLSX of 10,000 new artisans (artisans.benchmarks.build_rows, CINs IM…), logs in a superuser with
Django's test client and, timed from here: uploads it (the preview, a dry run), confirms it (10,000 rows is above
IMPORT_BACKGROUND_ROWS, so the request queues a job), and runs the queued job with Procrastinate's own worker in this
process, as a worker already waiting would, until the queue is empty. It prints each step's seconds and the whole,
checks that the job created 10,000 artisans with one audit entry each, then deletes them. `floor` reads the same
file with openpyxl, builds the same artisans and writes them with one COPY (chamber.bulk), then deletes them. Time
the two as whole processes in turn (A B A B…) and quote the ratio; `--profile FILE` writes cProfile's figures of
the timed part of `run`. Only the local database is contacted.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber.settings")
os.environ.setdefault("DEBUG", "false")

ROWS = 10_000
PREFIX = "IM"


def _file() -> bytes:
    from artisans.benchmarks import build_rows, to_xlsx

    return to_xlsx(build_rows(ROWS, prefix=PREFIX))


def _clean_up() -> None:
    """Delete what a run wrote: the imported artisans, their audit entries and import batch."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM artisans_artisan WHERE cin LIKE %s", [f"{PREFIX}%"])
        ids = [str(row[0]) for row in cursor.fetchall()]
        if ids:
            cursor.execute(
                "DELETE FROM auditlog_logentry WHERE content_type_id = "
                "(SELECT id FROM django_content_type WHERE app_label = 'artisans' AND model = 'artisan') "
                "AND object_id = ANY(%s)",
                [ids],
            )
            cursor.execute("DELETE FROM artisans_artisan WHERE cin LIKE %s", [f"{PREFIX}%"])
        cursor.execute("DELETE FROM chamber_importbatch WHERE file_name = 'import-bench.xlsx'")
        cursor.execute("DELETE FROM chamber_jobrecord WHERE task_name = 'chamber.import_apply'")


def _run_queue() -> None:
    from tests.jobtools import run_jobs

    run_jobs()


def run(profile: str | None) -> None:
    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from artisans.models import Artisan
    from chamber.models import JobRecord

    _clean_up()
    data = _file()
    user, _created = get_user_model().objects.get_or_create(
        username="import.bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    before = Artisan.objects.count()
    # The clerk opens the import page before choosing the file: the process has loaded the admin by then, as a
    # running server's has (a fresh process's first request also imports every admin module and the URLconf).
    assert client.get(reverse("admin:artisans_artisan_import")).status_code == 200
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    start, cpu = time.perf_counter(), time.process_time()
    preview = client.post(
        reverse("admin:artisans_artisan_import"),
        {"import_file": SimpleUploadedFile("import-bench.xlsx", data), "format": 1, "resource": 0},
    )
    uploaded = time.perf_counter()
    assert preview.status_code == 200, preview.status_code
    html = preview.content.decode()
    assert "process_import" in html or "import_file_name" in html, "the preview refused the file"
    # What a browser sends back: the confirm form's hidden fields, read from the page.
    form = html[html.index('name="import_file_name"') - 500 :]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    confirm = client.post(reverse("admin:artisans_artisan_process_import"), fields)
    confirmed = time.perf_counter()
    assert confirm.status_code == 302, confirm.status_code
    _run_queue()
    done, cpu = time.perf_counter(), time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    record = JobRecord.objects.filter(task_name="chamber.import_apply").latest("pk")
    assert record.state == JobRecord.State.SUCCEEDED, (record.state, record.error)
    created = Artisan.objects.count() - before
    assert created == ROWS and record.result["created"] == ROWS, (created, record.result)
    entries = LogEntry.objects.filter(
        content_type__model="artisan", additional_data__import_batch=record.result["import_batch"]
    ).count()
    assert entries == ROWS, entries
    print(
        f"upload and preview {uploaded - start:.2f} s, confirm {confirmed - uploaded:.2f} s, "
        f"job {done - confirmed:.2f} s: upload to confirmed {done - start:.2f} s (CPU of this process {cpu:.2f} s); "
        f"{created:,} created, {entries:,} audit entries, register of {before:,}"
    )
    _clean_up()


def floor() -> None:
    import io

    import django

    django.setup()
    import openpyxl
    from django.db import transaction

    from artisans.models import Activity, Artisan
    from chamber.bulk import copy_insert
    from chamber.models import Commune

    _clean_up()
    data = _file()
    start = time.perf_counter()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.active.iter_rows(values_only=True)
    headers = next(rows)
    communes = {c.code: c for c in Commune.objects.all()}
    activities = {a.code: a for a in Activity.objects.all()}
    instances = []
    for values in rows:
        row = dict(zip(headers, values, strict=False))
        artisan = Artisan(
            cin=row["cin"],
            full_name=row["full_name"],
            full_name_latin=row["full_name_latin"],
            sex="female" if row["sex"] in ("female", "أنثى") else "male",
            phone=f"+212{row['phone'][1:]}",
            commune=communes[row["commune"]],
            main_activity=activities[row["main_activity"]],
            register_number=row["register_number"],
        )
        artisan.search_name = artisan.compute_search_name()
        instances.append(artisan)
    with transaction.atomic():
        copy_insert(Artisan, instances)
    print(f"floor: {len(instances):,} rows read and written in {time.perf_counter() - start:.2f} s")
    _clean_up()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=["run", "floor"])
    parser.add_argument("--profile", help="write cProfile's figures of the timed part of `run` to this file")
    args = parser.parse_args()
    if args.case == "run":
        run(args.profile)
    else:
        floor()
