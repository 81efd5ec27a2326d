"""The session admin: printing buttons, step actions by role, and list pages with pinned query counts."""

import pytest
from django.urls import reverse

from meetings.models import Session
from tests.meetings.factories import AgendaItemFactory, MemberFactory, SessionFactory, assembly, held_session


@pytest.mark.django_db
def test_the_session_page_offers_the_printing_buttons(client, secretary, profile):
    session = SessionFactory()
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_session_change", args=[session.pk])).content.decode()
    for name in ("convocation", "sheet", "preview"):
        assert reverse(f"admin:meetings_session_{name}", args=[session.pk]) in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["convocation", "sheet", "preview"])
def test_the_buttons_return_pdfs(client, secretary, profile, name):
    session = held_session(assembly(4))
    AgendaItemFactory(session=session)
    client.force_login(secretary)
    response = client.get(reverse(f"admin:meetings_session_{name}", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_secretary_cannot_approve_minutes_but_management_can(client, secretary, manager, profile, fast_pdf):
    session = held_session(assembly(4))
    url = reverse("admin:meetings_session_act", args=[session.pk, "approve"])
    client.force_login(secretary)
    assert client.post(url).status_code == 403
    client.force_login(manager)
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert Session.objects.get(pk=session.pk).status == Session.Status.MINUTES_APPROVED


@pytest.mark.django_db
def test_management_reads_and_convenes_but_cannot_open(client, manager, profile):
    session = SessionFactory()
    client.force_login(manager)
    assert client.get(reverse("admin:meetings_session_change", args=[session.pk])).status_code == 200
    assert client.post(reverse("admin:meetings_session_act", args=[session.pk, "convene"])).status_code == 302
    assert client.post(reverse("admin:meetings_session_act", args=[session.pk, "open"])).status_code == 403


@pytest.mark.django_db
def test_a_refused_step_shows_the_reason(client, secretary, profile):
    session = SessionFactory()
    client.force_login(secretary)
    response = client.post(reverse("admin:meetings_session_act", args=[session.pk, "open"]), follow=True)
    assert "cannot be" in response.content.decode() or "لا يمكن" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["session", "member", "decision", "attendance", "agendaitem"])
def test_list_pages_do_not_grow_with_rows(client, secretary, profile, queries, model):
    members = assembly(4)
    held_session(members, label_ar="دورة أولى")
    client.force_login(secretary)
    url = reverse(f"admin:meetings_{model}_changelist")
    client.get(url)
    with queries.at_most(14) as first:
        assert client.get(url).status_code == 200
    baseline = len(first.captured_queries)
    for index in range(3):
        session = held_session(members, label_ar=f"دورة {index}")
        AgendaItemFactory(session=session)
    MemberFactory.create_batch(3)
    with queries.exactly(baseline):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_open_recommendations_report(client, secretary, profile):
    from meetings.models import Recommendation

    session = SessionFactory()
    Recommendation.objects.create(session=session, text_ar="توصية مفتوحة", owner="المكتب")
    Recommendation.objects.create(session=session, text_ar="توصية منجزة", owner="المكتب", status="done")
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_recommendation_changelist") + "?open=yes").content.decode()
    assert "توصية مفتوحة" in page and "توصية منجزة" not in page
