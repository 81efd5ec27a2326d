"""Every spreadsheet the portal hands out goes through here, so that no text cell can run as a formula.

openpyxl stores a string that starts with "=" as a formula, and Excel or LibreOffice also act on cells starting with
+ - @, a tab or a carriage return (OWASP "CSV injection"). Text cells that start so get a leading apostrophe.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text value a spreadsheet could read as a formula, made inert; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(workbook: Workbook) -> bytes:
    """Neutralise every text cell of every sheet, then return the .xlsx bytes."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if isinstance(text, str) and text.startswith(FORMULA_STARTS):
                    cell.value = "'" + text
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
