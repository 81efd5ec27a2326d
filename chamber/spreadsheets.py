"""Every spreadsheet the portal hands out goes through here, so that no text cell can run as a formula.

openpyxl stores a string that starts with "=" as a formula, and Excel or LibreOffice also act on cells starting with
+ - @, a tab or a carriage return (OWASP "CSV injection"). Text cells that start so get a leading apostrophe.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
