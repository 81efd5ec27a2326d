"""The lists say what they mean: an overdue agreement is flagged in red words, not with a green tick; sales show as
Moroccan amounts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Agreement
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def test_an_overdue_agreement_is_flagged_not_ticked(client, partnerships_officer, profile):
    AgreementFactory(
        status=Agreement.Status.IN_EXECUTION, start_date=dt.date(2018, 1, 1), end_date=dt.date(2020, 12, 31)
    )
    client.force_login(partnerships_officer)
    html = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "تجاوزت تاريخ انتهائها" in html
    assert "icon-yes" not in html


def test_application_sales_are_moroccan_amounts(client, exhibitions_officer, profile):
    from tests.exhibitions.factories import ApplicationFactory

    ApplicationFactory(status="accepted", sales_amount=Decimal("28250000.00"))
    client.force_login(exhibitions_officer)
    html = client.get(reverse("admin:exhibitions_application_changelist")).content.decode()
    assert "28.250.000,00 درهم" in html
    assert "28250000" not in html
