"""Archiving: the export command copies a year's approved minutes with their SHA-256 sums."""

import hashlib

import pytest
from django.core.management import call_command

from meetings import services
from tests.meetings.factories import assembly, held_session


@pytest.mark.django_db
def test_it_exports_the_approved_minutes_of_a_year(
    tmp_path, profile, manager, django_capture_on_commit_callbacks, fast_pdf
):
    members = assembly(4)
    approved = held_session(members)
    held_session(members, label_ar="دورة أخرى")  # held, not approved: not exported
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(session=approved, by=manager)
    call_command("export_minutes", "2024", str(tmp_path / "out"))
    pdfs = list((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 1
    digest = hashlib.sha256(pdfs[0].read_bytes()).hexdigest()
    assert (tmp_path / "out" / "SHA256SUMS").read_text() == f"{digest}  {pdfs[0].name}\n"
