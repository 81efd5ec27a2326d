"""`backup` then `restore` into a fresh database and an empty media root gives the same rows in every table and
the same bytes in every stored document; import temporary files stay out; a non-empty target is refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from chamber.backup import MANIFEST, read_manifest, table_counts

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _demo_like_data():
    """A small register, a session with stored final minutes, a signed agreement scan and the chamber's logo."""
    from chamber import demo
    from tests.agreements.factories import DocumentFactory
    from tests.artisans.factories import ArtisanFactory
    from tests.meetings.factories import AgendaItemFactory

    profile = demo.seed()
    profile.logo.delete(save=False)  # the demo emblem, replaced by the chamber's own logo
    profile.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n logo bytes"), save=True)
    for _ in range(25):
        ArtisanFactory()
    session = AgendaItemFactory().session
    session.minutes_pdf.save("minutes-1.pdf", ContentFile(b"%PDF-1.7 frozen minutes"), save=False)
    type(session).objects.filter(pk=session.pk).update(minutes_pdf=session.minutes_pdf.name)
    DocumentFactory()
    # An import's temporary file must not enter the backup.
    default_storage.save("django-import-export/abc123", ContentFile(b"cin;phone\nAB123456;0612345678"))


def _connect(dbname: str):
    params = connection.get_connection_params()
    return psycopg.connect(
        dbname=dbname,
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        password=params.get("password"),
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_in(dbname: str) -> dict[str, int]:
    with _connect(dbname) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _restore(archive: Path, *, dbname: str, media: Path) -> subprocess.CompletedProcess:
    params = connection.get_connection_params()
    url = f"postgres://{params.get('user') or 'postgres'}@{params.get('host')}:{params.get('port')}/{dbname}"
    if params.get("password"):
        url = url.replace("@", f":{params['password']}@", 1)
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_then_restore_gives_the_same_rows_and_documents(settings, tmp_path, fresh_database):
    _demo_like_data()
    archive = tmp_path / "chamber.tar"
    call_command("backup", output=str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {MANIFEST, "database.dump", "media/chamber/logo.png"} <= names
    assert not [n for n in names if "django-import-export" in n]
    manifest = read_manifest(archive)
    assert manifest["tables"] == table_counts()
    assert manifest["tables"]["artisans_artisan"] == 25

    media = tmp_path / "restored-media"
    result = _restore(archive, dbname=fresh_database, media=media)
    assert result.returncode == 0, result.stderr
    assert "restored and verified" in result.stdout

    assert _counts_in(fresh_database) == _counts_in(connection.settings_dict["NAME"])
    original = {
        k: v for k, v in _hashes(Path(settings.MEDIA_ROOT)).items() if "django-import-export" not in k
    }
    assert _hashes(media) == original
    assert len(original) == len(manifest["files"]) >= 3


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    _demo_like_data()
    archive = tmp_path / "chamber.tar"
    call_command("backup", output=str(archive), verbosity=0)
    result = _restore(archive, dbname=connection.settings_dict["NAME"], media=tmp_path / "empty")
    assert result.returncode != 0
    assert "not empty" in result.stderr
