"""No CIN and no phone number in any log line: the application's logs and gunicorn's access log mask them."""

from __future__ import annotations

import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from chamber.masking import PersonalDataFilter, mask_in_text

BASE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("/admin/artisans/artisan/?q=SY770879", "/admin/artisans/artisan/?q=******79"),
        ("?q=sy770879&p=2", "?q=******79&p=2"),
        ("CIN SY770879 refused", "CIN ******79 refused"),
        ("?q=SY+770879", "?q=******79"),
        ("?q=C100001", "?q=******01"),
        ("phone +212661375346", "phone ******46"),
        ("?q=%2B212661375346", "?q=******"),
        ("?q=0661375346", "?q=******46"),
        ("?q=06+61+37+53+46", "?q=******46"),
        ("call 06 61 37 53 46.", "call ******46."),
        ("?q=661375346", "?q=******46"),
        ("?q=00212661375346", "?q=******46"),
    ],
)
def test_it_masks_cins_and_phones_in_text(text, masked):
    assert mask_in_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        '127.0.0.1 - - [07/Dec/2026:12:13:00 +0000] "GET /admin/artisans/artisan/1234/change/ HTTP/1.1" 200 5123',
        "minutes of 2026-12-07 12:13:00 stored",
        "/static/css/admin-extra.3f2a1b9c.css",
        "session 4f9e2c1d0b7a6e5f",
        "decision 2026/017, 12 votes",
    ],
)
def test_it_leaves_other_text_alone(text):
    assert mask_in_text(text) == text


def _configured_handler() -> logging.Handler:
    """The handler the settings' LOGGING gave the root logger: the real one, filter and all."""
    return next(
        h for h in logging.getLogger().handlers if any(isinstance(f, PersonalDataFilter) for f in h.filters)
    )


def test_the_configured_logs_mask_messages_arguments_and_tracebacks():
    handler = _configured_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.request").error("Internal Server Error: %s", "/admin/?q=SY770879")
        try:
            raise ValueError("invalid phone 0661375346")
        except ValueError:
            logging.getLogger("chamber.anything").exception("failed for %s", "AB123456")
    finally:
        handler.setStream(previous)
    output = stream.getvalue()
    assert "Internal Server Error: /admin/?q=******79" in output
    assert "ValueError: invalid phone ******46" in output
    for secret in ("SY770879", "0661375346", "AB123456"):
        assert secret not in output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorns_access_log_has_no_cin_and_no_phone(db, tmp_path):
    params = connection.get_connection_params()
    database_url = (
        f"postgres://{params['user']}:{params.get('password') or ''}@{params['host']}:{params['port']}"
        f"/{params['dbname']}"
    )
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "development", "PORT": str(port)}
    # The README's command, from the checkout, so that gunicorn.conf.py is read as in production.
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "chamber.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "60",
        "--access-logfile",
        "-",
    ]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        urls = [
            "/admin/artisans/artisan/?q=SY770879",
            "/admin/artisans/artisan/?q=%2B212661375346",
            "/admin/artisans/artisan/?q=0661375346",
        ]
        deadline = time.monotonic() + 120
        for url in urls:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=60)
                    break
                except urllib.error.HTTPError:
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    text = log.read_text()
    assert text.count("/admin/artisans/artisan/?q=******") >= 3, text
    for secret in ("SY770879", "212661375346", "0661375346", "661375346"):
        assert secret not in text
