"""Settings come from the environment and fail loudly; production passes `check --deploy` with no issue."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from chamber.env import env_bool, env_int, env_list

BASE = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests set it in this process; a deployment never has it.
    unset = {"DJANGO_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "oui"])
def test_a_bad_boolean_is_an_error_not_false(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("off", False), ("FALSE", False)])
def test_good_booleans(monkeypatch, raw, value):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is value


def test_integers_and_lists(monkeypatch):
    monkeypatch.setenv("SOME_INT", "x")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_INT", 1)
    monkeypatch.setenv("SOME_LIST", "a.example, b.example ,")
    assert env_list("SOME_LIST") == ["a.example", "b.example"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="chamber.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_manage(
        "check", DJANGO_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.example", DEBUG="1"
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_settings_pass_check_deploy_with_no_issue():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", SECRET_KEY="k" * 64 + "-production-only", ALLOWED_HOSTS="chamber.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_sends_the_security_headers(client, settings, db):
    response = client.get("/healthz")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
