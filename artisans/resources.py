"""Import and export of artisans, organisations and enrolments (django-import-export).

Imports are all-or-nothing and validated cell by cell, so a clerk sees every bad row with its column and reason.
Lookups (communes, activities, existing CINs) are loaded once per file, and rows are written in bulk.
Exported text that a spreadsheet could run as a formula is neutralised.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import ModelInstanceLoader

from artisans.models import (
    CIN_RE,
    Activity,
    Artisan,
    Enrolment,
    Organisation,
    Training,
    normalize_cin,
    normalize_phone,
    validate_ice,
)
from artisans.normalize import normalize_arabic
from chamber.models import Commune
from chamber.spreadsheets import neutralise

# --- Formats ------------------------------------------------------------------------------------------------------


def decode_csv(data: bytes | str) -> str:
    """Excel writes CSV as UTF-8 with a BOM, or in Windows-1256 for Arabic; read both."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256")


class ArabicCSV(base_formats.CSV):
    """CSV read as bytes, so that the encoding is detected rather than assumed."""

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(decode_csv(in_stream), **kwargs)


class SafeXLSX(base_formats.XLSX):
    """The first sheet, read as plain values (several times faster than reading cell objects)."""

    def create_dataset(self, in_stream):
        import openpyxl
        import tablib

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        try:
            dataset.headers = [str(h).strip() if h is not None else "" for h in next(rows)]
        except StopIteration:
            return dataset
        width = len(dataset.headers)
        for row in rows:
            if all(v is None for v in row):
                continue  # Excel keeps formatted empty lines at the end of a sheet
            row = tuple(row[:width]) + (None,) * (width - len(row))
            dataset.append(row)
        book.close()
        return dataset


FORMATS = [ArabicCSV, SafeXLSX]


# --- Widgets ------------------------------------------------------------------------------------------------------


class RequiredCharWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("This column is required."))
        return text


class OptionalCharWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class CinWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        cin = normalize_cin("" if value is None else str(value))
        if not CIN_RE.match(cin):
            raise ValueError(
                _("“%(value)s” is not a valid CIN: expected one or two letters followed by 1 to 6 digits.")
                % {"value": value or ""}
            )
        return cin


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.endswith(".0"):  # a number typed into an Excel cell
            text = text[:-2]
        if text and text[0] in "5678" and len(text) == 9:  # Excel drops the leading zero
            text = "0" + text
        try:
            return normalize_phone(text)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None


class EmailWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(_("“%(value)s” is not a valid e-mail address.") % {"value": text}) from None
        return text


class NullableCodeWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        return text or None


class IceWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not text:
            return None
        try:
            validate_ice(text)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
        return text


class ChoiceWidget(widgets.Widget):
    """Accepts the stored value or its label in Arabic, French or English; exports the label in the user's language."""

    def __init__(self, choices_enum, *, required: bool = True, default=None):
        super().__init__()
        self.enum = choices_enum
        self.required = required
        self.default = default
        self._lookup = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            table = {}
            for value, label in self.enum.choices:
                table[value] = table[normalize_arabic(value)] = value
                for lang in ("ar", "fr", "en"):
                    with translation.override(lang):
                        table[normalize_arabic(str(label))] = value
            self._lookup = table
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.default is not None:
                return self.default
            if self.required:
                raise ValueError(_("This column is required."))
            return ""
        table = self.lookup()
        found = table.get(text) or table.get(normalize_arabic(text))
        if found is None:
            allowed = ", ".join(str(label) for _value, label in self.enum.choices)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class FlexibleDateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.required:
                raise ValueError(_("This column is required."))
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date: write it as 2024-05-31 or 31/05/2024.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CachedCodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by code, looked up in a dictionary loaded once per import instead of one query per row."""

    def __init__(self, model, field="code", *, label: str, required: bool = True, queryset=None):
        super().__init__(model, field)
        self.label = label
        self.required = required
        self._queryset = queryset
        self._cache = None

    def cache(self):
        if self._cache is None:
            qs = self._queryset if self._queryset is not None else self.model.objects.all()
            self._cache = {str(getattr(o, self.field)).strip().upper(): o for o in qs}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValueError(_("This column is required."))
            return None
        found = self.cache().get(text.upper())
        if found is None:
            raise ValueError(_("Unknown %(what)s code “%(value)s”.") % {"what": self.label, "value": text})
        return found


# --- Shared behaviour ---------------------------------------------------------------------------------------------


class CinInstanceLoader(ModelInstanceLoader):
    """Loads every existing record named by the file in one query; a malformed key is left to the row's errors."""

    key_field = "cin"
    key_normalise = staticmethod(normalize_cin)

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        column = resource.fields[self.key_field].column_name
        keys = set()
        if dataset is not None and column in (dataset.headers or []):
            keys = {self.key_normalise(str(v or "")) for v in dataset[column]}
        qs = resource.get_queryset().filter(**{f"{self.key_field}__in": keys}) if keys else []
        self.cache = {getattr(o, self.key_field): o for o in qs}

    def get_instance(self, row):
        return self.cache.get(
            self.key_normalise(str(row.get(self.resource.fields[self.key_field].column_name) or ""))
        )


