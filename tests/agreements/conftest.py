"""Fixtures of the agreements tests: our demo data, and a published agreement built from factories."""

from __future__ import annotations

import datetime

import pytest

from agreements.models import Agreement

from .factories import AgreementFactory, PartyFactory, ProjectFactory


@pytest.fixture
def agreements_demo(profile):
    """Only our demo data (faster): agreements needing a meeting decision stay drafts."""
    from agreements import demo as agreements_demo

    agreements_demo.seed()
    return profile


@pytest.fixture
def published(profile):
    """A signed, public agreement with two parties and a project."""
    agreement = AgreementFactory(
        reference="PUB-1",
        title="اتفاقية منشورة",
        title_ar="اتفاقية منشورة",
        objective="هدف الاتفاقية",
        objective_ar="هدف الاتفاقية",
    )
    PartyFactory(agreement=agreement, partner__name="جماعة تاونات", partner__name_ar="جماعة تاونات")
    PartyFactory(agreement=agreement)
    ProjectFactory(agreement=agreement, budget="2500000.00", douar="كدارة")
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.IN_EXECUTION, signature_date=datetime.date(2024, 3, 1)
    )
    agreement.refresh_from_db()
    return agreement
