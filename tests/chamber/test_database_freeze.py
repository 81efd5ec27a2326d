"""With PostgreSQL frozen (SIGSTOP: connections accepted, nothing answered), pages answer a branded 503 within
3 s and /healthz a JSON 503 within 2 s; after SIGCONT the very next request answers 200."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from django.db import connection

from chamber import devserver

BASE = Path(__file__).resolve().parents[2]

# A staff session in the private database, for pages that need a logged-in user.
SESSION_SCRIPT = (
    "import django; django.setup();"
    "from django.contrib.auth.models import User; from django.test import Client;"
    "c = Client(); c.force_login(User.objects.create_user('freeze.staff', password='x', is_staff=True,"
    " is_superuser=True)); print(c.cookies['sessionid'].value)"
)
PATHS = ("/", "/admin/", "/healthz")


@pytest.fixture
def private_server(db):
    """A PostgreSQL server of this test's own, holding a copy of the test database's schema and data."""
    datadir = Path(tempfile.mkdtemp(prefix="chamber-freeze-"))
    pgdata = datadir / "pgdata"
    if devserver._as_root():
        devserver.prepare_system_user()  # a machine whose first server is not the embedded one has no such user yet
        shutil.chown(datadir, user=devserver.SYSTEM_USER, group=devserver.SYSTEM_USER)
    devserver._run_pg(
        [devserver._bin("initdb"), "-D", str(pgdata), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
         "-U", "postgres"]
    )  # fmt: skip
    port = devserver._free_port()
    devserver._run_pg(
        [devserver._bin("pg_ctl"), "-D", str(pgdata), "-w", "-t", "30", "-l", str(datadir / "server.log"),
         "-o", f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories=''", "start"]
    )  # fmt: skip
    postmaster = None
    try:
        params = connection.get_connection_params()
        dump = subprocess.run(
            [devserver._bin("pg_dump"), "--no-owner", "-h", params["host"], "-p", str(params["port"]),
             "-U", params["user"], params["dbname"]],
            capture_output=True, check=True, text=True,
        )  # fmt: skip
        # The copy goes to this embedded server, which may be a newer PostgreSQL than the one the suite runs on: drop
        # the column options a server of another build can write and another refuses ("unrecognized parameter
        # pg_attver", seen on Debian's PostgreSQL 15), and nothing else.
        script = re.sub(
            r"(?m)^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);\n", "", dump.stdout
        )
        subprocess.run(
            [devserver._bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "chamber"],
            check=True,
        )
        restore = subprocess.run(
            [devserver._bin("psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "chamber",
             "-q", "-v", "ON_ERROR_STOP=1"],
            input=script, capture_output=True, text=True,
        )  # fmt: skip
        assert restore.returncode == 0, restore.stderr
        postmaster = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
        yield f"postgres://postgres@127.0.0.1:{port}/chamber", postmaster
    finally:
        if postmaster is not None:
            _signal_all(postmaster, signal.SIGCONT)
        devserver._run_pg(
            [devserver._bin("pg_ctl"), "-D", str(pgdata), "-m", "immediate", "-w", "stop"], check=False
        )
        shutil.rmtree(datadir, ignore_errors=True)


def _signal_all(postmaster: int, signum: int) -> None:
    """The postmaster and every backend: the whole server stops answering, or answers again."""
    try:
        processes = [psutil.Process(postmaster), *psutil.Process(postmaster).children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signum)


def _get(port: int, path: str, session: str) -> dict:
    """One request as a browser (or, for /healthz, a load balancer with no cookie) makes it, timed."""
    headers = {} if path == "/healthz" else {"Cookie": f"sessionid={session}"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return {"status": status, "seconds": round(time.monotonic() - started, 2), "body": body}


def _phase(port: int, session: str) -> dict[str, dict]:
    return {path: _get(port, path, session) for path in PATHS}


def _summary(results: dict[str, dict]) -> dict:
    return {path: (r["status"], r["seconds"]) for path, r in results.items()}


def test_a_frozen_database_gets_quick_503s_and_the_first_request_after_it_resumes_answers(
    private_server, tmp_path
):
    database_url, postmaster = private_server
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chamber.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production: the case that used to hang
    }
    session = (
        subprocess.run(
            [sys.executable, "-c", SESSION_SCRIPT],
            cwd=BASE,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = devserver._free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "chamber.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 180  # the worker imports Django after the port opens
        while True:
            try:
                warm = _phase(port, session)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert [r["status"] for r in warm.values()] == [200, 200, 200], _summary(warm)

        _signal_all(postmaster, signal.SIGSTOP)
        frozen = _phase(port, session)
        _signal_all(postmaster, signal.SIGCONT)
        thawed = _phase(port, session)
    finally:
        if postmaster is not None:
            _signal_all(postmaster, signal.SIGCONT)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print("frozen:", _summary(frozen), "thawed:", _summary(thawed))  # shown with -s
    for path in ("/", "/admin/"):
        assert frozen[path]["status"] == 503, _summary(frozen)
        assert frozen[path]["seconds"] < 3, _summary(frozen)
        assert "الخدمة غير متاحة مؤقتا" in frozen[path]["body"]
    assert frozen["/healthz"]["status"] == 503, _summary(frozen)
    assert frozen["/healthz"]["seconds"] < 2, _summary(frozen)
    assert json.loads(frozen["/healthz"]["body"])["db"] == "unreachable"
    assert [r["status"] for r in thawed.values()] == [200, 200, 200], (
        _summary(thawed),
        log.read_text()[-3000:],
    )
