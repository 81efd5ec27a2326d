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
