"""tests/dbsnapshot.py: a state is built once, then copied back, row for row and file for file, only when the
database starts where the build started."""

from __future__ import annotations

from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection, transaction

from chamber import demo as chamber_demo
from chamber.models import ChamberProfile, Region
from tests import dbsnapshot

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    profile = ChamberProfile.objects.get()
    return (
        ChamberProfile.objects.values_list("pk", "name_ar", "region__code", "logo").get(),
        list(LogEntry.objects.order_by("pk").values_list("pk", "object_repr", "action")),
        (Path(settings.MEDIA_ROOT) / profile.logo.name).read_bytes(),
    )


def _back_to_the_start(savepoint) -> None:
    """The rows as they were (the savepoint), and the files the build wrote removed."""
    transaction.savepoint_rollback(savepoint)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


def test_the_state_a_build_left_is_copied_back_without_building_it_again():
    snapshot = dbsnapshot.Snapshot("profile")
    runs = []

    def build():
        runs.append(1)
        chamber_demo.seed()  # the profile, its audit entry and its logo file

    start = transaction.savepoint()
    snapshot.build(build)
    built = _state()
    _back_to_the_start(start)
    assert not ChamberProfile.objects.exists()
    with connection.cursor() as cursor:  # as after a reset: the copied rows' keys are above the sequence
        cursor.execute("ALTER SEQUENCE auditlog_logentry_id_seq RESTART")

    snapshot.build(build)
    assert runs == [1] and snapshot.restored == 1
    assert _state() == built
    # The sequences are where the build left them: the next entry takes the next key, not a copied row's.
    entry = LogEntry.objects.create(
        content_type_id=LogEntry.objects.first().content_type_id, object_pk="1", object_repr="x", action=1
    )
    assert entry.pk > max(pk for pk, _repr, _action in built[1])


def test_a_database_that_starts_elsewhere_is_built_again():
    snapshot = dbsnapshot.Snapshot("profile")
    runs = []

    def build():
        runs.append(1)
        chamber_demo.seed()

    start = transaction.savepoint()
    snapshot.build(build)
    _back_to_the_start(start)
    ChamberProfile.objects.create(pk=1, name_ar="غرفة أخرى", region=Region.objects.get(code="MA-03"))

    snapshot.build(build)
    assert runs == [1, 1] and snapshot.restored == 0
    assert ChamberProfile.objects.get().name_ar == "غرفة أخرى"
