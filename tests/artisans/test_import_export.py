"""Import and export of the register: all-or-nothing with every bad row listed, idempotent on CIN, encodings,
caps, separate permissions, and neutralised formula cells."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from artisans.benchmarks import HEADERS, build_rows, import_bytes, to_xlsx
from artisans.models import Artisan
from artisans.resources import ArtisanResource
from chamber.imports import ArabicCSV, decode_csv
from tests.artisans.factories import ArtisanFactory

IMPORT_URL = "admin:artisans_artisan_import"
CONFIRM_URL = "admin:artisans_artisan_process_import"


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client, data: bytes, name: str, fmt: int):
    return client.post(
        reverse(IMPORT_URL),
        {"import_file": SimpleUploadedFile(name, data), "format": fmt, "resource": 0},
    )


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_one_of_them(db):
    rows = build_rows(2000, bad_every=20)  # 100 bad CINs
    result = import_bytes(to_xlsx(rows))
    assert Artisan.objects.count() == 0
    assert len(result.invalid_rows) == 100
    first = result.invalid_rows[0]
    assert first.number == 20  # data row 20, line 21 of the sheet
    assert "ليس رقم بطاقة وطنية صحيحا" in first.error_dict["cin"][0]


def test_the_fixed_file_imports_and_a_reimport_changes_nothing(db):
    data = to_xlsx(build_rows(500))
    first = import_bytes(data)
    assert first.totals["new"] == 500 and not first.has_validation_errors()
    assert Artisan.objects.count() == 500
    artisan = Artisan.objects.get(cin="BK000007")
    assert artisan.search_name.startswith("فاطمه العلوي")
    stamp = artisan.updated_at
    again = import_bytes(data)
    assert again.totals["skip"] == 500 and again.totals["new"] == 0 and again.totals["update"] == 0
    assert Artisan.objects.count() == 500
    artisan.refresh_from_db()
    assert artisan.updated_at == stamp


def test_a_reimport_with_a_changed_row_updates_it_without_duplicating(db):
    rows = build_rows(10)
    import_bytes(to_xlsx(rows))
    rows[3][1] = "خديجة البقالي"
    result = import_bytes(to_xlsx(rows))
    assert (result.totals["update"], result.totals["skip"]) == (1, 9)
    assert Artisan.objects.get(cin="BK000003").search_name.startswith("خديجه البقالي")
    assert Artisan.objects.count() == 10


def test_a_cin_twice_in_one_file_is_reported_on_its_line(db):
    rows = build_rows(3)
    rows[2][0] = rows[0][0]
    rows[2][11] = "OTHER-1"
    result = import_bytes(to_xlsx(rows))
    assert [r.number for r in result.invalid_rows] == [3]
    assert "مكرر في هذا الملف" in result.invalid_rows[0].error_dict["cin"][0]
    assert Artisan.objects.count() == 0


def test_unknown_codes_and_values_name_the_column(db):
    rows = build_rows(1)
    rows[0][8] = "NOWHERE"
    rows[0][3] = "x"
    rows[0][5] = "12"
    result = import_bytes(to_xlsx(rows))
    errors = result.invalid_rows[0].error_dict
    assert set(errors) == {"commune", "sex", "phone"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256", "utf-8"])
def test_excel_csv_encodings_are_read(db, encoding):
    data = csv_bytes(build_rows(3), encoding=encoding)
    dataset = ArabicCSV().create_dataset(data)
    assert dataset.headers[0] == "cin"
    assert dataset[0][1] == "فاطمة العلوي 0"
    assert decode_csv(data).startswith("cin,")


def test_the_admin_import_refuses_the_whole_file_and_shows_every_reason(registry_clerk, client):
    client.force_login(registry_clerk)
    rows = build_rows(40, bad_every=10)
    response = upload(client, csv_bytes(rows), "artisans.csv", 0)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="import-error-row"') == 4
    assert "<td>11</td>" in html  # the first bad data row is line 11 of the file
    assert Artisan.objects.count() == 0


def test_the_admin_import_shows_counts_and_then_imports(registry_clerk, client):
    client.force_login(registry_clerk)
    ArtisanFactory(cin="BK000000", full_name="قديم")
    response = upload(client, csv_bytes(build_rows(5)), "artisans.csv", 0)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="count-new">4<' in html and 'class="count-update">1<' in html
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse(CONFIRM_URL), confirm, follow=True)
    assert response.status_code == 200
    assert Artisan.objects.count() == 5
    assert "4" in str(next(iter(response.context["messages"])))


def test_the_preview_validates_without_writing_a_row(registry_clerk, client):
    """The preview (dry run) writes nothing, not even rows rolled back afterwards: no key is drawn from the table's
    sequence, so the next record gets the very next key."""
    client.force_login(registry_clerk)
    before = ArtisanFactory().pk
    response = upload(client, csv_bytes(build_rows(300)), "artisans.csv", 0)
    assert 'class="count-new">300<' in response.content.decode()
    assert ArtisanFactory().pk == before + 1
    assert Artisan.objects.count() == 2


def test_an_oversized_upload_is_refused_before_parsing(registry_clerk, client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(registry_clerk)
    response = upload(client, csv_bytes(build_rows(50)), "artisans.csv", 0)
    assert response.status_code == 200
    assert "الحد الأقصى" in response.content.decode()
    assert response.context.get("result") is None


def test_too_many_rows_are_refused_before_parsing(registry_clerk, client, settings):
    settings.IMPORT_MAX_ROWS = 10
    client.force_login(registry_clerk)
    response = upload(client, to_xlsx(build_rows(11)), "artisans.xlsx", 1)
    assert response.context.get("result") is None
    assert response.context["form"].errors["import_file"]


def test_import_and_export_need_their_own_permissions(db, django_user_model, client, manager):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_artisan"))
    client.force_login(viewer)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.get(reverse("admin:artisans_artisan_export")).status_code == 403
    client.force_login(manager)  # Management reads and exports, never imports
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.get(reverse("admin:artisans_artisan_export")).status_code == 200


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_exported_cells_that_look_like_formulas_are_neutralised(db, start):
    ArtisanFactory(full_name=f"{start}HYPERLINK(1)", address=f"{start}cmd")
    dataset = ArtisanResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["full_name"] == f"'{start}HYPERLINK(1)"
    assert row["address"] == f"'{start}cmd"


def test_the_admin_xlsx_export_is_neutralised(manager, client):
    ArtisanFactory(full_name="=1+1")
    client.force_login(manager)
    response = client.post(
        reverse("admin:artisans_artisan_export"),
        {"format": 1, "resource": 0, **{f"artisanresource_{h}": "on" for h in HEADERS}},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[2]]
    assert "'=1+1" in values


def test_one_overlong_name_among_10000_rows_is_refused_with_its_line_and_column(registry_clerk, client):
    """The preview of a 10,000-row file made from the Arabic template: one full name of 250 characters (the field
    takes 200) refuses the file, naming that line and the column in Arabic; nothing is written."""
    client.force_login(registry_clerk)
    template = client.get(reverse("admin:artisans_artisan_import_template", args=["ar"]))
    headers = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    assert "الاسم الكامل (بالعربية) *" in headers
    rows = build_rows(10_000)
    rows[7_340][1] = "ف" * 250  # data row 7,341: line 7,342 of the file, under the header
    lines = [",".join(headers)] + [",".join(str(v) for v in row) for row in rows]
    response = upload(client, ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"), "artisans.csv", 0)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    html = response.content.decode()
    assert html.count('class="import-error-row"') == 1
    error_row = html[html.index('class="import-error-row"') :].split("</tr>")[0]
    assert "<td>7342</td>" in error_row
    assert "<td>الاسم الكامل (بالعربية)</td>" in error_row
    assert "200" in error_row  # the limit, in the reason
    assert Artisan.objects.count() == 0


def test_a_clash_only_the_database_sees_is_refused_with_its_line_and_column(db):
    """Between the file's checks and the write, another clerk registers row 4's register ID: the database refuses
    the batch, and the import names that row and column instead of failing whole; nothing is written."""
    from chamber.imports import SafeXLSX

    class RacedImport(ArtisanResource):
        def before_import(self, dataset, **kwargs):
            super().before_import(dataset, **kwargs)  # the register IDs are checked here
            ArtisanFactory(cin="ZT999999", register_number="BK-0000003")

    dataset = SafeXLSX().create_dataset(to_xlsx(build_rows(6)))
    result = RacedImport().import_data(dataset, dry_run=False, raise_errors=False)
    assert not result.has_errors()
    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(4, ["register_number"])]
    assert "«BK-0000003» مستعمل في سجل آخر" in result.invalid_rows[0].error_dict["register_number"][0]
    assert not Artisan.objects.filter(cin__startswith="BK").exists()


class CinRacedImport(ArtisanResource):
    """Between the file's checks (the existing CINs were loaded) and the write, another clerk registers row 4's CIN."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not dry_run and self.create_instances:
            ArtisanFactory(cin="BK000003", register_number=None)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)


