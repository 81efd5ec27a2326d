"""Benchmark (not a test): W job workers, each a separate process, drain N small jobs from one database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python tests/benchmarks/queue_bench.py --workers 2 --jobs 1000

The database must be migrated. It queues N jobs that each write one row (tests/scale_jobs.py), starts W workers
(`manage.py procrastinate worker --one-shot`), waits for them, checks that every job ran exactly once, and prints
the time from the first worker's start to the last one's exit. Compare `--workers 1` and `--workers 2` in turn.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.scale_settings"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from procrastinate.contrib.django import app

    from tests.scale_jobs import scale_table_drop, scale_table_reset

    scale_table_reset()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'tests.scale_mark'")
    app.configure_task("tests.scale_mark", queue="scale").batch_defer(*({"n": n} for n in range(args.jobs)))
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "procrastinate",
                "worker",
                "--one-shot",
                "--queues=scale",
                "--name",
                f"bench-{i}",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
        )
        for i in range(args.workers)
    ]
    for worker in workers:
        worker.wait()
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT n) FROM scale_runs")
        runs, distinct = cursor.fetchone()
    scale_table_drop()
    assert (runs, distinct) == (args.jobs, args.jobs), (runs, distinct)
    print(f"{args.workers} worker(s), {args.jobs} jobs, each run once: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
