"""The evaluation report's PDF keeps the rows whose count is zero, as its XLSX does."""

import datetime as dt

from chamber.pdf import render_html
from exhibitions.selectors import period_report


def test_it_prints_a_scope_and_the_cooperatives_even_when_none_took_part(profile):
    report = period_report(
        start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31)
    )  # a period with no exhibition
    html = render_html("exhibitions/pdf/evaluation_report.html", {"report": report}, lang="ar")
    assert report.by_scope and all(count == 0 for _label, count in report.by_scope)
    for label, _count in report.by_scope:
        assert f"— {label}" in html
    assert "التعاونيات المشاركة" in html
