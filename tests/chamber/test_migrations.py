"""Migrations: models and migrations are in step, and a developer's database from before the move to the programmes
app keeps its rows, its permissions and its audit history.

The test database was itself built from zero by these migrations. The move is checked by migrating back to before
it, writing rows the old way, and migrating forward again, all inside the test's transaction (PostgreSQL's DDL is
transactional), so nothing of it outlives the test.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_PROGRAMMES = [("artisans", "0006_funding_agreement")]


def test_models_and_migrations_are_in_step(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    connection.check_constraints()  # no pending deferred checks may stand in the way of ALTER TABLE
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.slow
def test_trainings_keep_their_rows_permissions_and_history_when_they_move_to_programmes(
    db, django_user_model
):
    from auditlog.models import LogEntry

    old = _migrate(BEFORE_PROGRAMMES)
    ContentType.objects.clear_cache()
    # Content types, permissions and log entries keep their shape; only the training is read the old way.
    training_type = ContentType.objects.get(app_label="artisans", model="training")
    training = old.get_model("artisans", "Training").objects.create(
        title="تكوين في الدباغة",
        provider="OFPPT",
        starts_on=dt.date(2024, 1, 8),
        ends_on=dt.date(2024, 3, 29),
    )
    clerk = django_user_model.objects.create_user(username="clerk", password="x")
    clerk.user_permissions.add(Permission.objects.get(content_type=training_type, codename="change_training"))
    LogEntry.objects.create(
        content_type=training_type,
        object_pk=str(training.pk),
        object_id=training.pk,
        object_repr="تكوين",
        action=0,
    )

    _migrate(_latest())
    ContentType.objects.clear_cache()

    from programmes.models import Training

    moved = ContentType.objects.get_for_model(Training)
    assert moved.pk == training_type.pk and moved.app_label == "programmes"
    assert not ContentType.objects.filter(app_label="artisans", model="training").exists()
    assert Training.objects.get(pk=training.pk).title == "تكوين في الدباغة"
    assert Training._meta.db_table == "programmes_training"
    clerk = django_user_model.objects.get(pk=clerk.pk)
    assert clerk.has_perm("programmes.change_training")
    assert Permission.objects.filter(
        content_type__app_label="programmes", codename="import_enrolment"
    ).exists()
    assert LogEntry.objects.get_for_object(Training.objects.get(pk=training.pk)).count() == 1
