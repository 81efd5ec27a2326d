"""Every spreadsheet the portal hands out goes through here, so that no text cell can run as a formula.

A spreadsheet runs a cell typed as "=…" as a formula, and Excel or LibreOffice also act on text starting with "@", a
tab or a carriage return, or with "+" or "-" followed by anything but a plain number ("+1+cmd|…", "-2+3"; OWASP
"CSV injection"). Only such text gets a leading apostrophe: a phone such as +212 612-345678 or an amount such as
-3,50 is left as it is. In XLSX every text cell is also written as an explicit string, which no spreadsheet
evaluates. Imports take the apostrophe off again (`restore`), so an export imported back changes nothing.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "+" or "-" then digits with the usual separators: a number, never a formula.
_PLAIN_NUMBER = re.compile(r"[+-][\d\s.,()/]*\d[\d\s.,()/]*")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value) -> bool:
    """Whether a spreadsheet would run this text as a formula (or a DDE command)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    return not (value[0] in "+-" and _PLAIN_NUMBER.fullmatch(value))


def neutralise(value):
    """A text value a spreadsheet could run as a formula, made inert; anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def restore(value):
    """What `neutralise` made of a value, given back: an imported cell reads as the text that was exported."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def workbook_bytes(workbook: Workbook) -> bytes:
    """Neutralise every text cell of every sheet and type it as a string, then return the .xlsx bytes."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if isinstance(text, str):
                    cell.value = neutralise(text)
                    cell.data_type = "s"  # explicit: never a formula, nor an error code such as #N/A
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_cells(sheet, values) -> list:
    """A row for a write-only sheet: text neutralised and typed as an explicit string, other values as they are."""
    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


def add_sheet(wb: Workbook, title: str, header: list, rows, *, first: bool = False, rtl: bool = True):
    """A sheet with a bold header row, right to left unless told otherwise; the first call fills the active sheet."""
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.sheet_view.rightToLeft = rtl
    ws.append([neutralise(str(h)) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    return ws
