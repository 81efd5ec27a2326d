"""Results: visitors per day or in total, sales per participant, totals computed; the programme's planned vs held;
every change audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from exhibitions import services
from exhibitions.models import Application, Exhibition
from exhibitions.selectors import period_report, programme_report

from .factories import ApplicationFactory, ArtisanFactory, ExhibitionFactory, ProgrammeFactory

S = Exhibition.Status


@pytest.fixture
def held(db):
    return ExhibitionFactory(status=S.HELD, start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 3, 3))


def test_visitors_per_day_add_up_and_cannot_mix_with_a_total(held):
    services.visitors_record(exhibition=held, day=dt.date(2024, 3, 1), visitors=1000)
    services.visitors_record(exhibition=held, day=dt.date(2024, 3, 2), visitors=1500)
    services.visitors_record(exhibition=held, day=dt.date(2024, 3, 2), visitors=1600)  # a correction replaces
    with pytest.raises(ValidationError):
        services.visitors_record(exhibition=held, visitors=5000)
    with pytest.raises(ValidationError):
        services.visitors_record(exhibition=held, day=dt.date(2024, 3, 9), visitors=10)
    report = period_report(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert report.visitors == 2600


def test_sales_are_recorded_for_participants_and_summed(held):
    a = ApplicationFactory(exhibition=held, status=Application.Status.ACCEPTED)
    b = ApplicationFactory(
        exhibition=held, status=Application.Status.ACCEPTED, artisan=ArtisanFactory(sex="female")
    )
    refused = ApplicationFactory(exhibition=held, status=Application.Status.REFUSED)
    services.sales_record(application=a, amount="1250.50")
    services.sales_record(application=b, amount=Decimal("749.50"))
    with pytest.raises(ValidationError):
        services.sales_record(application=refused, amount="10")
    with pytest.raises(ValidationError):
        services.sales_record(application=a, amount="-1")
    report = period_report(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert report.sales == Decimal("2000.00")
    assert (report.artisans, report.women) == (2, 1)


def test_results_cannot_be_recorded_before_the_exhibition_is_confirmed(db):
    with pytest.raises(ValidationError):
        services.visitors_record(exhibition=ExhibitionFactory(), visitors=10)


def test_the_programme_compares_planned_with_held(db):
    programme = ProgrammeFactory()
    ExhibitionFactory(
        programme=programme, status=S.EVALUATED, start_date=dt.date(2025, 9, 1), end_date=dt.date(2025, 9, 5)
    )
    ExhibitionFactory(programme=programme, status=S.PLANNED)
    report = programme_report(programme=programme)
    assert (report.planned, report.held, report.pending) == (2, 1, 1)
    assert report.held_share == Decimal("50.0")


def test_every_change_is_audited(db):
    exhibition = ExhibitionFactory(status=S.PLANNED)
    services.exhibition_move(exhibition=exhibition, to=S.CALL_OPEN)
    entries = LogEntry.objects.get_for_object(exhibition)
    assert entries.count() == 2  # created, then the status move
    assert "status" in entries.order_by("-timestamp").first().changes_dict
