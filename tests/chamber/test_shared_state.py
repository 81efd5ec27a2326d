"""State every web process and server shares. The cache: the database table by default, Redis with REDIS_URL; with it,
a rate limit counts the requests of all processes together, and the chamber's profile is fresh everywhere. Stored
files: on disk or in an S3-compatible bucket (STORAGE_BACKEND)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.cache import caches

from chamber import ratelimit
from chamber.selectors import PROFILE_CACHE_KEY, chamber_profile

pytestmark = pytest.mark.django_db

PRODUCTION_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "chamber_cache"}
}


def _settings_caches(**env) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "chamber.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_database_cache_is_the_default_and_redis_is_used_when_redis_url_is_set():
    assert _settings_caches() == "django.core.cache.backends.db.DatabaseCache"
    assert (
        _settings_caches(REDIS_URL="redis://127.0.0.1:6379/0")
        == "django.core.cache.backends.redis.RedisCache"
    )


def test_two_processes_see_one_counter(settings):
    settings.CACHES = PRODUCTION_CACHES
    # Two cache connections stand for two gunicorn workers: each has its own, on the same table.
    first, second = caches.create_connection("default"), caches.create_connection("default")
    first.set("probe", 41)
    assert second.incr("probe") == 42
    assert first.get("probe") == 42


def test_a_rate_limit_counts_every_process_together(settings):
    settings.CACHES = PRODUCTION_CACHES
    limit, window = ratelimit.LIMITS["password_reset"]
    address = "192.0.2.7"
    answers = [ratelimit.ratelimit_hit(scope="password_reset", address=address) for _n in range(limit + 1)]
    assert answers == [True] * limit + [False]
    # Another worker reads the same count, so it refuses too (before, each process counted alone: N × the limit).
    other_worker = caches.create_connection("default")
    assert other_worker.get(ratelimit._key("password_reset", address, window)) == limit + 1


def test_a_change_to_the_chamber_profile_is_seen_by_every_process(settings, profile):
    settings.CACHES = PRODUCTION_CACHES
    assert chamber_profile().name == profile.name
    other_worker = caches.create_connection("default")
    assert other_worker.get(PROFILE_CACHE_KEY).name == profile.name
    profile.name = "غرفة جديدة"
    profile.save()
    assert other_worker.get(PROFILE_CACHE_KEY) is None
    assert chamber_profile().name == "غرفة جديدة"


def _settings_storage(**env) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "chamber.settings", **env}
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True)


def test_storage_backend_s3_puts_files_in_a_bucket_and_refuses_a_missing_bucket():
    local = _settings_storage()
    assert local.stdout.strip() == "django.core.files.storage.FileSystemStorage"
    s3 = _settings_storage(STORAGE_BACKEND="s3", STORAGE_BUCKET="chamber-files")
    assert s3.stdout.strip() == "storages.backends.s3.S3Storage"
    missing = _settings_storage(STORAGE_BACKEND="s3")
    assert missing.returncode != 0 and "STORAGE_BUCKET is required" in missing.stderr
    wrong = _settings_storage(STORAGE_BACKEND="ftp")
    assert wrong.returncode != 0 and "must be local or s3" in wrong.stderr


def _redis_answers() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def test_with_redis_two_processes_see_one_counter(settings):
    """Against the Redis that answers on 127.0.0.1:6379 (CI's machine has one); database 15, emptied first."""
    if not _redis_answers():
        import os

        if os.environ.get("CI"):
            pytest.fail("no Redis answers on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    first, second = caches.create_connection("default"), caches.create_connection("default")
    first.clear()
    first.set("probe", 41)
    assert second.incr("probe") == 42
    assert first.get("probe") == 42
    first.clear()
