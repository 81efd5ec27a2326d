"""Minutes are stored for good only when their labels came out in their language: a process that rendered them
without its catalogue (as prepare_demo once did) is refused before anything is approved or written."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from chamber.pdf import LETTERHEAD_LABELS, WrongLanguage, render_html, require_language
from meetings import services
from meetings.models import Session
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


@pytest.fixture
def without_project_catalogues(settings, tmp_path):
    """The state of a fresh clone before its catalogues are compiled: Django's own Arabic, none of the project's."""
    settings.LOCALE_PATHS = [tmp_path / "locale-not-compiled"]


@pytest.mark.django_db
def test_every_language_prints_its_own_letterhead_labels(profile):
    assert {code for code, _name in settings.LANGUAGES} <= set(LETTERHEAD_LABELS)
    for code, _name in settings.LANGUAGES:
        require_language(render_html("pdf/base.html", lang=code), lang=code)


@pytest.mark.django_db
def test_approving_minutes_rendered_without_the_catalogue_is_refused(
    profile, manager, without_project_catalogues, django_capture_on_commit_callbacks
):
    session = held_session(assembly(4))
    AgendaItemFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WrongLanguage) as refused:
        services.minutes_approve(session=session, by=manager)
    assert "المملكة المغربية" in str(refused.value) and "صفحة" in str(refused.value)
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert not session.minutes_pdf and not session.minutes_sha256
    assert not (settings.MEDIA_ROOT / "meetings").exists()


@pytest.mark.django_db
def test_the_admin_says_why_the_minutes_were_not_approved(
    client, manager, profile, without_project_catalogues
):
    session = held_session(assembly(4))
    client.force_login(manager)
    response = client.post(
        reverse("admin:meetings_session_act", args=[session.pk, "approve"]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("was not stored" in m and "compile_catalogues" in m for m in shown), shown
    assert Session.objects.get(pk=session.pk).status == Session.Status.HELD
