"""The register's bulk import takes short cuts for speed (new records copied from one, rows written with COPY, the
usual phone and date forms read without the general parsers); each gives exactly what the long way gives."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from artisans.benchmarks import build_rows, import_bytes, to_xlsx
from artisans.models import Artisan
from artisans.resources import ArtisanResource
from chamber.identity import normalize_phone
from chamber.imports import FlexibleDateWidget
from tests.artisans.factories import ArtisanFactory


def test_a_new_record_of_an_import_holds_what_the_model_itself_gives(db):
    resource = ArtisanResource()
    first, second, reference = resource.init_instance(), resource.init_instance(), Artisan()
    for field in Artisan._meta.concrete_fields:
        assert getattr(first, field.attname) == getattr(reference, field.attname), field.name
    assert first._state is not second._state and first._state.adding and first._state.db is None
    first.full_name = "فاطمة"
    assert second.full_name == ""


def test_imported_artisans_get_keys_and_timestamps_and_later_records_new_keys(db):
    result = import_bytes(to_xlsx(build_rows(3)))
    assert result.totals["new"] == 3 and not result.has_errors()
    imported = list(Artisan.objects.filter(cin__startswith="BK").order_by("pk"))
    assert len(imported) == 3
    assert all(a.created_at is not None and a.updated_at is not None for a in imported)
    assert ArtisanFactory().pk > imported[-1].pk
    logged = set(LogEntry.objects.get_for_model(Artisan).values_list("object_id", flat=True))
    assert {a.pk for a in imported} <= logged


def test_a_moroccan_number_reads_as_the_general_parser_reads_it():
    rng = random.Random(11)
    numbers = [f"0{rng.choice('5678')}{rng.randrange(10**8):08d}" for _ in range(3000)]

    def general(value):
        number = phonenumbers.parse(value, "MA")
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def ours(value):
        try:
            return normalize_phone(value)
        except ValidationError:
            return None

    assert [ours(n) for n in numbers] == [general(n) for n in numbers]
    assert None in {ours(n) for n in numbers}  # the sample holds refused numbers too
    # The stored form, read again by Artisan.clean() after the import's widget: the same answers.
    stored = [f"+212{n[1:]}" for n in numbers]
    assert [ours(n) for n in stored] == [general(n) for n in stored]


@pytest.mark.parametrize(
    ("text", "day"),
    [("2024-05-31", "2024-05-31"), ("2024-5-3", "2024-05-03"), ("31/05/2024", "2024-05-31")],
)
def test_dates_read_the_same_in_every_accepted_form(text, day):
    assert FlexibleDateWidget().clean(text).isoformat() == day


def test_an_impossible_date_is_refused_with_its_value():
    with pytest.raises(ValueError, match="2024-02-30"):
        FlexibleDateWidget().clean("2024-02-30")


def test_rows_written_with_copy_hold_what_bulk_create_writes(db):
    """chamber.bulk reads plain text columns straight from the instance; every column still holds what Django's
    own bulk_create writes for the same instance, text that is not a str and NULLs included."""
    from chamber.bulk import copy_insert

    template = ArtisanFactory.build()
    pair = []
    for cin in ("ZC1", "ZC2"):
        artisan = Artisan(
            **{
                f.attname: getattr(template, f.attname)
                for f in Artisan._meta.concrete_fields
                if f.attname != "id"
            }
        )
        artisan.cin, artisan.register_number, artisan.amo_number = cin, None, 12345
        pair.append(artisan)
    Artisan.objects.bulk_create([pair[0]])
    copy_insert(Artisan, [pair[1]])
    skip = {"id", "cin", "created_at", "updated_at"}
    by_django, by_copy = (
        {k: v for k, v in Artisan.objects.filter(cin=cin).values().get().items() if k not in skip}
        for cin in ("ZC1", "ZC2")
    )
    assert by_copy == by_django
    assert by_copy["amo_number"] == "12345" and by_copy["register_number"] is None


def test_rows_are_counted_on_the_sheet_the_import_reads(db):
    """The row cap and the background threshold count the active sheet's rows that hold a value, from its XML:
    formatted empty rows at the end are not rows, another sheet's rows are not counted."""
    import io

    import openpyxl

    from chamber.imports import rows_in_upload

    book = openpyxl.Workbook()
    first = book.active
    first.append(["cin"])
    for i in range(30):
        first.append([f"A{i}"])
    first["A40"].font = openpyxl.styles.Font(bold=True)  # formatted, empty
    second = book.create_sheet("second")
    second.append(["cin"])
    second.append(["B1"])
    for active, rows in ((0, 30), (1, 1)):
        book.active = active
        buffer = io.BytesIO()
        book.save(buffer)
        assert rows_in_upload(buffer.getvalue(), limit=10) == rows
    assert rows_in_upload(to_xlsx(build_rows(1234)), limit=10) == 1234


