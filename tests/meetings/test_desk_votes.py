"""The session desk, second part: votes on their item with the decision's number and wording at once, the
wording corrected before approval, confirmation pages for the steps that freeze or send, and Management convening."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Decision, Session
from tests.meetings.factories import AgendaItemFactory, SessionFactory, assembly, held_session

SUBJECT = "مشروع اتفاقية الشراكة والتعاون بين الغرفة وجهة فاس مكناس"


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def desk_url(session) -> str:
    return reverse("admin:meetings_session_desk", args=[session.pk])


def act_url(session, action) -> str:
    return reverse("admin:meetings_session_act", args=[session.pk, action])


def agreement_item(session) -> AgendaItem:
    return AgendaItemFactory(
        session=session,
        kind=AgendaItem.Kind.AGREEMENT_APPROVAL,
        title_ar="المصادقة على اتفاقية الشراكة والتعاون",
        subject_ar=SUBJECT,
    )


@pytest.mark.django_db
def test_the_vote_form_is_prefilled_with_the_members_present(client, secretary, profile):
    session = held_session(assembly(9), present=7)
    item = agreement_item(session)
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    form = page.split(f'id="item-{item.pk}"')[1]
    assert 'name="votes_for" value="7"' in form


@pytest.mark.django_db
def test_saving_a_vote_shows_the_decision_number_and_its_wording_at_once(client, secretary, profile):
    session = held_session(assembly(9), present=7)
    item = agreement_item(session)
    client.force_login(secretary)
    data = {"form": "vote", "item": item.pk, "votes_for": "7", "votes_against": "0", "abstentions": "0"}
    response = client.post(desk_url(session), data, follow=True)
    decision = Decision.objects.get(item=item)
    wording = f"صادقت الجمعية العامة بالإجماع على {SUBJECT}."
    assert decision.wording == wording
    page = response.content.decode()
    assert f"Decision {decision.number}/2024 recorded: {wording}" in page
    assert f'id="decision-{item.pk}"' in page


@pytest.mark.django_db
def test_the_wording_falls_back_to_the_title_without_a_subject(profile):
    session = held_session(assembly(4))
    item = AgendaItemFactory(session=session, title_ar="البرنامج السنوي للمعارض")
    decision = services.decision_record(item=item, votes_for=4)
    assert decision.wording == "صادقت الجمعية العامة بالإجماع على البرنامج السنوي للمعارض."


@pytest.mark.django_db
def test_a_count_that_is_not_a_number_is_refused_naming_the_item_and_the_field(client, secretary, profile):
    session = held_session(assembly(4))
    item = agreement_item(session)
    client.force_login(secretary)
    data = {"form": "vote", "item": item.pk, "votes_for": "3x", "votes_against": "0", "abstentions": "0"}
    page = client.post(desk_url(session), data, follow=True).content.decode()
    assert "votes for must be a whole number, not “3x”" in page and item.title in page
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_more_votes_than_members_present_are_refused(client, secretary, profile):
    session = held_session(assembly(9), present=7)
    item = agreement_item(session)
    client.force_login(secretary)
    data = {"form": "vote", "item": item.pk, "votes_for": "8", "votes_against": "0", "abstentions": "0"}
    page = client.post(desk_url(session), data, follow=True).content.decode()
    assert "more than the 7 members present" in page
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_an_item_of_another_session_cannot_be_voted_from_this_desk(client, secretary, profile):
    members = assembly(4)
    session = held_session(members)
    other = agreement_item(held_session(members, label_ar="دورة أخرى"))
    client.force_login(secretary)
    data = {"form": "vote", "item": other.pk, "votes_for": "4"}
    assert client.post(desk_url(session), data).status_code == 404


@pytest.mark.django_db
def test_the_secretary_corrects_the_wording_before_approval(client, secretary, profile, fast_pdf):
    session = held_session(assembly(4))
    item = agreement_item(session)
    decision = services.decision_record(item=item, votes_for=4)
    client.force_login(secretary)
    corrected = f"صادقت الجمعية العامة بالإجماع على {SUBJECT} كما عرضها رئيس الغرفة."
    client.post(desk_url(session), {"form": "wording", "item": item.pk, "wording": corrected})
    decision.refresh_from_db()
    assert decision.wording == corrected
    services.minutes_freeze(session=session)
    page = client.post(
        desk_url(session), {"form": "wording", "item": item.pk, "wording": "نص آخر"}, follow=True
    )
    assert Decision.objects.get(pk=decision.pk).wording == corrected
    assert "can no longer be changed" in page.content.decode() or page.status_code == 403


@pytest.mark.django_db
def test_the_decision_admin_message_and_recent_actions_show_the_number(client, secretary, profile):
    session = held_session(assembly(4))
    item = agreement_item(session)
    client.force_login(secretary)
    data = {"item": item.pk, "votes_for": "4", "votes_against": "0", "abstentions": "0", "president_vote": ""}
    response = client.post(reverse("admin:meetings_decision_add"), data, follow=True)
    decision = Decision.objects.get(item=item)
    assert decision.reference == f"{decision.number}/2024"
    page = response.content.decode()
    assert f">{decision.reference}</a>” was added" in page and "None/None" not in page
    assert LogEntry.objects.get(object_id=str(decision.pk)).object_repr == decision.reference


@pytest.mark.django_db
def test_approving_asks_first_and_lists_what_is_frozen(client, manager, profile, fast_pdf):
    session = held_session(assembly(4))
    services.decision_record(item=agreement_item(session), votes_for=4)
    client.force_login(manager)
    page = client.post(act_url(session, "approve"))
    text = page.content.decode()
    assert page.status_code == 200 and "This cannot be undone." in text
    assert "4 attendance rows" in text and "1 decisions" in text and "No e-mail is sent." in text
    assert Session.objects.get(pk=session.pk).status == Session.Status.HELD
    response = client.post(act_url(session, "approve"), {"confirm": "yes", "from": "desk"})
    assert response.status_code == 302 and response["Location"] == desk_url(session)
    assert Session.objects.get(pk=session.pk).status == Session.Status.MINUTES_APPROVED


@pytest.mark.django_db
def test_the_confirmation_page_is_refused_to_the_secretary(client, secretary, profile):
    session = held_session(assembly(4))
    client.force_login(secretary)
    assert client.get(act_url(session, "approve")).status_code == 403


@pytest.mark.django_db
def test_sending_convocations_asks_first_and_says_to_how_many(client, secretary, profile):
    from tests.meetings.factories import MemberFactory

    assembly(4)
    without = MemberFactory(email="")
    session = SessionFactory(starts_at=dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=30))
    client.force_login(secretary)
    text = client.post(act_url(session, "send")).content.decode()
    assert "4 sitting members are e-mailed" in text and f"get nothing: {without}." in text
    assert mail.outbox == []
    client.post(act_url(session, "send"), {"confirm": "yes"})
    assert session.convocations.count() == 4


@pytest.mark.django_db
def test_management_alone_convenes_a_past_session_with_a_recorded_reason(client, manager, profile):
    session = SessionFactory()  # 20 June 2024: in the past
    client.force_login(manager)
    refused = client.post(act_url(session, "convene"), {"from": "desk"}, follow=True).content.decode()
    assert "which is already past" in refused and "only 0" not in refused
    assert Session.objects.get(pk=session.pk).status == Session.Status.PLANNED
    reason = "تسجيل دورة سابقة من الأرشيف"
    client.post(act_url(session, "convene"), {"override_reason": reason, "from": "desk"})
    session.refresh_from_db()
    assert session.status == Session.Status.CONVENED
    assert session.notice_override_reason == reason and session.notice_override_by == manager


@pytest.mark.django_db
def test_management_sees_the_convene_button_on_the_desk(client, manager, profile):
    session = SessionFactory()
    client.force_login(manager)
    page = client.get(desk_url(session)).content.decode()
    assert act_url(session, "convene") in page


def test_short_notice_is_refused_with_the_real_number_of_days(db, profile, secretary):
    session = SessionFactory(starts_at=dt.datetime(2024, 6, 20, 10, tzinfo=dt.UTC))
    with pytest.raises(services.ValidationError, match="only 3 full days away"):
        services.session_convene(session=session, by=secretary, today=dt.date(2024, 6, 16))


@pytest.mark.django_db
def test_a_second_session_on_the_same_date_gets_a_warning(client, secretary, profile):
    first = SessionFactory(label_ar="دورة يونيو")
    same_day = SessionFactory.build(label_ar="دورة أخرى", starts_at=first.starts_at + dt.timedelta(hours=3))
    warnings = services.session_warnings(session=same_day)
    assert any("Another session, دورة يونيو, is on the same date" in w for w in warnings)
    assert not any("Another session" in w for w in services.session_warnings(session=first))


@pytest.mark.django_db
def test_a_frozen_record_says_why_it_is_read_only(client, secretary, profile, fast_pdf):
    session = held_session(assembly(4))
    item = agreement_item(session)
    services.minutes_freeze(session=session)
    client.force_login(secretary)
    for url in (
        reverse("admin:meetings_session_change", args=[session.pk]),
        reverse("admin:meetings_agendaitem_change", args=[item.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Read only: the minutes of" in page and "frozen for good" in page
