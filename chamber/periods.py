"""Report periods: bounded, so that no request asks a report of the whole calendar (0001-01-01 to 9999-12-31)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The longest period a report covers: the assembly compares a few years at most, and each year costs seconds.
REPORT_MAX_YEARS = 5


def validate_report_period(*, start: dt.date, end: dt.date, max_years: int = REPORT_MAX_YEARS) -> None:
    """Refuse an end before the start, or a period longer than `max_years`, naming both dates."""
    if end < start:
        raise ValidationError(_("The end of the period comes before its start."), code="period_reversed")
    if (end - start).days > max_years * 366:
        raise ValidationError(
            _(
                "A report covers at most %(years)s years; %(start)s to %(end)s is longer. Choose a shorter period."
            )
            % {"years": max_years, "start": start.isoformat(), "end": end.isoformat()},
            code="period_too_long",
        )
