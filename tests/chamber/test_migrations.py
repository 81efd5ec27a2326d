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


@pytest.mark.slow
def test_an_agenda_items_agreement_becomes_the_agreements_approval_item(db):
    old = _migrate([("agreements", "0005_historical_approval_reference")])
    Session = old.get_model("meetings", "Session")
    AgendaItem = old.get_model("meetings", "AgendaItem")
    Decision = old.get_model("meetings", "Decision")
    Agreement = old.get_model("agreements", "Agreement")
    voted_on, repeated, alone = (
        Agreement.objects.create(reference=f"T-{n}", title="اتفاقية", title_ar="اتفاقية") for n in (1, 2, 3)
    )

    def item(session, order, agreement):
        return AgendaItem.objects.create(
            session=session,
            order=order,
            kind="agreement_approval",
            title="مشروع اتفاقية",
            agreement=agreement,
        )

    june, october = (
        Session.objects.create(label=label, label_ar=label, starts_at=starts_at, venue="فاس")
        for label, starts_at in (
            ("دورة يونيو", dt.datetime(2024, 6, 20, 10, tzinfo=dt.UTC)),
            ("دورة أكتوبر", dt.datetime(2024, 10, 17, 10, tzinfo=dt.UTC)),
        )
    )
    vote = item(june, 1, voted_on)
    Decision.objects.create(
        item=vote, session=june, year=2024, number=1, votes_for=20, outcome="adopted", wording="صادق",
        decided_on=dt.date(2024, 6, 20),
    )  # fmt: skip
    item(october, 1, voted_on)  # listed again later, but the vote was in June
    item(june, 2, repeated)
    later = item(october, 2, repeated)
    only = item(october, 3, alone)

    _migrate(_latest())

    from agreements.models import Agreement as Current

    links = dict(
        Current.objects.filter(reference__startswith="T-").values_list("reference", "approval_item_id")
    )
    assert links == {"T-1": vote.pk, "T-2": later.pk, "T-3": only.pk}
