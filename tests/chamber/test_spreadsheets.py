"""No spreadsheet the portal hands out can carry a live formula, whichever app wrote it."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from chamber.spreadsheets import neutralise, workbook_bytes


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_like_text_is_made_inert(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["معرض فاس", "TAO-2016", 42, Decimal("-3.5"), None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_every_text_cell_of_every_sheet_is_neutralised_on_save():
    workbook = Workbook()
    first = workbook.active
    first.append(["=1+1", "اتفاقية", Decimal("-5")])
    second = workbook.create_sheet("b")
    second.append(["@cmd", "-x"])
    reloaded = load_workbook(io.BytesIO(workbook_bytes(workbook)))
    values = [[c.value for c in row] for ws in reloaded.worksheets for row in ws.iter_rows()]
    assert values == [["'=1+1", "اتفاقية", -5], ["'@cmd", "'-x"]]
    assert all(c.data_type != "f" for ws in reloaded.worksheets for row in ws.iter_rows() for c in row)


@pytest.mark.django_db
def test_the_agreements_export_neutralises_a_hostile_title(profile):
    from agreements import exports
    from tests.agreements.factories import AgreementFactory

    AgreementFactory(title='=HYPERLINK("http://evil.example","x")')
    sheet = load_workbook(io.BytesIO(exports.agreements_workbook())).worksheets[0]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
