"""GET /healthz: 200 {"db": "ok"}, or a quick 503 with a JSON body when the database is unreachable."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


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
    assert payload == {"status": 503, "body": {"db": "unreachable"}}


def test_the_database_connect_timeout_is_short(settings):
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] <= 1
