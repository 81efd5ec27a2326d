"""The final minutes are stored under their content's SHA-256 before the approval commits; if storage fails nothing
is approved. `manage.py verify_documents` hashes every stored final document again and fails on any difference."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import ManagementUtility, call_command

from meetings import services
from meetings.models import Decision, Session
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


class FailingStorage(FileSystemStorage):
    """A disk that is full: every write fails."""

    def _save(self, name, content):
        raise OSError(28, "No space left on device")


@pytest.fixture
def failing_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FailingStorage"}}


@pytest.fixture
def drafted(profile, fast_pdf):
    session = held_session(assembly(4))
    AgendaItemFactory(session=session, title_ar="برنامج العمل")
    return services.minutes_draft(session=session)


def test_the_final_minutes_are_in_storage_under_their_hash_before_the_approval_commits(
    drafted, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session = services.minutes_approve(session=drafted, by=manager)
        stored = default_storage.open(session.minutes_pdf.name, "rb").read()
    assert callbacks == []  # nothing was left for after the commit
    assert hashlib.sha256(stored).hexdigest() == session.minutes_sha256
    assert session.minutes_pdf.name == f"meetings/minutes/2024/{session.minutes_sha256}.pdf"


def test_if_storage_fails_the_minutes_are_not_approved(drafted, manager, failing_storage):
    with pytest.raises(ValidationError, match="could not be stored") as refused:
        services.minutes_approve(session=drafted, by=manager)
    assert "not approved" in refused.value.messages[0]
    after = Session.objects.get(pk=drafted.pk)
    assert (after.status, after.minutes_sha256, after.minutes_pdf.name) == (
        Session.Status.MINUTES_DRAFTED,
        "",
        "",
    )


def test_if_storage_fails_the_approving_vote_is_not_recorded_either(profile, fast_pdf, failing_storage):
    members = assembly(4)
    drafted = services.minutes_draft(session=held_session(members))
    next_session = held_session(
        members, label_ar="دورة أكتوبر 2024", starts_at=drafted.starts_at + dt.timedelta(days=120)
    )
    item = AgendaItemFactory(session=next_session, kind="minutes_approval", approves_session=drafted)
    with pytest.raises(ValidationError, match="could not be stored"):
        services.decision_record(item=item, votes_for=4)
    assert not Decision.objects.filter(item=item).exists()
    assert Session.objects.get(pk=drafted.pk).status == Session.Status.MINUTES_DRAFTED


@pytest.fixture
def two_approved(profile, manager, fast_pdf):
    sessions, members = [], assembly(4)
    for months, label in enumerate(("دورة يونيو 2024", "دورة أكتوبر 2024")):
        starts_at = dt.datetime(2024, 6 + 4 * months, 20, 10, tzinfo=dt.UTC)
        session = held_session(members, label_ar=label, starts_at=starts_at)
        AgendaItemFactory(session=session, title_ar=f"برنامج {label}")
        sessions.append(services.minutes_approve(session=session, by=manager))
    return sessions


def _verify() -> tuple[int, str, str]:
    """Run `manage.py verify_documents` as the shell would: its exit code and its output (the system checks are
    another test's business)."""
    out, err = io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ManagementUtility(["manage.py", "verify_documents", "--skip-checks"]).execute()
            code = 0
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_verify_documents_passes_when_every_stored_document_is_intact(two_approved):
    out = io.StringIO()
    call_command("verify_documents", stdout=out)
    assert "2 stored final documents verified" in out.getvalue()
    assert _verify()[0] == 0


def test_verify_documents_reports_a_changed_file_and_exits_non_zero(two_approved):
    changed = two_approved[1]
    path = default_storage.path(changed.minutes_pdf.name)
    with open(path, "ab") as handle:
        handle.write(b"% tampered")

    code, _out, err = _verify()

    assert code == 1
    assert f"mismatch: session {changed.pk}" in err and changed.minutes_sha256 in err
    assert f"session {two_approved[0].pk}" not in err
    assert "1 of 2 stored final documents failed verification" in err


def test_verify_documents_reports_a_missing_file_and_exits_non_zero(two_approved):
    gone = two_approved[0]
    default_storage.delete(gone.minutes_pdf.name)

    code, _out, err = _verify()

    assert code == 1
    assert f"missing: session {gone.pk}" in err and "no file" in err
