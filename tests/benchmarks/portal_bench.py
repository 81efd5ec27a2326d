"""Benchmark (not a test): home and directory under gunicorn with 100,000 artisans, 4 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python tests/benchmarks/portal_bench.py

It creates and migrates the database when needed, loads the chamber's profile and nomenclature, bulk-creates
100,000 artisans (deterministic: random.Random(7); a third consent to the directory), starts gunicorn on
127.0.0.1 with 4 sync workers, and measures p50/p95 of each URL against a bare Django view that runs the same
single query. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.bench_settings")
os.environ.setdefault("DEBUG", "false")

TOTAL = 100_000
CLIENTS = 4
REQUESTS_PER_CLIENT = 150
WARMUP = 20


def ensure_database() -> None:
    import dj_database_url
    import psycopg

    url = os.environ["DATABASE_URL"]
    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def load_data() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from artisans.models import Activity, Artisan, Membership, Organisation
    from chamber import demo
    from chamber.models import Commune

    demo.seed()
    have = Artisan.objects.count()
    if have >= TOTAL:
        print(f"database already holds {have:,} artisans")
        return
    rng = random.Random(7)
    communes = list(Commune.objects.filter(province__region__code="MA-03").order_by("pk"))
    activities = list(Activity.objects.order_by("pk"))
    first = [
        "محمد",
        "فاطمة",
        "أحمد",
        "خديجة",
        "يوسف",
        "أمينة",
        "عبد الله",
        "زينب",
        "إبراهيم",
        "سعاد",
        "حسن",
        "نادية",
    ]
    family = ["العلوي", "الإدريسي", "بناني", "الفاسي", "التازي", "المكناسي", "الصفريوي", "بنجلون", "الوزاني"]
    batch = []
    for i in range(have, TOTAL):
        woman = rng.random() < 0.4
        artisan = Artisan(
            full_name=f"{rng.choice(first)} {rng.choice(family)} {i}",
            cin=f"BK{i:06d}",
            sex="female" if woman else "male",
            commune=rng.choice(communes),
            main_activity=rng.choice(activities),
            public_profile=rng.random() < 0.33,
            bio_ar="صانع تقليدي يحافظ على حرفة الأجداد." if rng.random() < 0.5 else "",
        )
        artisan.search_name = artisan.compute_search_name()
        batch.append(artisan)
        if len(batch) == 5000:
            Artisan.objects.bulk_create(batch)
            batch = []
    Artisan.objects.bulk_create(batch)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(kind="cooperative", name=f"تعاونية {n}", commune=rng.choice(communes))
            for n in range(200)
        ]
    )
    ids = list(Artisan.objects.order_by("pk").values_list("pk", flat=True)[:10_000])
    Membership.objects.bulk_create(
        [Membership(artisan_id=pk, organisation=rng.choice(organisations)) for pk in ids],
        ignore_conflicts=True,
    )
    with __import__("django.db").db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {Artisan.objects.count():,} artisans")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bench_settings", "DEBUG": "false"}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "chamber.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(CLIENTS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def measure(base: str, paths: list[str]) -> tuple[float, float]:
    """p50 and p95 in milliseconds, CLIENTS threads each making REQUESTS_PER_CLIENT requests over `paths`."""
    for path in paths[:WARMUP]:
        urllib.request.urlopen(base + path, timeout=30).read()
    timings: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine = []
        for n in range(REQUESTS_PER_CLIENT):
            path = paths[(offset + n) % len(paths)]
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                assert response.status == 200, (path, response.status)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(timings, n=100)
    return cuts[49], cuts[94]


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database for the benchmark, e.g. .../portal_bench")
    ensure_database()
    load_data()
    port = free_port()
    server = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    pages = [f"?page={n}" for n in range(1, 11)] + ["?q=محمد", "?q=فاطمه", "?q=محمد&page=2"]
    quoted = [urllib.parse.quote(p, safe="?=&") for p in pages]
    cases = [
        ("home", ["/"], ["/bench/bare-home/"]),
        ("directory", ["/artisans/" + p for p in quoted], ["/bench/bare-directory/" + p for p in quoted]),
    ]
    try:
        print(
            f"{TOTAL:,} artisans, {CLIENTS} concurrent clients, {CLIENTS * REQUESTS_PER_CLIENT} requests each"
        )
        print(f"{'page':<12}{'p50 ms':>10}{'p95 ms':>10}   {'bare p50':>10}{'bare p95':>10}   p50 ratio")
        for name, real, bare in cases:
            p50, p95 = measure(base, real)
            b50, b95 = measure(base, bare)
            print(f"{name:<12}{p50:>10.1f}{p95:>10.1f}   {b50:>10.1f}{b95:>10.1f}   {p50 / b50:>8.2f}×")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    import urllib.parse

    main()