class ChamberResource(resources.ModelResource):
    """All-or-nothing, bulk, reports skipped rows; neutralises formula-like cells on export.

    Unchanged rows are detected by comparing column values before and after the row is applied, rather than by
    deep-copying every instance (skip_diff=True): that copy was most of the import's time.
    """

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_before = None if new else self._snapshot(instance)

    def _snapshot(self, instance) -> dict:
        values = {}
        for field in self.get_import_fields():
            model_field = instance._meta.get_field(field.attribute)
            values[field.attribute] = getattr(instance, model_field.attname)
        return values

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or not self._meta.skip_unchanged:
            return False
        before = getattr(instance, "_import_before", None)
        return before is not None and before == self._snapshot(instance)

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs["use_transactions"] = True
        return super().import_data(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        self._seen: dict[str, set] = {}
        missing = [
            f.column_name
            for f in self.get_import_fields()
            if f.column_name not in (dataset.headers or []) and f.column_name in self.required_columns
        ]
        if missing:
            raise ValidationError(
                _("The file has no column %(columns)s. Download an export to see the expected columns.")
                % {"columns": ", ".join(missing)}
            )

    required_columns: tuple[str, ...] = ()

    def once_in_file(self, kind: str, value, column: str) -> None:
        """Refuse a value that must be unique and appears twice in the same file."""
        if value in (None, ""):
            return
        seen = self._seen.setdefault(kind, set())
        if value in seen:
            raise ValidationError({column: _("“%(value)s” appears twice in this file.") % {"value": value}})
        seen.add(value)


# --- Artisans -----------------------------------------------------------------------------------------------------


class ArtisanResource(ChamberResource):
    cin = fields.Field(attribute="cin", column_name="cin", widget=CinWidget())
    full_name = fields.Field(attribute="full_name", column_name="full_name", widget=RequiredCharWidget())
    full_name_latin = fields.Field(
        attribute="full_name_latin", column_name="full_name_latin", widget=OptionalCharWidget()
    )
    sex = fields.Field(attribute="sex", column_name="sex", widget=ChoiceWidget(Artisan.Sex))
    birth_date = fields.Field(attribute="birth_date", column_name="birth_date", widget=FlexibleDateWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    address = fields.Field(attribute="address", column_name="address", widget=OptionalCharWidget())
    commune = fields.Field(
        attribute="commune", column_name="commune", widget=CachedCodeWidget(Commune, label=_("commune"))
    )
    main_activity = fields.Field(
        attribute="main_activity",
        column_name="main_activity",
        widget=CachedCodeWidget(Activity, label=_("activity")),
    )
    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=ChoiceWidget(Artisan.Category, default=Artisan.Category.ARTISAN),
    )
    register_number = fields.Field(
        attribute="register_number", column_name="register_number", widget=NullableCodeWidget()
    )
    registration_status = fields.Field(
        attribute="registration_status",
        column_name="registration_status",
        widget=ChoiceWidget(Artisan.RegistrationStatus, default=Artisan.RegistrationStatus.REGISTERED),
    )
    amo_number = fields.Field(attribute="amo_number", column_name="amo_number", widget=OptionalCharWidget())
    coverage_status = fields.Field(
        attribute="coverage_status",
        column_name="coverage_status",
        widget=ChoiceWidget(Artisan.CoverageStatus, default=Artisan.CoverageStatus.NONE),
    )

    required_columns = ("cin", "full_name", "sex", "commune", "main_activity")

    class Meta:
        model = Artisan
        fields = (
            "cin",
            "full_name",
            "full_name_latin",
            "sex",
            "birth_date",
            "phone",
            "email",
            "address",
            "commune",
            "main_activity",
            "category",
            "register_number",
            "registration_status",
            "amo_number",
            "coverage_status",
        )
        import_id_fields = ("cin",)
        instance_loader_class = CinInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        use_transactions = True
        clean_model_instances = False
        force_init_instance = False

    def get_queryset(self):
        return Artisan.objects.select_related("commune", "main_activity")

    def get_export_queryset(self, request=None):
        return self.get_queryset().order_by("id")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Register IDs already used, to refuse a clash before the database does, with the row named.
        column = "register_number"
        wanted = (
            {str(v).strip() for v in dataset[column] if v not in (None, "")}
            if column in (dataset.headers or [])
            else set()
        )
        self._register_owner = dict(
            Artisan.objects.filter(register_number__in=wanted).values_list("register_number", "cin")
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "cin" not in errors:
            try:
                self.once_in_file("cin", instance.cin, "cin")
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        number = instance.register_number
        if number and "register_number" not in errors:
            owner = self._register_owner.get(number)
            if owner and owner != instance.cin:
                errors.setdefault("register_number", []).append(
                    ValidationError(
                        _("Register ID “%(value)s” already belongs to another artisan.") % {"value": number}
                    )
                )
            else:
                try:
                    self.once_in_file("register_number", number, "register_number")
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_create and bulk_update bypass Artisan.save(), which fills these.
        instance.search_name = instance.compute_search_name()
        instance.updated_at = timezone.now()
        if instance.created_at is None:
            instance.created_at = instance.updated_at

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), "search_name", "updated_at"]


