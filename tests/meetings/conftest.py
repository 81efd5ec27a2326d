"""Fixtures of the meetings tests."""

import pytest


@pytest.fixture
def fast_pdf(monkeypatch):
    """For tests about workflow, not layout: a stand-in renderer that returns distinct small PDF bytes at once."""
    from meetings import documents

    def fake(template_name, context=None, *, lang="ar", pdf_a=True, final=False):
        session = (context or {}).get("session")
        return b"%PDF-1.7\n% stand-in " + template_name.encode() + f" {getattr(session, 'pk', '')}".encode()

    monkeypatch.setattr(documents, "render_pdf", fake)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English (the msgids); documents render under their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
