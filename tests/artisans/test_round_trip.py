"""Exports that round-trip: the whole demo register exported (XLSX and CSV, the admin's and the background job's)
then imported again changes no row; phones go out in their national form and come back as the same E.164 value;
only what a spreadsheet would run as a formula is neutralised; an uploaded formula cell is refused by name."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from artisans.models import Artisan
from artisans.resources import ArtisanResource, OrganisationResource, PhoneWidget
from chamber.formatting import format_phone
from chamber.imports import ArabicCSV, SafeXLSX, upload_refusal
from chamber.models import JobRecord
from chamber.spreadsheets import is_formula_like, neutralise, restore, workbook_bytes


@pytest.fixture
def demo_register(profile):
    from artisans import demo

    demo.seed()
    assert Artisan.objects.count() >= 2000
    return Artisan.objects.all()


def _state():
    return dict(Artisan.objects.values_list("pk", "updated_at"))


def _reimport(dataset, resource=ArtisanResource):
    result = resource().import_data(dataset, dry_run=False, raise_errors=False)
    assert not result.has_validation_errors(), result.invalid_rows[:3]
    assert not result.has_errors()
    return result.totals


def test_exporting_then_importing_the_whole_demo_register_changes_no_row(
    demo_register, registry_clerk, client
):
    count = demo_register.count()
    before = _state()
    phones_before = dict(Artisan.objects.values_list("pk", "phone"))
    client.force_login(registry_clerk)
    fields = {f"artisanresource_{name}": "on" for name in ArtisanResource._meta.fields}
    for fmt_index, fmt in enumerate((ArabicCSV, SafeXLSX)):
        response = client.post(
            reverse("admin:artisans_artisan_export"), {"format": fmt_index, "resource": 0, **fields}
        )
        assert response.status_code == 200
        content = response.content
        assert b"'+212" not in content
        totals = _reimport(fmt().create_dataset(content))
        assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, count), fmt.__name__

    # The background export, which the admin uses for the whole register.
    from chamber.exports import export_write

    record = JobRecord.objects.create(task_name="chamber.export_write", label="register")
    export_write(record=record, resource="artisans.resources.ArtisanResource", pks=None, fmt="xlsx")
    with default_storage.open(record.result_file, "rb") as handle:
        totals = _reimport(SafeXLSX().create_dataset(handle.read()))
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, count)

    assert _state() == before
    assert dict(Artisan.objects.values_list("pk", "phone")) == phones_before


def test_the_demo_phones_pass_the_imports_own_validation(demo_register):
    widget = PhoneWidget()
    refused = []
    for phone in demo_register.exclude(phone="").values_list("phone", flat=True):
        try:
            ok = widget.clean(phone) == phone and widget.clean(format_phone(phone)) == phone
        except ValueError:
            ok = False
        if not ok:
            refused.append(phone)
    assert demo_register.exclude(phone="").count() >= 2000
    assert not refused, f"{len(refused)} demo phones refused: {refused[:5]}"


def test_exported_phones_are_national_and_not_neutralised(db):
    from tests.artisans.factories import ArtisanFactory

    ArtisanFactory(phone="+212612345678", address="-")
    dataset = ArtisanResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["phone"] == "06 12 34 56 78"


@pytest.mark.parametrize(
    "text", ["+212612345678", "+33 1 23 45 67 89", "-3,50", "-1 250,00", "+212 (0)6 12 34 56 78"]
)
def test_numbers_that_start_with_a_sign_are_left_alone(text):
    assert not is_formula_like(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-2+3", "+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "-x"])
def test_restore_undoes_neutralise(text):
    assert is_formula_like(text)
    assert restore(neutralise(text)) == text
    assert restore("'ordinary") == "'ordinary"  # an apostrophe the export did not add stays


def test_xlsx_text_cells_are_explicit_strings():
    workbook = Workbook()
    workbook.active.append(["#N/A", "+212612345678", "=1+1"])
    cells = next(load_workbook(io.BytesIO(workbook_bytes(workbook))).active.iter_rows())
    assert [c.value for c in cells] == ["#N/A", "+212612345678", "'=1+1"]
    assert [c.data_type for c in cells] == ["s", "s", "s"]


def _workbook_with_formula() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["cin", "full_name", "sex", "phone", "commune", "main_activity"])
    sheet.append(["AB123456", "فاطمة", "female", "0612345678", "X", "Y"])
    sheet.append(["AB123457", "أحمد", "male", "=A2&B2", "X", "Y"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl writes "=…" as a formula cell, as Excel would
    return buffer.getvalue()


def test_an_uploaded_formula_cell_is_refused_naming_its_row_and_column(registry_clerk, client):
    data = _workbook_with_formula()
    refusal = upload_refusal(data, max_unpacked=10**8)
    assert refusal and "D3" in refusal and "«phone»" in refusal
    client.force_login(registry_clerk)
    response = client.post(
        reverse("admin:artisans_artisan_import"),
        {"import_file": SimpleUploadedFile("register.xlsx", data), "format": 1, "resource": 0},
    )
    assert response.status_code == 200
    assert "D3" in response.content.decode()
    assert Artisan.objects.count() == 0


def test_a_workbook_of_values_is_not_refused():
    workbook = Workbook()
    workbook.active.append(["cin", "phone"])
    workbook.active.append(["AB123456", "=not a formula, a text"])
    assert upload_refusal(workbook_bytes(workbook), max_unpacked=10**8) is None


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_import_template_is_accepted_by_the_import(registry_clerk, client, lang, profile):
    from artisans.models import Activity
    from chamber.models import Commune

    client.force_login(registry_clerk)
    response = client.get(reverse("admin:artisans_artisan_import_template", args=[lang]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert "cin" not in headers and len(headers) == len(ArtisanResource().get_import_fields())
    if lang == "ar":
        assert any("البطاقة" in h for h in headers) and sheet.sheet_view.rightToLeft
    # The clerk fills a row under the template's headers: the import takes it.
    resource = ArtisanResource()
    by_code = {f.column_name: resource.column_label(f) for f in resource.get_import_fields()}
    values = {
        "cin": "AB123456",
        "full_name": "فاطمة العلوي",
        "sex": "أنثى" if lang == "ar" else "femme",
        "phone": "06 12 34 56 78",
        "commune": Commune.objects.order_by("code").first().code,
        "main_activity": Activity.objects.order_by("code").first().code,
    }
    sheet.append([values.get(code) for code in by_code])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    totals = _reimport(SafeXLSX().create_dataset(buffer.getvalue()))
    assert totals["new"] == 1
    assert Artisan.objects.get(cin="AB123456").phone == "+212612345678"


def test_the_import_page_names_the_columns_and_offers_templates(registry_clerk, client, profile):
    client.force_login(registry_clerk)
    html = client.get(reverse("admin:artisans_artisan_import")).content.decode()
    assert "full_name_latin" not in html
    assert reverse("admin:artisans_artisan_import_template", args=["fr"]) in html


def test_organisations_template_round_trips(registry_clerk, client, profile):
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:artisans_organisation_import_template", args=["fr"]))
    assert response.status_code == 200
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    aliases = OrganisationResource().column_aliases()
    from chamber.imports import header_key

    assert {aliases[header_key(h)] for h in headers} == {
        f.column_name for f in OrganisationResource().get_import_fields()
    }


def test_the_phone_field_shows_the_national_form_left_to_right(registry_clerk, client, profile):
    from tests.artisans.factories import ArtisanFactory

    artisan = ArtisanFactory(phone="+212612345678")
    client.force_login(registry_clerk)
    html = client.get(reverse("admin:artisans_artisan_change", args=[artisan.pk])).content.decode()
    assert 'value="06 12 34 56 78"' in html
    assert (
        'dir="ltr"'
        in html.split('name="phone"')[0].rsplit("<input", 1)[1] + html.split('name="phone"')[1][:200]
    )
    assert "\u206606 12 34 56 78\u2069" in html  # the help text's example, isolated left to right
    assert "212612345678+" not in html
