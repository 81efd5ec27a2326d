"""The Partnerships/Management dashboard: it opens for both roles, lists by status, committed money by partner
type, execution rate, agreements ending soon; its query count does not grow with the number of agreements."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementParty, Partner, Project

from .factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

# session, user, groups/permissions for the admin, the five dashboard queries
DASHBOARD_QUERIES = 10
URL = reverse("admin:agreements_agreement_dashboard")


def _make_agreements(count: int, start: int = 0) -> None:
    """Bulk rows so that 500 agreements stay fast; statuses, parties and projects vary."""
    today = timezone.localdate()
    partners = [
        PartnerFactory(kind=kind) for kind in (Partner.Kind.MINISTRY, Partner.Kind.COMMUNE, Partner.Kind.BANK)
    ]
    statuses = [Agreement.Status.DRAFT, Agreement.Status.SIGNED, Agreement.Status.IN_EXECUTION]
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                reference=f"B-{start + i:05d}",
                title=f"اتفاقية {i}",
                title_ar=f"اتفاقية {i}",
                status=statuses[i % 3],
                start_date=today - datetime.timedelta(days=400),
                end_date=today + datetime.timedelta(days=(i % 200) - 50),
            )
            for i in range(count)
        ]
    )
    AgreementParty.objects.bulk_create(
        [
            AgreementParty(agreement=a, partner=p, contribution=Decimal("1000.00"))
            for a in agreements
            for p in partners
        ]
    )
    Project.objects.bulk_create(
        [
            Project(
                agreement=a,
                title="مشروع",
                title_ar="مشروع",
                budget=Decimal("3000.00"),
                disbursed=Decimal("1500.00"),
            )
            for a in agreements
        ]
    )


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_is_the_same_at_10_and_500_agreements(client, partnerships_officer, queries):
    client.force_login(partnerships_officer)
    _make_agreements(10)
    client.get(URL)  # warm per-process caches (content types, chamber profile)
    at_10 = _count(client)
    _make_agreements(490, start=10)
    assert Agreement.objects.count() == 500
    with queries.exactly(at_10):
        response = client.get(URL)
    assert response.status_code == 200
    assert at_10 == DASHBOARD_QUERIES


def test_dashboard_shows_the_four_views(client, manager):
    client.force_login(manager)
    today = timezone.localdate()
    soon = AgreementFactory(reference="SOON-1", end_date=today + datetime.timedelta(days=30))
    AgreementFactory(reference="LATER-1", end_date=today + datetime.timedelta(days=200))
    bank = PartnerFactory(kind=Partner.Kind.BANK)
    running = AgreementFactory(reference="RUN-1")
    Agreement.objects.filter(pk=running.pk).update(status=Agreement.Status.IN_EXECUTION)
    AgreementParty.objects.create(agreement=running, partner=bank, contribution=Decimal("750000.00"))
    Project.objects.create(
        agreement=running, title="م", budget=Decimal("1000.00"), disbursed=Decimal("250.00")
    )
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "SOON-1" in body
    data = response.context["data"]
    assert [a.reference for a in data["ending_soon"]] == [soon.reference]
    assert {r["key"]: r["amount"] for r in data["by_partner_kind"]} == {"bank": Decimal("750000.00")}
    assert data["execution"][0]["reference"] == "RUN-1" and data["execution"][0]["rate"] == Decimal("25.0")
    assert 'id="agreements-chart-data"' in body
    assert "<script>" not in body.replace('<script id="agreements-chart-data" type="application/json">', "")


def test_dashboard_is_refused_to_a_registry_clerk_without_view_right(client, artisan_user):
    client.force_login(artisan_user)
    response = client.get(URL)
    assert response.status_code == 302
