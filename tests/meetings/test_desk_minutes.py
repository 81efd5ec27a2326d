"""The desk's minutes step: the summaries in the rich-text editor and the recommendations table, written through
meetings.services, cleaned by nh3, and refused with the clerk's message once the minutes are approved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import FrozenEditAttempt, Recommendation
from tests.meetings.factories import AgendaItemFactory, assembly, held_session


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def desk_url(session) -> str:
    return reverse("admin:meetings_session_desk", args=[session.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def summaries_post(session, opening, **items) -> dict:
    data = {"form": "summaries", "opening_summary": opening}
    data.update({f"summary-{pk}": html for pk, html in items.items()})
    return data


def recommendations_post(rows, *, initial: int) -> dict:
    data = {
        "form": "recommendations",
        "rec-TOTAL_FORMS": str(len(rows)),
        "rec-INITIAL_FORMS": str(initial),
        "rec-MIN_NUM_FORMS": "0",
        "rec-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"rec-{index}-{name}"] = value
    return data


@pytest.fixture
def held(profile):
    members = assembly(5)
    session = held_session(members)
    item = AgendaItemFactory(session=session, title_ar="تقييم المعارض", order=1)
    return session, item


@pytest.mark.django_db
def test_it_shows_the_editor_for_the_opening_and_each_item(client, secretary, held):
    session, item = held
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert 'name="opening_summary"' in page and f'name="summary-{item.pk}"' in page
    assert page.count("data-chamber-prose") == 2
    assert "chamber/prose-editor.js" in page and 'type="module"' in page


@pytest.mark.django_db
def test_it_saves_the_summaries_cleaned_by_nh3(client, secretary, held):
    session, item = held
    client.force_login(secretary)
    response = client.post(
        desk_url(session),
        summaries_post(
            session,
            '<p style="color:red">افتتح <strong>الرئيس</strong> الدورة</p><script>alert(1)</script>',
            **{str(item.pk): '<ul><li><a href="javascript:x">نقطة</a></li></ul>'},
        ),
    )
    assert response.status_code == 302 and response.url.endswith("#summaries")
    session.refresh_from_db()
    item.refresh_from_db()
    assert session.opening_summary_ar == "<p>افتتح <strong>الرئيس</strong> الدورة</p>"
    assert item.summary_ar == "<ul><li>نقطة</li></ul>"


@pytest.mark.django_db
def test_a_summary_of_approved_minutes_is_refused_with_the_reason(client, secretary, held, fast_pdf):
    session, item = held
    services.minutes_freeze(session=session)
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert 'name="opening_summary"' not in page
    assert "the summaries and recommendations are frozen" in page
    response = client.post(
        desk_url(session),
        summaries_post(session, "<p>تغيير</p>", **{str(item.pk): "<p>تغيير</p>"}),
        follow=True,
    )
    session.refresh_from_db()
    assert session.opening_summary_ar in ("", None)
    assert any("are approved: the summaries can no longer be changed" in m for m in messages_of(response))
    assert FrozenEditAttempt.objects.filter(session=session, via="desk").count() == 1


@pytest.mark.django_db
def test_recommendations_are_added_corrected_and_deleted_on_the_desk(client, secretary, held):
    session, _item = held
    kept = services.recommendation_create(session=session, text_ar="توصية أولى", owner="مكتب الغرفة")
    dropped = services.recommendation_create(session=session, text_ar="توصية ثانية", owner="اللجنة")
    client.force_login(secretary)
    page = client.get(desk_url(session)).content.decode()
    assert "توصية أولى" in page and 'name="rec-2-text"' in page  # two rows and a blank one
    response = client.post(
        desk_url(session),
        recommendations_post(
            [
                {"id": kept.pk, "text": "توصية أولى معدلة", "owner": "مكتب الغرفة", "deadline": "31/10/2023",
                 "status": "open"},
                {"id": dropped.pk, "text": "توصية ثانية", "owner": "اللجنة", "deadline": "", "status": "open",
                 "DELETE": "on"},
                {"id": "", "text": "توصية جديدة", "owner": "المدير", "deadline": "", "status": "open"},
            ],
            initial=2,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    rows = {r.text_ar: r for r in Recommendation.objects.filter(session=session)}
    assert set(rows) == {"توصية أولى معدلة", "توصية جديدة"}
    assert rows["توصية أولى معدلة"].deadline == dt.date(2023, 10, 31)
    assert rows["توصية جديدة"].owner == "المدير"


@pytest.mark.django_db
def test_a_bad_recommendation_row_names_its_field_and_writes_nothing(client, secretary, held):
    session, _item = held
    client.force_login(secretary)
    response = client.post(
        desk_url(session),
        recommendations_post(
            [
                {"id": "", "text": "توصية", "owner": "", "deadline": "31/02/2024", "status": "open"},
            ],
            initial=0,
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid date." in page and "This field is required." in page
    assert 'value="31/02/2024"' in page  # the input stays on screen
    assert not Recommendation.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_recommendations_of_approved_minutes_are_refused_but_followed_up(held, fast_pdf):
    session, _item = held
    recommendation = services.recommendation_create(session=session, text_ar="توصية", owner="مكتب الغرفة")
    services.minutes_freeze(session=session)
    with pytest.raises(ValidationError, match="the recommendations can no longer be changed"):
        services.recommendation_update(recommendation=recommendation, text_ar="نص آخر")
    with pytest.raises(ValidationError, match="the recommendations can no longer be changed"):
        services.recommendation_create(session=session, text_ar="توصية أخرى", owner="اللجنة")
    with pytest.raises(ValidationError, match="the recommendations can no longer be changed"):
        services.recommendation_delete(recommendation=recommendation)
    services.recommendation_update(recommendation=recommendation, status=Recommendation.Status.DONE)
    recommendation.refresh_from_db()
    assert (recommendation.text_ar, recommendation.status) == ("توصية", Recommendation.Status.DONE)
    assert FrozenEditAttempt.objects.filter(session=session).count() == 3


@pytest.mark.django_db
def test_the_desk_posts_recommendations_of_approved_minutes_in_vain(client, secretary, held, fast_pdf):
    session, _item = held
    services.minutes_freeze(session=session)
    client.force_login(secretary)
    response = client.post(
        desk_url(session),
        recommendations_post(
            [{"id": "", "text": "توصية", "owner": "اللجنة", "deadline": "", "status": "open"}], initial=0
        ),
    )
    assert response.status_code == 200
    assert any("the recommendations can no longer be changed" in m for m in messages_of(response))
    assert not Recommendation.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_the_recommendations_admin_follows_up_approved_ones_but_keeps_their_wording(
    client, secretary, held, fast_pdf
):
    session, _item = held
    recommendation = services.recommendation_create(session=session, text_ar="توصية", owner="مكتب الغرفة")
    services.minutes_freeze(session=session)
    client.force_login(secretary)
    url = reverse("admin:meetings_recommendation_change", args=[recommendation.pk])
    form = {"session": session.pk, "text_ar": "توصية", "text_fr": "", "owner": "مكتب الغرفة", "deadline": ""}
    response = client.post(url, {**form, "text_ar": "نص آخر", "status": "open"}, follow=True)
    assert any("the recommendations can no longer be changed" in m for m in messages_of(response))
    response = client.post(url, {**form, "status": "done"})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text_ar, recommendation.status) == ("توصية", "done")


@pytest.mark.django_db
def test_the_recommendations_admin_adds_through_the_service(client, secretary, held, monkeypatch):
    session, _item = held
    calls = []
    original = services.recommendation_create
    monkeypatch.setattr(services, "recommendation_create", lambda **kw: calls.append(kw) or original(**kw))
    client.force_login(secretary)
    data = {"session": session.pk, "text_ar": "توصية جديدة", "text_fr": "", "owner": "اللجنة", "deadline": "",
            "status": "open"}  # fmt: skip
    response = client.post(reverse("admin:meetings_recommendation_add"), data)
    assert response.status_code == 302
    assert len(calls) == 1 and Recommendation.objects.get(session=session).text_ar == "توصية جديدة"
