"""Periodic jobs that keep the record safe without anyone remembering: the nightly backup with its retention and the
hourly purge of abandoned import files (the nightly check of stored minutes is in tests/meetings)."""

from __future__ import annotations

import datetime as dt
import os
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from chamber.backup import backup_rotated
from chamber.jobs import backup_nightly_job, import_files_purge_job
from chamber.models import JobRecord


def _at_night(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, 2, 15, tzinfo=dt.UTC).timestamp())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_nightly_backup_keeps_seven_daily_four_weekly_and_twelve_monthly(tmp_path, settings):
    # Forty nights from Sunday 1 November 2026: every night a daily archive, Sundays a weekly, the 1sts a monthly.
    settings.BACKUP_DIR = str(tmp_path)
    first = dt.date(2026, 11, 1)
    report = backup_rotated(root=tmp_path, today=first)
    with tarfile.open(report.path) as archive:
        assert {"manifest.json", "database.dump"} <= set(archive.getnames())
    archive_bytes = report.path.read_bytes()
    for n in range(1, 40):  # the later nights copy the first archive: what is tested here is the retention
        day = first + dt.timedelta(days=n)
        (tmp_path / "daily" / f"chamber-{day.isoformat()}.tar").write_bytes(archive_bytes)
        backup_rotated(root=tmp_path, today=day)
    daily = sorted(p.name for p in (tmp_path / "daily").iterdir())
    weekly = sorted(p.name for p in (tmp_path / "weekly").iterdir())
    monthly = sorted(p.name for p in (tmp_path / "monthly").iterdir())
    assert daily == [f"chamber-{first + dt.timedelta(days=n)}.tar" for n in range(33, 40)]
    assert weekly == [f"chamber-{d}.tar" for d in ("2026-11-15", "2026-11-22", "2026-11-29", "2026-12-06")]
    assert monthly == ["chamber-2026-11-01.tar", "chamber-2026-12-01.tar"]


@pytest.mark.django_db
def test_no_backup_job_without_a_backup_dir(settings):
    settings.BACKUP_DIR = ""
    assert backup_nightly_job(timestamp=_at_night(dt.date(2026, 12, 1))) == {}
    assert not JobRecord.objects.exists()


@pytest.mark.django_db
def test_the_hourly_purge_deletes_abandoned_import_files_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save("django-import-export/old.csv", ContentFile(b"cin\n"))
    path = tmp_path / old
    two_hours_ago = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(path, (two_hours_ago, two_hours_ago))
    fresh = default_storage.save("django-import-export/fresh.csv", ContentFile(b"cin\n"))
    assert import_files_purge_job(timestamp=_at_night(dt.date(2026, 12, 1))) == 1
    assert not default_storage.exists(old) and default_storage.exists(fresh)
