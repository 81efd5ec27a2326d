"""The exhibition's life cycle moves one step at a time, through the service only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from exhibitions import services
from exhibitions.models import Exhibition

from .factories import ExhibitionFactory

S = Exhibition.Status


def test_it_moves_along_the_path(db):
    exhibition = ExhibitionFactory(
        status=S.PLANNED, start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 3, 5)
    )
    for status in (S.CALL_OPEN, S.SELECTION, S.CONFIRMED, S.HELD):
        services.exhibition_move(exhibition=exhibition, to=status)
    services.exhibition_evaluate(exhibition=exhibition, notes="إقبال جيد")
    exhibition.refresh_from_db()
    assert exhibition.status == S.EVALUATED
    assert exhibition.evaluation_notes == "إقبال جيد"


def test_a_wrong_move_is_refused_with_a_translated_reason(db):
    exhibition = ExhibitionFactory(status=S.PLANNED)
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        services.exhibition_move(exhibition=exhibition, to=S.HELD)
    exhibition.refresh_from_db()
    assert exhibition.status == S.PLANNED
    message = exc.value.messages[0]
    assert exhibition.title_fr in message
    assert "Prévue" in message  # the statuses are named in the user's language, not as raw values


def test_a_future_exhibition_cannot_be_marked_held(db):
    exhibition = ExhibitionFactory(status=S.CONFIRMED)
    with pytest.raises(ValidationError, match="لا يمكن اعتباره منظما"):
        services.exhibition_move(exhibition=exhibition, to=S.HELD)


def test_an_evaluated_exhibition_stays_evaluated(db):
    exhibition = ExhibitionFactory(status=S.EVALUATED)
    with pytest.raises(ValidationError, match="تم تقييم"):
        services.exhibition_move(exhibition=exhibition, to=S.HELD)
