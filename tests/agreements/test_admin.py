"""Staff screens: lists and change pages open, lifecycle buttons call services and show refusals as messages,
the XLSX export needs the export right, the fact sheet downloads."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement

from .factories import AgreementFactory, ContributionFactory, PartyFactory, ProjectFactory, pdf_file

pytestmark = pytest.mark.django_db


def test_lists_and_change_pages_open_for_partnerships(client, partnerships_officer, published):
    client.force_login(partnerships_officer)
    tao = published
    for url in (
        reverse("admin:agreements_agreement_changelist"),
        reverse("admin:agreements_agreement_change", args=[tao.pk]),
        reverse("admin:agreements_partner_changelist"),
        reverse("admin:agreements_project_changelist"),
        reverse("admin:agreements_project_change", args=[tao.projects.first().pk]),
        reverse("admin:agreements_agreement_add"),
    ):
        assert client.get(url).status_code == 200, url


def test_change_page_shows_totals_discrepancy_and_gap(client, partnerships_officer, profile):
    client.force_login(partnerships_officer)
    agreement = AgreementFactory(declared_budget="1500000.00")
    project = ProjectFactory(agreement=agreement, budget="1000000.00")
    ContributionFactory(project=project, amount="600000.00")
    response = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    body = response.content.decode()
    assert "الفرق: الميزانية المصرح بها ناقص مجموع المشاريع" in body
    assert "500.000,00" in body or "500 000,00" in body  # declared − projects
    assert "400.000,00" in body or "400 000,00" in body  # project gap
    agreement.refresh_from_db()
    assert agreement.declared_budget == 1500000  # shown, never overwritten


def test_sign_button_refuses_a_draft_with_the_reason(client, partnerships_officer, profile):
    client.force_login(partnerships_officer)
    agreement = AgreementFactory()
    url = reverse("admin:agreements_agreement_sign", args=[agreement.pk])
    response = client.post(url, {"signature_date": "2024-03-01", "signed_scan": pdf_file()})
    assert response.status_code == 200
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("يجب أولا أن تصادق عليها الجمعية العامة بمقرر" in t for t in texts)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_sign_button_signs_an_approved_agreement(client, partnerships_officer, profile):
    client.force_login(partnerships_officer)
    agreement = services.agreement_approve_historical(
        agreement=AgreementFactory(), approved_on=datetime.date(2024, 2, 1), register_reference="2024/2"
    )
    url = reverse("admin:agreements_agreement_sign", args=[agreement.pk])
    response = client.post(url, {"signature_date": "2024-03-01", "signed_scan": pdf_file()})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    response = client.post(reverse("admin:agreements_agreement_move", args=[agreement.pk, "start"]))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EXECUTION


def test_secretary_cannot_move_an_agreement(client, secretary, profile):
    client.force_login(secretary)
    agreement = AgreementFactory()
    response = client.post(
        reverse("admin:agreements_agreement_terminate", args=[agreement.pk]), {"reason": "x"}
    )
    assert response.status_code == 403


def test_xlsx_export_has_agreements_and_projects(client, manager, agreements_demo):
    client.force_login(manager)
    response = client.get(reverse("admin:agreements_agreement_export_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    agreements_sheet, projects_sheet = workbook.worksheets
    assert agreements_sheet.max_row - 1 == Agreement.objects.count()
    references = [row[0].value for row in agreements_sheet.iter_rows(min_row=2)]
    assert "TAO-2016" in references
    tao_row = next(r for r in agreements_sheet.iter_rows(min_row=2) if r[0].value == "TAO-2016")
    assert float(tao_row[12].value) == 28250000.0
    tao_projects = [r for r in projects_sheet.iter_rows(min_row=2) if r[0].value == "TAO-2016"]
    assert len(tao_projects) == 8


def test_xlsx_export_needs_the_export_right(client, secretary, profile):
    client.force_login(secretary)
    assert client.get(reverse("admin:agreements_agreement_export_xlsx")).status_code == 403


def test_fact_sheet_downloads_from_the_admin(client, partnerships_officer, profile):
    client.force_login(partnerships_officer)
    agreement = AgreementFactory()
    PartyFactory(agreement=agreement)
    response = client.get(reverse("admin:agreements_agreement_fact_sheet", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_change_page_offers_the_next_step_only(client, partnerships_officer, published):
    client.force_login(partnerships_officer)
    body = client.get(reverse("admin:agreements_agreement_change", args=[published.pk])).content.decode()
    assert reverse("admin:agreements_agreement_move", args=[published.pk, "complete"]) in body
    assert reverse("admin:agreements_agreement_move", args=[published.pk, "start"]) not in body
    assert reverse("admin:agreements_agreement_sign", args=[published.pk]) not in body


def _changelist_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("admin:agreements_agreement_changelist")).status_code == 200
    return len(ctx.captured_queries)


def test_agreement_list_query_count_does_not_grow(client, partnerships_officer, profile, queries):
    client.force_login(partnerships_officer)
    AgreementFactory.create_batch(3)
    _changelist_queries(client)
    few = _changelist_queries(client)
    AgreementFactory.create_batch(30)
    with queries.exactly(few):
        client.get(reverse("admin:agreements_agreement_changelist"))


def test_project_list_query_count_does_not_grow(client, partnerships_officer, profile, queries):
    client.force_login(partnerships_officer)
    url = reverse("admin:agreements_project_changelist")
    ContributionFactory.create_batch(2)
    client.get(url)
    with queries.at_most(20) as ctx:
        client.get(url)
    few = len(ctx.captured_queries)
    ContributionFactory.create_batch(20)
    with queries.exactly(few):
        assert client.get(url).status_code == 200
