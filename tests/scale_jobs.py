"""A tiny task for the scale test and the queue benchmark: each run leaves one row, so a job run twice shows."""

from __future__ import annotations

import os
import time

from django.db import connection

from chamber.jobs import app


def scale_table_reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scale_runs")
        cursor.execute(
            "CREATE TABLE scale_runs (n integer NOT NULL, worker text NOT NULL, pid integer NOT NULL)"
        )


def scale_table_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scale_runs")


@app.task(name="tests.scale_mark", pass_context=True)
def scale_mark(context, *, n: int, pause: float = 0.0) -> None:
    if pause:
        time.sleep(pause)  # a job that does some work, so both workers take part
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO scale_runs (n, worker, pid) VALUES (%s, %s, %s)",
            [n, context.worker_name, os.getpid()],
        )
