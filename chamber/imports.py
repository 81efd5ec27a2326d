"""What every spreadsheet import shares (django-import-export): CSV in UTF-8 or Windows-1256 and XLSX read as
values, widgets that explain a bad cell in the user's language, all-or-nothing resources written in bulk, and a row
count taken before a file is parsed. Exported text that a spreadsheet could run as a formula is neutralised.

Each app keeps its own resources in `<app>/resources.py`, built on these.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

import psycopg
from auditlog.context import disable_auditlog
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_init, pre_init
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import RowResult

from chamber import audit
from chamber.bulk import copy_insert
from chamber.normalize import normalize_arabic
from chamber.spreadsheets import neutralise, restore

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
        import tablib

        read = super().create_dataset(decode_csv(in_stream), **kwargs)
        # An exported cell that began like a formula carries an apostrophe (chamber.spreadsheets): take it off.
        return tablib.Dataset(*(tuple(restore(v) for v in row) for row in read), headers=read.headers)


class SafeXLSX(base_formats.XLSX):
    """The active sheet, read as plain values from its XML (xlsx_values; openpyxl's reading for an unusual package).

    The preview reads the file and the confirmed import (in the request or in a job) reads it again: nothing the
    file holds, personal data included, is kept anywhere else between the two."""

    def create_dataset(self, in_stream):
        import openpyxl
        import tablib

        book = None
        try:
            read = list(xlsx_values(in_stream))
            if read:  # every row as wide as the widest, as openpyxl gives a sheet's rows
                width = max(len(row) for row in read)
                read[0] = read[0] + (None,) * (width - len(read[0]))
            rows = iter(read)
        except Exception:  # a workbook laid out otherwise: openpyxl reads it (and says so if it cannot)
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
            row = tuple(restore(v) for v in row[:width]) + (None,) * (width - len(row))
            dataset.append(row)
        if book is not None:
            book.close()
        return dataset


FORMATS = [ArabicCSV, SafeXLSX]
# Where django-import-export's MediaStorage keeps an upload between its preview and its confirmation.
IMPORT_TMP_FOLDER = "django-import-export"


def header_key(header) -> str:
    """A header as compared with the columns' names: Arabic normalised, case and spaces ignored, no * mark."""
    text = normalize_arabic(str(header or "")).replace("*", " ")
    return " ".join(text.casefold().split())


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
        if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the usual 2024-05-31, without strptime
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(text)
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


def import_error_rows(resource, result) -> list[tuple[int, str, str]]:
    """Every refused row's reasons as (line of the file, column, reason), for the preview's table and the background
    import's record: the column in the active language when the resource names its columns (ChamberResource), its
    code otherwise. The header is line 1, so data row N is line N + 1; "—" stands for a reason of the whole row."""
    labels = resource.column_labels_by_key() if hasattr(resource, "column_labels_by_key") else {}
    rows = []
    for row in result.invalid_rows:
        for key, messages in row.field_specific_errors.items():
            rows.extend((row.number + 1, labels.get(key, key), str(message)) for message in messages)
        rows.extend((row.number + 1, "—", str(message)) for message in row.non_field_specific_errors)
    return rows


# --- Shared behaviour ---------------------------------------------------------------------------------------------


class KeyedInstanceLoader(ModelInstanceLoader):
    """Loads every existing record named by the file in one query; a malformed key is left to the row's errors.

    Subclasses name the key column (`key_field`) and how a cell is normalised before the lookup (`key_normalise`).
    """

    key_field = "pk"
    key_normalise = staticmethod(str.strip)

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


def _refusal_reason(error: Exception) -> str:
    """The database's reason for refusing rows, without its DETAIL line (which quotes the refused values)."""
    diag = getattr(error, "diag", None) or getattr(error.__cause__, "diag", None)
    return getattr(diag, "message_primary", None) or (str(error).splitlines() or [""])[0]


class ChamberResource(resources.ModelResource):
    """All-or-nothing, bulk, reports skipped rows, audited; neutralises formula-like cells on export.

    Unchanged rows are detected by comparing column values before and after the row is applied, rather than by
    deep-copying every instance (skip_diff=True): that copy was most of the import's time.

    An applied import (not the preview) records an ImportBatch (who, when, file name and SHA-256, counts) and one
    audit entry per row created or changed, written in bulk with the trail's masking and linked to the batch.
    Model signals are kept quiet while rows are saved, so that no row gets a second, unlinked entry.
    """

    def get_import_fields(self):
        # Asked for once per row by django-import-export; the list does not change during an import.
        fields = getattr(self, "_import_fields", None)
        if fields is None:
            fields = self._import_fields = super().get_import_fields()
        return fields

    def import_instance(self, instance, row, **kwargs):
        """django-import-export's import_instance (the same cleaning, defaults, null handling and errors by
        attribute), with each plain field's particulars looked up once per import instead of once per cell; a field
        of any other kind goes the library's own way."""
        plan = getattr(self, "_import_plan", None)
        if plan is None:
            plan = self._import_plan = [self._plan_field(f) for f in self.get_import_fields()]
        # The line, for a refusal that only the database can make (_report_refused_rows).
        instance._import_row_number = kwargs.get("row_number", 0)
        errors = {}
        for field, plain in plan:
            if plain is None:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    continue
                try:
                    self.import_field(field, instance, row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            attribute, column, clean, default, saves_null = plain
            if column not in row:
                continue
            try:
                value = clean(row[column], row=row, **kwargs)
            except ValueError as error:
                errors[attribute] = ValidationError(str(error), code="invalid")
                continue
            if default is not NOT_PROVIDED and value in (None, ""):
                value = default() if callable(default) else default
            if value is not None or saves_null:
                setattr(instance, attribute, value)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _plan_field(field):
        """(field, None) for the library's path; (field, particulars) for a plain import-export Field."""
        plain = (
            type(field) is fields.Field
            and type(field).save is fields.Field.save
            and field.attribute
            and "__" not in field.attribute
            and not field.readonly
            and field.empty_values == [None, ""]
            and not isinstance(field.widget, widgets.ManyToManyWidget)
        )
        if not plain:
            return field, None
        return field, (
            field.attribute,
            field.column_name,
            field.widget.clean,
            field.default,
            field.saves_null_values,
        )

    def import_data(self, dataset, dry_run=False, **kwargs):
        self._import_fields = None
        self._import_plan = None
        self._audit_batch = None
        self._audit_dry_run = dry_run
        self._new_record = None
        self._audit_pending_created: list = []
        self._audit_pending_updated: list = []
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs["use_transactions"] = True
        if dataset.headers:
            # A template's headers (labels in Arabic, French or English) stand for the columns' codes.
            aliases = self.column_aliases()
            dataset.headers = [aliases.get(header_key(h), h) for h in dataset.headers]
        refusal = self._file_refusal(dataset)
        if refusal is not None:
            # Refused before any row is read: import-export would otherwise go on to the rows after a failed
            # before_import, and a file without a header row would fail inside the library.
            result = self.get_result_class()()
            result.append_base_error(self.get_error_result_class()(ValidationError(refusal)))
            return result
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    # A column's label where it is not the verbose name of the model field it fills.
    column_labels: dict = {}

    def column_label(self, field) -> str:
        """The column's name for a clerk, in the active language: the model field's verbose name by default."""
        if field.column_name in self.column_labels:
            return str(self.column_labels[field.column_name])
        try:
            return str(self._meta.model._meta.get_field(field.attribute).verbose_name)
        except Exception:
            return field.column_name

    def column_labels_by_key(self) -> dict[str, str]:
        """The clerk's name of each column, keyed by what a row's errors are keyed by: the model field's name (and
        the column's code, which some widgets' errors use)."""
        labels: dict[str, str] = {}
        for field in self.get_import_fields():
            label = self.column_label(field)
            labels[field.column_name] = label
            if field.attribute:
                labels[field.attribute] = label
        return labels

    def column_aliases(self) -> dict[str, str]:
        """Each header an import accepts, keyed by header_key: the column's code and its label in every language."""
        table: dict[str, str] = {}
        clashes: set[str] = set()
        for field in self.get_import_fields():
            names = {field.column_name}
            for lang in ("ar", "fr", "en"):
                with translation.override(lang):
                    names.add(self.column_label(field))
            for name in names:
                key = header_key(name)
                if table.get(key, field.column_name) != field.column_name:
                    clashes.add(key)
                table[key] = field.column_name
        for key in clashes:  # a label two columns share names neither
            table.pop(key)
        return table

    def template_workbook(self) -> bytes:
        """An empty sheet whose header row names the columns in the active language (required ones marked *)."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        from chamber.spreadsheets import workbook_bytes

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self._meta.model._meta.verbose_name_plural)[:31]
        sheet.sheet_view.rightToLeft = translation.get_language_bidi()
        fields = self.get_import_fields()
        sheet.append(
            [self.column_label(f) + (" *" if f.column_name in self.required_columns else "") for f in fields]
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
        sheet.freeze_panes = "A2"
        return workbook_bytes(workbook)

    def _file_refusal(self, dataset) -> str | None:
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        if not any(headers):
            return _(
                "The file has no header row: its first line must name the columns. "
                "Download an export to see the expected columns."
            )
        missing = [
            f.column_name
            for f in self.get_import_fields()
            if f.column_name not in (dataset.headers or []) and f.column_name in self.required_columns
        ]
        if missing:
            return _(
                "The file has no column %(columns)s. Download an export to see the expected columns."
            ) % {"columns": ", ".join(missing)}
        return None

    def init_instance(self, row=None):
        """A new record: a copy of one built at the start of the import, with callable defaults drawn again.

        Equivalent to `Model()` (the same values, its own state, the init signals sent), without working out every
        field's default for every row: with modeltranslation's fields that was a tenth of a 10,000-row import.
        """
        model = self._meta.model
        template = getattr(self, "_new_record", None)
        if template is None:
            template = self._new_record = model()
            self._drawn_defaults = [
                f for f in model._meta.concrete_fields if f.has_default() and callable(f.default)
            ]
        pre_init.send(sender=model, args=(), kwargs={})
        instance = model.__new__(model)
        instance.__dict__.update(template.__dict__)
        instance._state = ModelState()
        for field in self._drawn_defaults:
            setattr(instance, field.attname, field.get_default())
        post_init.send(sender=model, instance=instance)
        return instance

    def _auditing(self) -> bool:
        return getattr(self, "_audit_batch", None) is not None

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_before = None if new else self._snapshot(instance)
        if not new and self._auditing():
            instance._audit_before = audit.snapshot(instance)

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

    def do_instance_save(self, instance, is_create):
        with disable_auditlog():
            super().do_instance_save(instance, is_create)
        if self._auditing():
            if is_create:
                self._audit_pending_created.append(instance)
            else:
                self._audit_pending_updated.append((instance._audit_before, instance))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """With `clean_model_instances`, the model's own validation of every column the file sets, and its clean().

        Each row's uniqueness and the foreign keys the file names are checked once per file by the resource (the
        instance loader, `once_in_file`, the code widgets' lookups), not with one query per row as full_clean would;
        the database's constraints still hold when the rows are written."""
        if not self._meta.clean_model_instances:
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=self._not_cleaned_per_row() | set(errors),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _not_cleaned_per_row(self) -> set[str]:
        """Fields full_clean leaves alone: those the file does not set, and foreign keys already found by code."""
        cached = getattr(self, "_not_cleaned", None)
        if cached is None:
            imported = {
                f.attribute for f in self.get_import_fields() if not isinstance(f.widget, CachedCodeWidget)
            }
            cached = self._not_cleaned = {
                f.name for f in self._meta.model._meta.concrete_fields if f.name not in imported
            }
        return cached

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances = list(self.create_instances)
        if dry_run:
            # The preview validates each row in Python and writes nothing: inserting and rolling back cost as much
            # as the import itself and left dead rows behind.
            self.create_instances.clear()
            return
        # django-import-export's bulk_create, with one COPY (chamber.bulk) in place of the multi-row INSERT.
        if instances:
            try:
                with transaction.atomic():
                    copy_insert(self._meta.model, instances)
            except (DatabaseError, psycopg.Error) as error:
                # Every row was checked, yet the database refuses the batch (someone wrote a clashing record since):
                # each row is tried alone to name the refused ones with their line and column. Nothing is kept.
                for instance in instances:
                    instance.pk = None
                if not self._report_refused_rows(instances, result):
                    # The refusal's DETAIL line quotes the clashing values (a CIN, a phone): keep its first line,
                    # which names the constraint only, in the result and in the library's debug log.
                    self.handle_import_error(result, DatabaseError(_refusal_reason(error)), raise_errors)
            finally:
                self.create_instances.clear()
        if self._auditing() and all(i.pk is not None for i in instances):
            self._audit_pending_created.extend(instances)
            self._audit_flush()

    def _report_refused_rows(self, instances, result) -> int:
        """Insert each row in a savepoint rolled back at once, and report those the database refuses as invalid rows
        (line, column when the refusal names one, reason); how many were refused."""
        model = self._meta.model
        table = model._meta.db_table
        unique_columns = {f"{table}_{f.column}_key": f for f in model._meta.concrete_fields if f.unique}
        personal = audit.personal_field_names(model)
        refused = 0
        for instance in instances:
            try:
                with transaction.atomic():
                    copy_insert(model, [instance])
                    transaction.set_rollback(True)
            except (DatabaseError, psycopg.Error) as error:
                refused += 1
                diag = getattr(error, "diag", None) or getattr(error.__cause__, "diag", None)
                field = unique_columns.get(getattr(diag, "constraint_name", None) or "")
                if field is not None and field.name in personal:
                    # A CIN, a phone or an e-mail: the message ends up in a background import's record and in the
                    # job worker's log, so it names the column (the key below) and the line, never the value.
                    message = _("This value is already taken by another record.")
                    key = field.name
                elif field is not None:
                    value = getattr(instance, field.attname)
                    message = _("“%(value)s” is already taken by another record.") % {"value": value}
                    key = field.name
                else:
                    reason = _refusal_reason(error)
                    message = _("The database refused this row: %(reason)s") % {"reason": reason}
                    column = getattr(diag, "column_name", None)
                    key = next(
                        (f.name for f in model._meta.concrete_fields if f.column == column), NON_FIELD_ERRORS
                    )
                result.append_invalid_row(
                    getattr(instance, "_import_row_number", 0), {}, ValidationError({key: [message]})
                )
            finally:
                instance.pk = None
        return refused

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
            return
        pairs = [(i._audit_before, i) for i in self.update_instances] if self._auditing() else []
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        if pairs:
            self._audit_pending_updated.extend(pairs)
            self._audit_flush()

    def _audit_flush(self) -> None:
        batch = self._audit_batch
        written = audit.audit_bulk(
            model=self._meta.model,
            created=self._audit_pending_created,
            updated=self._audit_pending_updated,
            fields=self.get_bulk_update_fields(),
            actor=batch.actor,
            extra={"import_batch": batch.pk},
        )
        batch.audit_entries += written
        self._audit_pending_created.clear()
        self._audit_pending_updated.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._auditing():
            return
        self._audit_flush()
        totals = result.totals
        audit.import_batch_finish(
            batch=self._audit_batch,
            created=totals[RowResult.IMPORT_TYPE_NEW],
            updated=totals[RowResult.IMPORT_TYPE_UPDATE],
            skipped=totals[RowResult.IMPORT_TYPE_SKIP],
        )

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
        if not self._audit_dry_run:
            user = kwargs.get("user")
            self._audit_batch = audit.import_batch_start(
                model=self._meta.model,
                actor=user if getattr(user, "is_authenticated", False) else None,
                file_name=kwargs.get("file_name") or "",
                file_sha256=kwargs.get("file_sha256") or "",
                rows=len(dataset),
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


def upload_refusal(data: bytes, *, max_unpacked: int) -> str | None:
    """Why an uploaded CSV or XLSX cannot be read safely, in the user's language, or None.

    Checked before any parsing: an XLSX is a zip whose members may inflate a thousandfold (a 56 KB file to 50 MB),
    so the sizes its directory declares are added up first (zipfile never inflates past them); a CSV must be text,
    without a NUL byte, in UTF-8 or Windows-1256.
    """
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, ValueError):
            return _("This file cannot be read as CSV or XLSX.")
        if unpacked > max_unpacked:
            return _(
                "Unpacked, the file would take %(size)s MB; the limit is %(limit)s MB. Split it into smaller files."
            ) % {
                "size": round(unpacked / 1024 / 1024, 1),
                "limit": round(max_unpacked / 1024 / 1024, 1),
            }
        try:
            return formula_refusal(data)
        except Exception:  # a damaged workbook: openpyxl's own reading says so later, as for any bad file
            return None
    nul = data.find(b"\x00")
    if nul >= 0:
        return _(
            "Line %(line)s holds a NUL byte: the file is not a text CSV. Save it again as CSV (UTF-8)."
        ) % {"line": data.count(b"\n", 0, nul) + 1}
    try:
        decode_csv(data)
    except UnicodeDecodeError:
        return _("The file is neither UTF-8 nor Windows-1256 text. Save it again as CSV (UTF-8).")
    return None


# A cell holding a formula in a sheet's XML: <c r="B5" …><f>…</f><v>cached value</v></c> (any namespace prefix).
_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"[^>]*>\s*<(?:\w+:)?f[\s/>]")
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
# A row of a sheet's XML (not <rowBreaks>), and a value inside one: <v>, or <is> for an inline string.
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)[\s>]")
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _workbook_parts(archive: zipfile.ZipFile) -> dict:
    """The paths of the active sheet, the shared strings and the styles, and whether dates count from 1904, read
    from the package's own parts (openpyxl's `load_workbook` parses every part, the shared strings included, and
    scans a sheet without a dimension line to the end before a row is read)."""
    # openpyxl's own parser: the standard library's expat, which bounds entity expansion and fetches no external
    # entity (openpyxl would use defusedxml's if it were installed; it is not a dependency).
    from openpyxl.xml.functions import fromstring

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def path(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

    workbook = fromstring(archive.read("xl/workbook.xml"))
    active, sheets, date1904 = None, [], False
    for element in workbook.iter():
        name = local(element.tag)
        if name == "workbookView" and active is None:
            # The first window's tab, as openpyxl and Excel take it (a workbook saved with "New Window" has more).
            active = int(element.get("activeTab") or 0)
        elif name == "sheet":
            sheets.append(element.get(_OFFICE_REL))
        elif name == "workbookPr":
            date1904 = (element.get("date1904") or "").lower() in ("1", "true")
    rels = [
        r
        for r in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter()
        if local(r.tag) == "Relationship"
    ]
    targets = {r.get("Id"): r.get("Target") for r in rels}
    by_type = {(r.get("Type") or "").removeprefix(_REL_TYPES): path(r.get("Target")) for r in rels}
    return {
        "sheet": path(targets[sheets[active if active is not None and active < len(sheets) else 0]]),
        "strings": by_type.get("sharedStrings"),
        "styles": by_type.get("styles"),
        "date1904": date1904,
    }


def active_sheet_xml(archive: zipfile.ZipFile) -> bytes:
    """The XML of the sheet an import reads (the workbook's active one, as openpyxl's `book.active`)."""
    from xml.etree.ElementTree import ParseError

    try:
        return archive.read(_workbook_parts(archive)["sheet"])
    except (KeyError, IndexError, ValueError, ParseError):
        # A package laid out otherwise than Excel's, LibreOffice's and openpyxl's: let openpyxl find the sheet.
        import openpyxl

        book = openpyxl.load_workbook(archive.fp, read_only=True)
        try:
            return archive.read(book.active._worksheet_path.lstrip("/"))
        finally:
            book.close()


def xlsx_values(data: bytes) -> Iterator[tuple]:
    """The active sheet's rows as values, as openpyxl's read-only `iter_rows(values_only=True)` gives them (shared
    and inline strings, numbers, dates by their cell's format, booleans, cached results of formulas), read with
    openpyxl's own XML parser and conversions but without its cell objects: three times faster for 10,000 rows.
    A row is as long as its last cell; SafeXLSX pads them to the header's width."""
    from openpyxl.cell.text import Text
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import fromstring, iterparse

    ns = f"{{{SHEET_MAIN_NS}}}"
    si_tag, t_tag, v_tag, is_tag, row_tag = ns + "si", ns + "t", ns + "v", ns + "is", ns + "row"

    def text_of(element) -> str:
        # <si>/<is> holding one plain <t>, as nearly every cell does; anything richer the way openpyxl reads it.
        if len(element) == 1 and element[0].tag == t_tag:
            return element[0].text or ""
        return Text.from_tree(element).content

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _workbook_parts(archive)
        strings: list[str] = []
        if parts["strings"] and parts["strings"] in archive.namelist():
            with archive.open(parts["strings"]) as source:
                for _event, node in iterparse(source):
                    if node.tag == si_tag:
                        strings.append(text_of(node).replace("x005F_", ""))
                        node.clear()
        date_styles: set[int] = set()
        duration_styles: set[int] = set()
        if parts["styles"] and parts["styles"] in archive.namelist():
            stylesheet = Stylesheet.from_tree(fromstring(archive.read(parts["styles"])))
            date_styles, duration_styles = stylesheet.date_formats, stylesheet.timedelta_formats
        epoch = CALENDAR_MAC_1904 if parts["date1904"] else WINDOWS_EPOCH
        with archive.open(parts["sheet"]) as source:
            line = 0
            for _event, element in iterparse(source):
                if element.tag != row_tag:
                    continue
                number = int(element.get("r") or line + 1)
                while line < number - 1:  # lines without a cell, as openpyxl gives them
                    line += 1
                    yield ()
                if number <= line and line > 0:
                    element.clear()
                    continue  # a row number written twice: openpyxl keeps the first
                line = number
                values: list = []
                column = 0
                for cell in element:
                    reference = cell.get("r")
                    column = (
                        column_index_from_string(reference.rstrip("0123456789")) if reference else column + 1
                    )
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        child = cell.find(is_tag)
                        value = text_of(child) if child is not None else None
                    else:
                        value = cell.findtext(v_tag, None) or None
                        if value is not None:
                            if kind == "n":
                                value = _cast_number(value)
                                style = int(cell.get("s") or 0)
                                if style in date_styles:
                                    try:
                                        value = from_excel(value, epoch, timedelta=style in duration_styles)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                            elif kind == "s":
                                value = strings[int(value)]
                            elif kind == "b":
                                value = bool(int(value))
                            elif kind == "d":
                                value = from_ISO8601(value)
                    if (
                        len(values) < column
                    ):  # cells in any order, each in its own column, as openpyxl places them
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = value
                element.clear()
                yield tuple(values)


def formula_refusal(data: bytes) -> str | None:
    """An XLSX whose imported sheet holds a formula is refused, naming the first such cell's row and column.

    Imports read values only, and a formula's cached value may be stale or missing (a file saved by a script):
    the clerk replaces formulas by their values. The sheet's XML is searched as bytes, without parsing the cells.
    """
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = active_sheet_xml(archive)
    if not _ANY_FORMULA.search(xml):
        return None
    found = _FORMULA_CELL.search(xml)
    if found is None:
        return _(
            "The sheet holds formulas: an import reads values only. Replace each formula with its value."
        )
    letters, row = found.group(1).decode(), int(found.group(2))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        header = next(book.active.iter_rows(max_row=1, values_only=True), ())
    finally:
        book.close()
    index = openpyxl.utils.column_index_from_string(letters) - 1
    name = str(header[index]).strip() if index < len(header) and header[index] is not None else ""
    return _(
        "Cell %(cell)s (line %(row)s, column %(column)s) holds a formula: an import reads values only. Replace "
        "the formulas with their values (copy, then paste as values) and upload the file again."
    ) % {"cell": f"{letters}{row}", "row": row, "column": f"{letters} «{name}»" if name else letters}


def import_files_purge(*, older_than: dt.timedelta, folder: str = IMPORT_TMP_FOLDER) -> int:
    """Delete import files left in the media storage for longer than `older_than` (imports never confirmed)."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    if not default_storage.exists(folder):
        return 0
    limit = timezone.now() - older_than
    removed = 0
    for name in default_storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            removed += 1
    return removed


def rows_in_upload(data: bytes, *, limit: int) -> int:
    """Count data rows without building a dataset: lines for CSV; for XLSX, the sheet's rows holding a value (those
    the import reads), counted in its XML without parsing a cell. `limit` is kept for the callers' sake."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = active_sheet_xml(archive)
        rows = _ROW.split(xml)[1:]
        return max(sum(1 for row in rows if _VALUE.search(row)) - 1, 0)  # less the header
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)
