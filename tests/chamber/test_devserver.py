"""The embedded-PostgreSQL runner: a stale postmaster.pid never blocks the next run, and DATABASE_URL wins."""

import os

from chamber import devserver


def test_a_stale_postmaster_pid_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(devserver, "PGDATA", tmp_path)
    pid_file = tmp_path / "postmaster.pid"
    # A pid that is certainly not a postgres serving this folder: our own test process.
    pid_file.write_text(f"{os.getpid()}\n{tmp_path}\n1700000000\n54321\n\n127.0.0.1\n")
    assert devserver._running_port() is None
    assert not pid_file.exists()


def test_a_garbled_postmaster_pid_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(devserver, "PGDATA", tmp_path)
    (tmp_path / "postmaster.pid").write_text("not a pid file")
    assert devserver._running_port() is None
    assert not (tmp_path / "postmaster.pid").exists()


def test_no_pid_file_means_no_server(tmp_path, monkeypatch):
    monkeypatch.setattr(devserver, "PGDATA", tmp_path)
    assert devserver._running_port() is None


def test_an_explicit_database_url_is_used_as_is(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example:5432/x")
    with devserver.database() as url:
        assert url == "postgres://someone@db.example:5432/x"


def test_dead_users_are_forgotten(tmp_path, monkeypatch):
    monkeypatch.setattr(devserver, "USERS_FILE", tmp_path / "pg-users")
    devserver._write_users({os.getpid(), 999_999_999})
    assert devserver._users() == {os.getpid()}


def test_make_run_starts_a_job_worker_beside_the_web_server(monkeypatch):
    started = []
    monkeypatch.setattr(devserver, "_manage", lambda *args, **kwargs: None)
    monkeypatch.setattr(devserver, "_children", lambda commands, env: started.extend(commands) or 0)
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example:5432/x")
    assert devserver.main(["run"]) == 0
    assert [command[2] for command in started] == ["runserver", "procrastinate"]
    assert started[1][3] == "worker"


def test_when_one_child_ends_the_others_are_stopped(tmp_path):
    import sys
    import time

    import psutil

    marker = tmp_path / "worker.pid"
    long_lived = [
        sys.executable,
        "-c",
        f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(60)",
    ]
    quick = [sys.executable, "-c", "import time; time.sleep(1.5); raise SystemExit(3)"]
    began = time.monotonic()
    assert devserver._children([quick, long_lived], env=dict(os.environ)) == 3
    assert time.monotonic() - began < 15
    assert not psutil.pid_exists(int(marker.read_text()))