# --- Organisations ------------------------------------------------------------------------------------------------


class IceInstanceLoader(CinInstanceLoader):
    key_field = "ice"
    key_normalise = staticmethod(lambda v: v.strip()[:-2] if v.strip().endswith(".0") else v.strip())


class OrganisationResource(ChamberResource):
    ice = fields.Field(attribute="ice", column_name="ice", widget=IceWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(Organisation.Kind))
    name_ar = fields.Field(attribute="name_ar", column_name="name_ar", widget=RequiredCharWidget())
    name_fr = fields.Field(attribute="name_fr", column_name="name_fr", widget=OptionalCharWidget())
    commune = fields.Field(
        attribute="commune", column_name="commune", widget=CachedCodeWidget(Commune, label=_("commune"))
    )
    legal_representative = fields.Field(
        attribute="legal_representative",
        column_name="legal_representative_cin",
        widget=widgets.ForeignKeyWidget(Artisan, "cin"),
    )

    required_columns = ("ice", "kind", "name_ar", "commune")

    class Meta:
        model = Organisation
        fields = ("ice", "kind", "name_ar", "name_fr", "commune", "legal_representative")
        import_id_fields = ("ice",)
        instance_loader_class = IceInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        use_transactions = True
        clean_model_instances = False

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.ice:
            raise ValidationError({"ice": _("This column is required.")})
        self.once_in_file("ice", instance.ice, "ice")
        instance.name = instance.name_ar


# --- Enrolments ---------------------------------------------------------------------------------------------------


class EnrolmentResource(ChamberResource):
    training = fields.Field(
        attribute="training", column_name="training_id", widget=widgets.ForeignKeyWidget(Training, "pk")
    )
    artisan = fields.Field(
        attribute="artisan", column_name="cin", widget=widgets.ForeignKeyWidget(Artisan, "cin")
    )
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Enrolment.Status, default=Enrolment.Status.ENROLLED),
    )
    completed_on = fields.Field(
        attribute="completed_on", column_name="completed_on", widget=FlexibleDateWidget()
    )

    required_columns = ("training_id", "cin")

    class Meta:
        model = Enrolment
        fields = ("training", "artisan", "status", "completed_on")
        import_id_fields = ("training", "artisan")
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        use_transactions = True
        clean_model_instances = False

    def before_import_row(self, row, **kwargs):
        cin = normalize_cin(str(row.get("cin") or ""))
        row["cin"] = cin
        if not Artisan.objects.filter(cin=cin).exists():
            raise ValidationError(
                {"cin": _("No artisan with CIN “%(value)s” in the register.") % {"value": cin}}
            )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.status == Enrolment.Status.COMPLETED and not instance.completed_on:
            raise ValidationError({"completed_on": _("A completed enrolment needs its completion date.")})
        self.once_in_file("enrolment", (instance.training_id, instance.artisan_id), "cin")


def rows_in_upload(data: bytes, *, limit: int) -> int:
    """Count data rows without building a dataset, stopping just past `limit`: lines for CSV, sheet rows for XLSX."""
    if data[:2] == b"PK":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        sheet = book.active
        declared = sheet.max_row if sheet.max_row and sheet.max_row > 1 else None
        if declared and declared - 1 > limit:
            return declared - 1
        count = -1  # the header
        for _row in sheet.iter_rows(values_only=True):
            count += 1
            if count > limit:
                break
        book.close()
        return max(count, 0)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)
