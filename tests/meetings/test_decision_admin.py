"""The decisions register's add page: the agenda item is chosen among the items of sessions where a vote can be
recorded, grouped by session, each named with its number, its session and the session's date."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Decision
from tests.admin_forms import errors, form_data_with_inlines
from tests.meetings.factories import AgendaItemFactory, SessionFactory, assembly, held_session


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def sessions(profile, fast_pdf):
    """Two sessions with an item of the same title: one held, one frozen; a planned one; an item already voted."""
    members = assembly(4)
    held = held_session(members, label_ar="دورة أكتوبر 2024")
    frozen = held_session(members, label_ar="دورة يونيو 2024")
    planned = SessionFactory(label_ar="دورة فبراير 2025")
    open_item = AgendaItemFactory(session=held, order=2, title_ar="برنامج العمل")
    voted = AgendaItemFactory(session=held, order=1, title_ar="الميزانية")
    services.decision_record(item=voted, votes_for=4)
    frozen_item = AgendaItemFactory(session=frozen, order=2, title_ar="برنامج العمل")
    services.minutes_freeze(session=frozen)
    planned_item = AgendaItemFactory(session=planned, order=2, title_ar="برنامج العمل")
    return {"open": open_item, "voted": voted, "frozen": frozen_item, "planned": planned_item}


def options(page: str) -> list[str]:
    select = page.split('name="item"')[1].split("</select>")[0]
    return [chunk.split('"')[0] for chunk in select.split('<option value="')[1:]]


@pytest.mark.django_db
def test_it_offers_only_items_a_vote_can_be_recorded_on_named_with_their_session(client, secretary, sessions):
    client.force_login(secretary)
    page = client.get(reverse("admin:meetings_decision_add")).content.decode()
    assert options(page) == ["", str(sessions["open"].pk)]
    assert 'class="related-lookup"' not in page  # no pop-up listing every session's items
    session = sessions["open"].session
    assert f'<optgroup label="{session.starts_at:%-d} ' in page and "دورة أكتوبر 2024" in page
    assert "Item 2: برنامج العمل — دورة أكتوبر 2024," in page


@pytest.mark.django_db
def test_an_item_of_a_frozen_session_is_refused_as_a_choice(client, secretary, sessions):
    client.force_login(secretary)
    data = {"votes_for": "4", "votes_against": "0", "abstentions": "0", "president_vote": ""}
    for key in ("frozen", "planned"):
        response = client.post(reverse("admin:meetings_decision_add"), {**data, "item": sessions[key].pk})
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["item"]
    assert not Decision.objects.filter(item__in=[sessions["frozen"], sessions["planned"]]).exists()


@pytest.mark.django_db
def test_a_recorded_decision_keeps_its_item_when_its_counts_are_corrected(client, secretary, sessions):
    decision = Decision.objects.get(item=sessions["voted"])
    client.force_login(secretary)
    url = reverse("admin:meetings_decision_change", args=[decision.pk])
    assert 'name="item"' not in client.get(url).content.decode()
    data = form_data_with_inlines(client, url)
    data.update(
        {"item": sessions["open"].pk, "votes_for": "3", "votes_against": "1"}
    )  # a posted item is ignored
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    decision.refresh_from_db()
    assert (decision.item_id, decision.votes_for, decision.number) == (
        sessions["voted"].pk,
        3,
        decision.number,
    )
    assert not Decision.objects.filter(item=sessions["open"]).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_item_chooser_in_arabic_names_each_session(chromium, live_server, secretary, sessions):
    from tests.meetings.test_desk_browser import ARTIFACTS, login

    clerk = login(chromium, live_server.url, secretary)
    clerk.page.set_viewport_size({"width": 1366, "height": 768})
    clerk.goto(f"{live_server.url}/admin/meetings/decision/add/")
    groups = clerk.page.eval_on_selector_all("#id_item optgroup", "gs => gs.map(g => g.label)")
    labels = clerk.page.eval_on_selector_all("#id_item option", "os => os.map(o => o.textContent)")
    assert len(groups) == 1 and "دورة أكتوبر 2024" in groups[0] and "منعقدة" in groups[0], groups
    assert labels[1].startswith("النقطة 2: برنامج العمل — دورة أكتوبر 2024، "), labels
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    clerk.page.screenshot(path=str(ARTIFACTS / "decision-add.png"))
