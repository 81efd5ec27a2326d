"""Public pages: calendar, detail with its apply button, the apply and withdraw views, past results, iCal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from exhibitions.models import Application, Exhibition

from .factories import ApplicationFactory, ArtisanFactory, ExhibitionFactory

S = Exhibition.Status


@pytest.fixture
def artisan(artisan_user):
    return ArtisanFactory(user=artisan_user)


@pytest.fixture
def artisan_client(client, artisan_user, artisan):
    client.force_login(artisan_user)
    return client


def test_the_calendar_lists_upcoming_exhibitions(client, profile):
    open_call = ExhibitionFactory()
    ExhibitionFactory(
        status=S.EVALUATED, start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 1, 5), title="قديم"
    )
    planned = ExhibitionFactory(status=S.PLANNED, title="معرض مبرمج")
    response = client.get(reverse("exhibitions:calendar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.count(reverse("exhibitions:detail", args=[open_call.pk]) + '"') == 1
    )  # listed once, as an open call
    assert planned.title in html
    assert "قديم" not in html


def test_the_detail_page_shows_the_apply_button_only_while_the_call_is_open(client, profile):
    exhibition = ExhibitionFactory()
    apply_url = reverse("exhibitions:apply", args=[exhibition.pk])
    assert apply_url in client.get(reverse("exhibitions:detail", args=[exhibition.pk])).content.decode()
    closed = ExhibitionFactory(status=S.SELECTION)
    page = client.get(reverse("exhibitions:detail", args=[closed.pk])).content.decode()
    assert reverse("exhibitions:apply", args=[closed.pk]) not in page


def test_applying_needs_a_login(client, profile):
    exhibition = ExhibitionFactory()
    response = client.get(reverse("exhibitions:apply", args=[exhibition.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_account_without_an_artisan_record_cannot_apply(client, artisan_user, profile):
    client.force_login(artisan_user)
    response = client.get(reverse("exhibitions:apply", args=[ExhibitionFactory().pk]))
    assert response.status_code == 403


def test_an_artisan_applies_from_the_portal(artisan_client, artisan, profile):
    exhibition = ExhibitionFactory()
    url = reverse("exhibitions:apply", args=[exhibition.pk])
    assert artisan_client.get(url).status_code == 200
    response = artisan_client.post(url, {"products": "زرابي", "space_m2": "12", "needs_electricity": "on"})
    assert response.status_code == 302
    application = Application.objects.get(exhibition=exhibition, artisan=artisan)
    assert application.needs_electricity and application.space_m2 == 12

    again = artisan_client.post(url, {"products": "فخار", "space_m2": "9"})
    assert again.status_code == 200
    assert "سبق لـ" in again.content.decode()
    assert Application.objects.filter(exhibition=exhibition).count() == 1


def test_an_artisan_sees_the_reason_and_can_withdraw_before_selection(artisan_client, artisan, profile):
    application = ApplicationFactory(
        artisan=artisan, status=Application.Status.WAITLISTED, reason="عدد الأروقة محدود"
    )
    detail = reverse("exhibitions:detail", args=[application.exhibition_id])
    assert "عدد الأروقة محدود" in artisan_client.get(detail).content.decode()
    assert "عدد الأروقة محدود" in artisan_client.get(reverse("exhibitions:mine")).content.decode()
    response = artisan_client.post(reverse("exhibitions:withdraw", args=[application.exhibition_id]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_a_late_withdrawal_is_refused_with_a_message(artisan_client, artisan, profile):
    application = ApplicationFactory(artisan=artisan, exhibition=ExhibitionFactory(status=S.SELECTION))
    response = artisan_client.post(
        reverse("exhibitions:withdraw", args=[application.exhibition_id]), follow=True
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_past_exhibitions_show_results_only_when_published(client, profile):
    published = ExhibitionFactory(
        status=S.EVALUATED,
        results_published=True,
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 1, 5),
    )
    published.visitor_counts.create(day=None, visitors=12345)
    hidden = ExhibitionFactory(status=S.HELD, start_date=dt.date(2023, 2, 1), end_date=dt.date(2023, 2, 5))
    hidden.visitor_counts.create(day=None, visitors=67890)
    page = client.get(reverse("exhibitions:past")).content.decode()
    assert "12.345" in page
    assert "67.890" not in page


def test_the_ical_feed_validates_and_links_each_event(client, profile):
    exhibitions = [ExhibitionFactory(), ExhibitionFactory(status=S.PLANNED)]
    response = client.get(reverse("exhibitions:ical"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    for event, exhibition in zip(events, exhibitions, strict=True):
        assert str(event["summary"]) == exhibition.title
        assert str(event["url"]) == "http://testserver" + reverse("exhibitions:detail", args=[exhibition.pk])
        assert event.decoded("dtstart") == exhibition.start_date
        assert event.decoded("dtend") == exhibition.end_date + dt.timedelta(days=1)
        assert event["uid"]


def test_the_home_page_gets_the_figure_and_the_upcoming_section(profile):
    from django.template.loader import render_to_string

    from exhibitions.selectors import portal_home_items

    ExhibitionFactory(
        start_date=dt.date(dt.date.today().year - 1, 1, 1), end_date=dt.date(dt.date.today().year - 1, 1, 2)
    )
    soon = ExhibitionFactory(start_date=dt.date.today() + dt.timedelta(days=1))
    items = portal_home_items()
    expected = 1 if soon.start_date.year == dt.date.today().year else 0
    assert items["key_figures"][0]["value"] == expected
    html = render_to_string(items["section"], items["context"])
    assert soon.title in html


def _held(n):
    for i in range(n):
        ExhibitionFactory(
            status=S.EVALUATED,
            results_published=True,
            start_date=dt.date(2023, 1, 1) + dt.timedelta(days=10 * i),
            end_date=dt.date(2023, 1, 3) + dt.timedelta(days=10 * i),
        )


def test_the_public_lists_run_a_fixed_number_of_queries(client, profile, queries):
    _held(2)
    ExhibitionFactory()
    client.get(reverse("exhibitions:past"))
    with queries.at_most(3) as ctx:
        client.get(reverse("exhibitions:past"))
    past_count = len(ctx.captured_queries)
    with queries.at_most(3) as ctx:
        client.get(reverse("exhibitions:calendar"))
    calendar_count = len(ctx.captured_queries)
    _held(6)
    for _ in range(4):
        ExhibitionFactory()
    with queries.exactly(past_count):
        assert client.get(reverse("exhibitions:past")).status_code == 200
    with queries.exactly(calendar_count):
        assert client.get(reverse("exhibitions:calendar")).status_code == 200