@pytest.mark.parametrize("write_only", [False, True])
def test_an_xlsx_reads_as_openpyxl_reads_it(write_only):
    """chamber.imports reads a sheet's XML itself: every kind of cell gives the value openpyxl's read-only mode
    gives (shared, inline and rich strings, numbers, dates by their format, booleans, gaps, empty lines)."""
    import datetime as dt
    import io

    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from chamber.imports import xlsx_values

    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    sheet.append(["cin", "name", "n", "f", "d", "dt", "b", "t", "empty", "x"])
    first = ["AB1", "فاطمة", 12, 3.5, dt.date(2024, 5, 31), dt.datetime(2024, 5, 31, 10, 30), True]
    sheet.append([*first, dt.time(10, 30), None, "  spaced  "])
    sheet.append([None] * 10)
    sheet.append(["x005F_x", "a&b<c>", 1e20, -0.5, dt.date(1900, 3, 1), None, False, dt.timedelta(hours=30)])
    if not write_only:
        sheet["B6"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
        sheet["Z8"] = "far"
        sheet["D9"].number_format = "yyyy-mm-dd"
        sheet["D9"] = 45000
        sheet["C9"].number_format = "0.00"
        sheet["C9"] = 7
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    reference = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    expected = [tuple(row) for row in reference.active.iter_rows(values_only=True)]
    ours = list(xlsx_values(data))

    def trimmed(rows):  # openpyxl pads rows to the sheet's declared width; a missing cell is None either way
        return [
            tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]) for row in rows
        ]

    assert trimmed(ours) == trimmed(expected)
    assert len(ours) == len(expected) == (9 if not write_only else 4)


def test_an_xlsx_with_two_windows_and_cells_out_of_order_reads_as_openpyxl_reads_it():
    """A workbook saved with a second window names its active sheet in each: the first window's counts, as openpyxl
    and Excel take it. A row whose cells a script wrote out of order, or a row number written twice, reads as
    openpyxl reads it: each cell in its own column, the first row kept."""
    import io
    import re
    import zipfile

    import openpyxl
    from openpyxl.workbook.views import BookView

    from chamber.imports import xlsx_values

    book = openpyxl.Workbook()
    book.active.append(["cin"])
    book.active.append(["FIRST"])
    second = book.create_sheet("second")
    second.append(["cin", "name", "n"])
    second.append(["AB1", "فاطمة", 5])
    second.append(["AB2", "خديجة", 6])
    book.active = 1
    book.views = [BookView(activeTab=1), BookView(activeTab=0)]
    buffer = io.BytesIO()
    book.save(buffer)
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(packed, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                # Row 2's cells in reverse order, and row 3 written again as a second row 3.
                text = content.decode()
                row2 = re.search(r'<row r="2"[^>]*>(.*?)</row>', text).group(1)
                cells = re.findall(r"<c .*?</c>", row2)
                text = text.replace(row2, "".join(reversed(cells)))
                row3 = re.search(r'<row r="3".*?</row>', text).group(0)
                text = text.replace(row3, row3 + row3.replace("AB2", "DUP"), 1)
                content = text.encode()
            target.writestr(item, content)
    data = packed.getvalue()
    reference = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    assert reference.active.title == "second"
    expected = [tuple(row) for row in reference.active.iter_rows(values_only=True)]
    assert list(xlsx_values(data)) == expected
    assert expected[1] == ("AB1", "فاطمة", 5)
