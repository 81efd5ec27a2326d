"""The scale test: two workers, as separate processes on one database, share 1,000 small jobs; each job runs
exactly once, and both workers take part."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from procrastinate.contrib.django import app

from tests.jobtools import job_queue, job_statuses  # noqa: F401 (fixture)
from tests.scale_jobs import scale_table_drop, scale_table_reset

ROOT = Path(__file__).resolve().parents[2]
JOBS = 1000
QUEUE = "scale"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_queue"),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_two_worker_processes_run_each_of_1000_jobs_exactly_once():
    scale_table_reset()
    try:
        # A queue of their own: a worker also queues the periodic jobs whose time has come (the hourly purge at
        # :05…), which would otherwise run here too, or not, depending on the clock.
        task = app.configure_task("tests.scale_mark", queue=QUEUE)
        for n in range(JOBS):
            task.defer(n=n, pause=0.01)
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.scale_settings",
            "PYTHONPATH": str(ROOT),
        }
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "procrastinate",
                    "worker",
                    "--one-shot",
                    f"--queues={QUEUE}",
                    "--name",
                    f"worker-{i}",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for i in (1, 2)
        ]
        for worker in workers:
            _out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, err.decode()[-2000:]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), count(DISTINCT n) FROM scale_runs")
            runs, distinct = cursor.fetchone()
            cursor.execute("SELECT worker, count(*) FROM scale_runs GROUP BY worker ORDER BY worker")
            by_worker = dict(cursor.fetchall())
    finally:
        scale_table_drop()
    assert (runs, distinct) == (JOBS, JOBS)
    assert set(by_worker) == {"worker-1", "worker-2"}, by_worker
    assert job_statuses(queue=QUEUE) == ["succeeded"] * JOBS
