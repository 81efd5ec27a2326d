"""GET /healthz: 200 when the database, the static files' manifest and the media storage are there; otherwise a
quick 503 with a JSON body naming what failed."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

BASE = Path(__file__).resolve().parents[2]


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "static": "ok", "storage": "ok", "queue": "ok", "workers": 0}
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_counts_the_job_workers_alive_in_the_last_minute(client, db):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers DEFAULT VALUES")
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '10 minutes')"
        )  # a worker that died: not counted
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["workers"] == 1


def test_it_answers_503_when_the_job_queue_does_not_answer(client, db):
    # Pages that queue a job (an export, an e-mail) would fail without the queue's tables.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE procrastinate_workers RENAME TO procrastinate_workers_gone")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"db": "ok", "static": "ok", "storage": "ok", "queue": "unreachable"}


def test_it_answers_503_with_json_when_the_database_is_unreachable():
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chamber.settings",
        # A blackhole address on the loopback network: nothing listens, connect_timeout must cut it short.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing",
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE, env=env, capture_output=True, text=True)
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["status"] == 503
    assert payload["body"]["db"] == "unreachable"


def test_the_database_connect_timeout_is_short(settings):
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] <= 1


def test_it_answers_503_when_the_static_manifest_lacks_what_pages_link(client, db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"  # collectstatic never ran here: no manifest
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"db": "ok", "static": "missing", "storage": "ok", "queue": "ok"}


def test_the_database_connections_fail_fast(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["keepalives"] == 1 and options["keepalives_idle"] <= 60
    assert "statement_timeout=" in options["options"]
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DB_REQUEST_QUERY_TIMEOUT_MS + settings.DB_PROBE_TIMEOUT_MS < 3000
    assert settings.HEALTHZ_DB_TIMEOUT_MS + settings.DB_PROBE_TIMEOUT_MS < 2000
