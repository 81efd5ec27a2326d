"""Benchmark of the artisan import (not a test: timings depend on the machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dev_artisans .venv/bin/python -m artisans.benchmarks [rows]

Builds an XLSX of `rows` artisans (10,000 by default), imports it once (all created), re-imports it (all skipped),
then imports a copy with 1% bad rows (all refused), and prints the times. Everything is rolled back at the end.

    ... -m artisans.benchmarks audited [rows]   # the admin's import: one batch, one masked audit entry per row
    ... -m artisans.benchmarks plain [rows]     # the same file through django-import-export's per-row default

Compare the two side by side, in turn (audited, plain, audited, plain, ...), and quote the median of each: the ratio
is what counts, not the seconds of one machine. Each prints the import's own wall and CPU seconds; `/usr/bin/time -v`
gives the whole process's.
"""

from __future__ import annotations

import io
import sys
import time


def build_rows(n: int, *, bad_every: int = 0, prefix: str = "BK") -> list[list]:
    from artisans.models import Activity
    from chamber.models import Commune

    communes = list(Commune.objects.filter(province__region__code="MA-03").values_list("code", flat=True))
    activities = list(Activity.objects.values_list("code", flat=True))
    rows = []
    for i in range(n):
        bad = bad_every and i % bad_every == bad_every - 1
        rows.append(
            [
                "123" if bad else f"{prefix}{i:06d}",
                f"فاطمة العلوي {i}",
                f"ALAOUI Fatima {i}",
                ("أنثى" if i % 4 == 1 else "female") if i % 2 else "male",
                "1985-04-12",
                f"06{i:08d}"[:10],
                "",
                "فاس",
                communes[i % len(communes)],
                activities[i % len(activities)],
                "artisan",
                f"BK-{i:07d}",
                "registered",
                "",
                "covered",
            ]
        )
    return rows


HEADERS = [
    "cin", "full_name", "full_name_latin", "sex", "birth_date", "phone", "email", "address", "commune",
    "main_activity", "category", "register_number", "registration_status", "amo_number", "coverage_status",
]  # fmt: skip


def to_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def import_bytes(data: bytes, *, dry_run: bool = False):
    from artisans.resources import ArtisanResource
    from chamber.imports import SafeXLSX

    dataset = SafeXLSX().create_dataset(data)
    return ArtisanResource().import_data(dataset, dry_run=dry_run, raise_errors=False)


def run(n: int = 10_000) -> dict:
    from django.db import transaction

    from artisans.models import Artisan

    results = {}
    good = to_xlsx(build_rows(n))
    bad = to_xlsx(build_rows(n, bad_every=100))
    with transaction.atomic():
        before = Artisan.objects.count()
        start, cpu = time.perf_counter(), time.process_time()
        first = import_bytes(good)
        results["import_seconds"] = time.perf_counter() - start
        # On a shared machine the wall time includes waiting for a CPU; the process time shows this import's own work.
        results["import_cpu_seconds"] = time.process_time() - cpu
        results["created"] = first.totals["new"]
        start, cpu = time.perf_counter(), time.process_time()
        again = import_bytes(good)
        results["reimport_seconds"] = time.perf_counter() - start
        results["reimport_cpu_seconds"] = time.process_time() - cpu
        results["skipped_on_reimport"] = again.totals["skip"]
        Artisan.objects.filter(cin__startswith="BK").delete()
        start = time.perf_counter()
        refused = import_bytes(bad)
        results["bad_file_seconds"] = time.perf_counter() - start
        results["bad_rows_reported"] = len(refused.invalid_rows)
        results["written_by_bad_file"] = Artisan.objects.count() - before
        transaction.set_rollback(True)
    return results


def plain_resource_class():
    """django-import-export's default path for the same columns: one save (and one audit signal) per row.

    Same fields and widgets as the register's resource; the library's defaults otherwise (no bulk writes, the
    default instance loader with one query per row, a deep-copied diff per row).
    """
    import copy

    from import_export import resources

    from artisans.models import Artisan
    from artisans.resources import ArtisanResource

    attrs = {name: copy.deepcopy(field) for name, field in ArtisanResource.fields.items()}
    attrs["Meta"] = type(
        "Meta", (), {"model": Artisan, "fields": ArtisanResource._meta.fields, "import_id_fields": ("cin",)}
    )
    return type("PlainArtisanResource", (resources.ModelResource,), attrs)


def import_audited(n: int = 10_000, *, plain: bool = False) -> dict:
    """Import `n` new artisans as an admin import does (user, file name and hash), then roll back.

    Reports the wall and CPU seconds of the import alone, and what the trail holds afterwards.
    """
    import hashlib

    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from artisans.resources import ArtisanResource
    from chamber.imports import SafeXLSX
    from chamber.models import ImportBatch

    data = to_xlsx(build_rows(n))
    resource = plain_resource_class()() if plain else ArtisanResource()
    with transaction.atomic():
        user = get_user_model().objects.create_user(username="bench.importer", is_staff=True)
        batches, entries = ImportBatch.objects.count(), LogEntry.objects.count()
        dataset = SafeXLSX().create_dataset(data)
        start, cpu = time.perf_counter(), time.process_time()
        result = resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            user=user,
            file_name="bench.xlsx",
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        new_entries = LogEntry.objects.filter(content_type__model="artisan").order_by()[entries:]
        figures = {
            "path": "django-import-export default (per row)" if plain else "register (bulk + bulk audit)",
            "rows": n,
            "created": result.totals["new"],
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "batches": ImportBatch.objects.count() - batches,
            "audit_entries": LogEntry.objects.filter(content_type__model="artisan").count(),
            "cin_in_trail": any("BK000007" in str(c) for c in new_entries.values_list("changes", flat=True)),
        }
        transaction.set_rollback(True)
    return figures


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamber.settings")
    django.setup()
    args = sys.argv[1:]
    if args and args[0] in ("audited", "plain"):
        # python -m artisans.benchmarks audited|plain [rows]: one import as the admin does it, figures printed.
        rows = int(args[1]) if len(args) > 1 else 10_000
        results = import_audited(rows, plain=args[0] == "plain")
    else:
        rows = int(args[0]) if args else 10_000
        results = run(rows)
    for key, value in results.items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
