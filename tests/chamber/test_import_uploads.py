"""Import uploads are checked for what they are: an XLSX that inflates past the cap is refused at once, a CSV with
a NUL byte or in an unknown encoding is refused with a message, and no import file stays in the media storage once
the import is confirmed or refused (a clean-up command catches those never confirmed)."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from artisans.benchmarks import HEADERS, build_rows, to_xlsx
from artisans.models import Artisan

IMPORT_URL = "admin:artisans_artisan_import"
CONFIRM_URL = "admin:artisans_artisan_process_import"


def _csv(rows) -> bytes:
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _upload(client, data: bytes, name: str, fmt: int):
    return client.post(
        reverse(IMPORT_URL), {"import_file": SimpleUploadedFile(name, data), "format": fmt, "resource": 0}
    )


def _import_files(settings) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "django-import-export"
    return sorted(os.listdir(folder)) if folder.exists() else []


def _xlsx_bomb(unpacked: int) -> bytes:
    """A real workbook whose sheet is padded with whitespace: a few KB that inflate to `unpacked` bytes."""
    good = zipfile.ZipFile(io.BytesIO(to_xlsx(build_rows(2))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in good.infolist():
            data = good.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * unpacked, 1)
            bomb.writestr(member.filename, data)
    return out.getvalue()


def test_an_xlsx_that_inflates_past_the_cap_is_refused_at_once(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    bomb = _xlsx_bomb(50 * 1024 * 1024)  # as the one that held a worker for 119 s
    assert len(bomb) < 200 * 1024  # small enough to pass the size cap on the compressed file
    started = time.monotonic()
    response = _upload(client, bomb, "artisans.xlsx", 1)
    assert time.monotonic() - started < 2
    assert response.context.get("result") is None
    assert "ميغابايت" in str(response.context["form"].errors["import_file"])  # "MB", in Arabic
    assert _import_files(settings) == []


def test_a_csv_with_a_nul_byte_is_refused_with_its_line(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    data = _csv(build_rows(3)).replace(b"\r\n", b"\r\n\x00", 2).replace(b"\r\n\x00", b"\r\n", 1)
    response = _upload(client, data, "artisans.csv", 0)
    assert response.status_code == 200
    assert "NUL" in str(response.context["form"].errors["import_file"])
    assert Artisan.objects.count() == 0


def test_an_import_with_bad_rows_leaves_no_file(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    response = _upload(client, _csv(build_rows(20, bad_every=5)), "artisans.csv", 0)
    assert response.context["result"].has_validation_errors()
    assert _import_files(settings) == []


def test_a_confirmed_import_leaves_no_file(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    response = _upload(client, _csv(build_rows(3)), "artisans.csv", 0)
    assert len(_import_files(settings)) == 1  # kept between the preview and the confirmation
    client.post(reverse(CONFIRM_URL), response.context["confirm_form"].initial)
    assert Artisan.objects.count() == 3
    assert _import_files(settings) == []


def test_the_clean_up_deletes_files_of_imports_never_confirmed(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    _upload(client, _csv(build_rows(3)), "old.csv", 0)
    (old,) = _import_files(settings)
    hours_ago = time.time() - 2 * 3600
    os.utime(Path(settings.MEDIA_ROOT) / "django-import-export" / old, (hours_ago, hours_ago))
    _upload(client, _csv(build_rows(2)), "new.csv", 0)
    call_command("purge_import_files", "--hours", "1", stdout=io.StringIO())
    assert len(_import_files(settings)) == 1 and old not in _import_files(settings)


def test_a_forged_file_name_never_deletes_another_file(registry_clerk, client, settings):
    client.force_login(registry_clerk)
    keep = Path(settings.MEDIA_ROOT) / "chamber" / "logo.png"
    keep.parent.mkdir(parents=True)
    keep.write_bytes(b"logo")
    response = client.post(
        reverse(CONFIRM_URL),
        {"import_file_name": "../chamber/logo.png", "original_file_name": "x", "format": 0, "resource": 0},
    )
    assert response.status_code == 302  # back to the import page, with a message
    assert keep.exists()