def test_a_cin_clash_only_the_database_sees_names_the_line_and_column_but_not_the_cin(db):
    """A CIN is personal data: the refusal, which a background import keeps on its job's record and its worker
    logs, names the row and the CIN column, and says the value is taken without quoting it."""
    from chamber.import_jobs import import_errors
    from chamber.imports import SafeXLSX

    dataset = SafeXLSX().create_dataset(to_xlsx(build_rows(6)))
    importer = CinRacedImport()
    result = importer.import_data(dataset, dry_run=False, raise_errors=False)
    assert not result.has_errors()
    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(4, ["cin"])]
    assert result.invalid_rows[0].error_dict["cin"] == ["هذه القيمة مستعملة في سجل آخر."]
    lines = import_errors(result, importer)
    assert lines == ["السطر 5، العمود رقم البطاقة الوطنية: هذه القيمة مستعملة في سجل آخر."]
    # The other clerk's record went with the import's transaction: nothing is written.
    assert not Artisan.objects.filter(cin__startswith="BK").exists()


def test_a_batch_refused_whole_keeps_the_reason_but_not_the_clashing_values(db):
    """When no row is refused on its own (two rows of the batch clash with each other), the import's error is the
    database's reason without its DETAIL line, which quotes the CIN."""
    from chamber.import_jobs import import_errors
    from chamber.imports import SafeXLSX

    class TwinRowsImport(ArtisanResource):
        def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
            if not dry_run and len(self.create_instances) > 1:
                self.create_instances[1].cin = self.create_instances[0].cin
            super().bulk_create(
                using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result
            )

    dataset = SafeXLSX().create_dataset(to_xlsx(build_rows(3)))
    importer = TwinRowsImport()
    result = importer.import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_errors() and not result.invalid_rows
    text = "\n".join(import_errors(result, importer))
    assert "artisans_artisan_cin_key" in text
    assert "BK000000" not in text
    assert not Artisan.objects.exists()
