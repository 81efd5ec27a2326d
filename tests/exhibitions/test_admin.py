"""Admin: the Exhibitions group edits, Management reads; the participants list has a pinned query count;
buttons call the services and show their refusals."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from exhibitions import services
from exhibitions.models import Application, Exhibition

from .factories import ApplicationFactory, ExhibitionFactory

S = Exhibition.Status


@pytest.fixture
def officer_client(client, exhibitions_officer, profile):
    client.force_login(exhibitions_officer)
    return client


def test_every_admin_page_opens_for_the_exhibitions_officer(officer_client):
    exhibition = ExhibitionFactory()
    application = ApplicationFactory(exhibition=exhibition)
    for name in (
        "exhibition",
        "application",
        "annualprogramme",
        "standassignment",
        "visitorcount",
        "reportattachment",
    ):
        assert officer_client.get(reverse(f"admin:exhibitions_{name}_changelist")).status_code == 200, name
    assert (
        officer_client.get(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])).status_code
        == 200
    )
    assert (
        officer_client.get(reverse("admin:exhibitions_application_change", args=[application.pk])).status_code
        == 200
    )
    assert officer_client.get(reverse("admin:exhibitions_exhibition_add")).status_code == 200


def test_management_reads_but_does_not_edit(client, manager, profile):
    exhibition = ExhibitionFactory()
    client.force_login(manager)
    assert client.get(reverse("admin:exhibitions_exhibition_changelist")).status_code == 200
    assert client.get(reverse("admin:exhibitions_exhibition_add")).status_code == 403
    response = client.post(
        reverse("admin:exhibitions_exhibition_move", args=[exhibition.pk]), {"to": S.SELECTION}
    )
    assert response.status_code == 403
    exhibition.refresh_from_db()
    assert exhibition.status == S.CALL_OPEN


def _participants_page(client, exhibition):
    return client.get(
        reverse("admin:exhibitions_application_changelist") + f"?exhibition__id__exact={exhibition.pk}"
    )


def test_the_participants_list_runs_a_fixed_number_of_queries(officer_client, queries):
    exhibition = ExhibitionFactory(capacity=30, stand_count=30)
    for _ in range(3):
        ApplicationFactory(exhibition=exhibition)
    _participants_page(officer_client, exhibition)  # warm the session and the caches
    with queries.exactly(7) as few:
        assert _participants_page(officer_client, exhibition).status_code == 200
    for _ in range(12):
        services.application_decide(application=ApplicationFactory(exhibition=exhibition), decision="accept")
    services.stands_assign_remaining(exhibition=exhibition)
    with queries.exactly(len(few.captured_queries)):
        response = _participants_page(officer_client, exhibition)
    assert response.status_code == 200


def test_the_move_button_calls_the_service_and_shows_a_refusal(officer_client):
    exhibition = ExhibitionFactory(status=S.CONFIRMED)  # starts in the future: cannot be held yet
    url = reverse("admin:exhibitions_exhibition_move", args=[exhibition.pk])
    response = officer_client.post(url, {"to": S.HELD}, follow=True)
    assert response.status_code == 200
    assert "لا يمكن اعتباره منظما" in response.content.decode()
    exhibition.refresh_from_db()
    assert exhibition.status == S.CONFIRMED


def test_the_decision_action_asks_for_a_reason_and_refuses_over_capacity(officer_client):
    exhibition = ExhibitionFactory(capacity=1)
    first, second = ApplicationFactory(exhibition=exhibition), ApplicationFactory(exhibition=exhibition)
    url = reverse("admin:exhibitions_application_changelist")
    data = {"action": "accept_selected", "_selected_action": [first.pk, second.pk]}
    assert officer_client.post(url, data).status_code == 200  # the reason form
    response = officer_client.post(url, {**data, "apply": "1", "reason": ""}, follow=True)
    assert "مكتمل" in response.content.decode()
    assert exhibition.applications.filter(status=Application.Status.ACCEPTED).count() == 1


def test_staff_add_a_participant_and_a_duplicate_is_refused(officer_client):
    application = ApplicationFactory()
    url = reverse("admin:exhibitions_application_add")
    response = officer_client.post(
        url,
        {
            "exhibition": application.exhibition_id,
            "artisan": application.artisan_id,
            "products": "نحاس",
            "space_m2": "9",
        },
    )
    assert response.status_code == 200
    assert "سبق لـ" in response.content.decode()


def _sheet(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "sales.xlsx"
    return buffer


def test_the_sales_import_is_all_or_nothing_with_row_errors(officer_client):
    exhibition = ExhibitionFactory(
        status=S.HELD, start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 3, 5)
    )
    a = ApplicationFactory(exhibition=exhibition, status=Application.Status.ACCEPTED)
    b = ApplicationFactory(exhibition=exhibition, status=Application.Status.ACCEPTED)
    url = reverse("admin:exhibitions_exhibition_sales_import", args=[exhibition.pk])
    bad = _sheet(
        [
            ["application", "participant", "stand", "sales_mad"],
            [a.pk, "", "", 1500],
            [b.pk, "", "", "abc"],
            [999999, "", "", 10],
        ]
    )
    response = officer_client.post(url, {"file": bad})
    page = response.content.decode()
    assert "السطر 3" in page and "السطر 4" in page
    a.refresh_from_db()
    assert a.sales_amount is None  # nothing saved
    good = _sheet(
        [
            ["application", "participant", "stand", "sales_mad"],
            [a.pk, "", "", 1500],
            [b.pk, "", "", "2500,50"],
        ]
    )
    assert officer_client.post(url, {"file": good}).status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (str(a.sales_amount), str(b.sales_amount)) == ("1500.00", "2500.50")


def test_the_report_downloads_for_a_period(client, manager, profile):
    client.force_login(manager)
    url = reverse("admin:exhibitions_exhibition_report")
    assert client.get(url).status_code == 200
    response = client.get(url, {"start": "2023-01-01", "end": "2023-05-31", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_suggestion_page_balances_and_accepts_only_ticked(officer_client):
    exhibition = ExhibitionFactory(capacity=2)
    applications = [ApplicationFactory(exhibition=exhibition) for _ in range(3)]
    url = reverse("admin:exhibitions_exhibition_suggest", args=[exhibition.pk])
    assert officer_client.get(url).status_code == 200
    officer_client.post(url, {"accept": [applications[2].pk]})
    assert list(exhibition.applications.filter(status="accepted")) == [applications[2]]


def test_a_report_agenda_item_attaches_the_evaluation_for_its_period(officer_client):
    from meetings.models import AgendaItem, Session

    session = Session.objects.create(
        label="دورة يونيو 2023", starts_at=dt.datetime(2023, 6, 22, 10, tzinfo=dt.UTC), venue="تاونات"
    )
    report_item = AgendaItem.objects.create(session=session, order=1, kind="report", title="تقييم المعارض")
    other_item = AgendaItem.objects.create(session=session, order=2, kind="other", title="نقطة أخرى")
    url = reverse("admin:exhibitions_reportattachment_add")
    refused = officer_client.post(
        url, {"agenda_item": other_item.pk, "start": "2023-01-01", "end": "2023-05-31"}
    )
    assert refused.status_code == 200  # only a "report" item may carry it
    response = officer_client.post(
        url, {"agenda_item": report_item.pk, "start": "2023-01-01", "end": "2023-05-31"}
    )
    assert response.status_code == 302
    listing = officer_client.get(reverse("admin:exhibitions_reportattachment_changelist")).content.decode()
    assert "start=2023-01-01&amp;end=2023-05-31&amp;format=pdf" in listing
