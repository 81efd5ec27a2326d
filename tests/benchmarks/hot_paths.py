"""Benchmark (not a test): the portal's hot paths at a given register size, each beside a floor, to be timed as whole
processes (/usr/bin/time), page and floor in turn (A B A B…), so that the ratio holds when the machine's speed drifts.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/hot_paths_10k
    .venv/bin/python tests/benchmarks/hot_paths.py load --artisans 10000
    .venv/bin/python tests/benchmarks/hot_paths.py run directory            # A: 40 requests to the page
    .venv/bin/python tests/benchmarks/hot_paths.py run floor-directory      # B: 40 requests to its floor

`load` creates and migrates the database when needed and fills it up to N artisans (portal_bench's deterministic
register; a third consent to the directory) with one held session of 12 items for the minutes. `run CASE` starts
Django once, logs in a superuser, makes one warm-up request and then --requests requests to the case's URL with
Django's test client (in-process: no server, no network), and fails on any answer but 200. A case's floor is a bare
view (tests/benchmarks/bench_urls.py) that runs the same single query as the page, or for the minutes the same
selector without the rendering, through the same middleware: the ratio page/floor is what the page adds, and it
stays flat from 1,000 to 100,000 artisans when the page scales.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.benchmarks.bench_settings")
os.environ.setdefault("DEBUG", "false")

TERM = "محمد"  # the commonest first name of the register: the search's worst case
CASES = {
    "admin-list": "/admin/artisans/artisan/",
    "admin-search": f"/admin/artisans/artisan/?q={TERM}",
    "directory": "/artisans/?page=2",
    "directory-search": f"/artisans/?q={TERM}",
    "api-list": "/api/v1/artisans/",
    "minutes-pdf": "/admin/meetings/session/{session}/minutes-preview/",
    "floor-admin-list": "/bench/bare-admin-list/",
    "floor-admin-search": f"/bench/bare-admin-list/?q={TERM}",
    "floor-directory": "/bench/bare-directory/?page=2",
    "floor-directory-search": f"/bench/bare-directory/?q={TERM}",
    "floor-api-list": "/bench/bare-api-list/",
    "floor-minutes-pdf": "/bench/bare-minutes/{session}/",
}


def load(artisans: int) -> None:
    from tests.benchmarks import portal_bench

    portal_bench.ensure_database()
    portal_bench.TOTAL = artisans
    portal_bench.load_data()
    from meetings.models import Session

    if not Session.objects.exists():
        from django.db import transaction

        with transaction.atomic():
            _held_session()
    print(f"session for the minutes: {Session.objects.order_by('pk').first().pk}")


def _held_session() -> None:
    from zoneinfo import ZoneInfo

    from meetings import services
    from meetings.models import AgendaItem, Attendance, Member, Session

    members = [
        Member.objects.create(
            name_ar=f"عضو {n}",
            kind=Member.Kind.ELECTED,
            category=Member.Category.ARTISANS,
            role=[Member.Role.PRESIDENT, Member.Role.SECRETARY][n] if n < 2 else Member.Role.MEMBER,
            term_start=dt.date(2021, 9, 1),
            order=n + 1,
        )
        for n in range(9)
    ]
    session = Session.objects.create(
        kind=Session.Kind.ORDINARY,
        label_ar="دورة يونيو 2024",
        starts_at=dt.datetime(2024, 6, 20, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca")),
        venue_ar="مقر الغرفة بفاس",
        chair=members[0],
    )
    services.session_convene(session=session, by=None, today=dt.date(2024, 5, 31))
    session.refresh_from_db()
    for member in members:
        services.attendance_record(session=session, member=member, status=Attendance.Status.PRESENT)
    services.session_open(session=session)
    session.refresh_from_db()
    for n in range(12):
        item = AgendaItem.objects.create(
            session=session,
            order=n + 1,
            kind=AgendaItem.Kind.DELIBERATION,
            title_ar=f"نقطة للتداول رقم {n + 1}",
        )
        services.decision_record(item=item, votes_for=9)


def run(case: str, requests: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from chamber import ratelimit
    from meetings.models import Session

    # The API's per-client limit (300 a minute) would answer 429 to a benchmark's burst from one address.
    for scope, (_limit, window) in list(ratelimit.LIMITS.items()):
        ratelimit.LIMITS[scope] = (10**9, window)
    user, _ = get_user_model().objects.get_or_create(
        username="bench.it", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = CASES[case].format(session=Session.objects.order_by("pk").values_list("pk", flat=True).first())
    if "/admin/" in url and "?q=" in url:
        # The admin's search swaps the term for a session token by a redirect (no name in the address bar).
        url = client.get(url, follow=True).redirect_chain[-1][0]
    for _n in range(requests + 1):
        response = client.get(url)
        assert response.status_code == 200, (case, url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    loader = sub.add_parser("load")
    loader.add_argument("--artisans", type=int, required=True)
    runner = sub.add_parser("run")
    runner.add_argument("case", choices=sorted(CASES))
    runner.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database for the benchmark")
    if args.command == "load":
        load(args.artisans)
    else:
        run(args.case, args.requests)


if __name__ == "__main__":
    main()
