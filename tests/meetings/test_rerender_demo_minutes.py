"""`manage.py rerender_demo_minutes` renders the demo's approved minutes again, with an audit entry, and refuses
on any database that does not hold the demo data: real minutes are a legal record."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from chamber.models import ChamberProfile
from meetings import services
from meetings.models import Session
from tests.conftest import require_tool
from tests.meetings.factories import AgendaItemFactory, assembly, held_session
from tests.pdftools import pdf_text


@pytest.fixture
def frozen_with_a_stand_in(profile, manager, fast_pdf, monkeypatch, django_capture_on_commit_callbacks):
    """Approved minutes whose stored file is not what the renderer gives today (as English minutes were)."""
    session = held_session(assembly(4))
    AgendaItemFactory(session=session, title_ar="برنامج العمل")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(session=session, by=manager)
    monkeypatch.undo()  # the real renderer from here on
    session.refresh_from_db()
    assert default_storage.exists(session.minutes_pdf.name)
    return session


def _reason_entries(session):
    return LogEntry.objects.get_for_object(session).filter(
        additional_data__reason__icontains="rendered again"
    )


@pytest.mark.django_db
def test_real_data_is_refused(frozen_with_a_stand_in):
    session = frozen_with_a_stand_in
    ChamberProfile.objects.update(is_demo=False)
    with pytest.raises(CommandError, match="legal record"):
        call_command("rerender_demo_minutes")
    with pytest.raises(ValidationError, match="legal record"):
        services.minutes_rerender_demo(session=session)
    after = Session.objects.get(pk=session.pk)
    assert (after.minutes_sha256, after.minutes_pdf.name) == (
        session.minutes_sha256,
        session.minutes_pdf.name,
    )
    assert default_storage.open(session.minutes_pdf.name).read().startswith(b"%PDF-1.7\n% stand-in")
    assert not _reason_entries(session).exists()


@pytest.mark.django_db
def test_the_demo_minutes_are_rendered_again_and_audited(
    frozen_with_a_stand_in, django_capture_on_commit_callbacks
):
    require_tool("pdftotext")
    session = frozen_with_a_stand_in
    assert ChamberProfile.objects.get().is_demo  # seed_demo's profile
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rerender_demo_minutes", stdout=StringIO())
    after = Session.objects.get(pk=session.pk)
    assert after.status == Session.Status.MINUTES_APPROVED
    assert (
        after.minutes_sha256 != session.minutes_sha256 and after.minutes_pdf.name != session.minutes_pdf.name
    )
    assert not default_storage.exists(session.minutes_pdf.name)
    text = pdf_text(after.minutes_pdf.read())
    assert "محضر" in text and "Minutes" not in text
    entry = _reason_entries(session).get()
    assert entry.changes_dict["minutes_sha256"] == [session.minutes_sha256, after.minutes_sha256]
    # A second run finds nothing to change and records nothing.
    call_command("rerender_demo_minutes", stdout=StringIO())
    assert Session.objects.get(pk=session.pk).minutes_sha256 == after.minutes_sha256
    assert _reason_entries(session).count() == 1
