"""Base classes for every domain admin: tabbed translations from local static files, audit-trail history,
no full-table counts, a version check on change forms (no lost update), a helper to turn a service's
ValidationError into an admin message, capped, all-or-nothing, audited spreadsheet imports, and exports of any
size written by a background job."""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
from decimal import Decimal

from auditlog.models import LogEntry
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.forms import ImportForm
from import_export.results import RowResult
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from chamber import audit, exports, formatting, versioning
from chamber.admin_search import PrivateSearchMixin
from chamber.audit_display import history_rows
from chamber.import_jobs import import_start
from chamber.imports import FORMATS, IMPORT_TMP_FOLDER, import_error_rows, rows_in_upload, upload_refusal
from chamber.spreadsheets import XLSX

TABBED_MEDIA_JS = (
    "admin/js/jquery.init.js",
    "modeltranslation/js/force_jquery.js",
    "vendor/jquery-ui/jquery-ui.min.js",
    "modeltranslation/js/tabbed_translation_fields.js",
)
TABBED_MEDIA_CSS = {"all": ("modeltranslation/css/tabbed_translation_fields.css", "css/admin-extra.css")}


def is_phone_field(db_field) -> bool:
    """Phones are CharFields named phone or …_phone, stored in E.164 (+212612345678)."""
    return isinstance(db_field, models.CharField) and (
        db_field.name == "phone" or db_field.name.endswith("_phone")
    )


class PhoneInput(forms.TextInput):
    """A stored phone shown as a clerk writes it, 06 12 34 56 78, left to right inside the Arabic form.

    What the clerk types is normalised to E.164 by the model's or the form's own cleaning, as before.
    """

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "inputmode": "tel", "class": "phone-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str) and value.startswith("+"):
            return formatting.format_phone(value)
        return super().format_value(value)


def phone_help_text() -> str:
    return _(
        "A Moroccan number such as %(example)s, or a foreign number with its country code; kept in international form."
    ) % {"example": formatting.format_phone("+212612345678", isolate=True)}


def phone_display(value) -> str:
    """A phone for a list or a read-only field: national form, left to right."""
    text = formatting.format_phone(value, isolate=True)
    return format_html('<bdi dir="ltr" class="phone">{}</bdi>', text) if text else "—"


def is_money_field(db_field) -> bool:
    """Amounts in MAD are DecimalFields with two decimals and room for millions (the MONEY fields, max_digits 14);
    areas, rates, shares and quantities have fewer digits."""
    return (
        isinstance(db_field, models.DecimalField)
        and db_field.decimal_places == 2
        and db_field.max_digits >= 12
    )


class AmountInput(forms.TextInput):
    """An amount grouped as the formatting module writes it, 2.160.000,00 (ar) or 2 160 000,00 (fr), left to right;
    AmountField reads it back."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "inputmode": "decimal", "class": "amount-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return formatting.format_amount(value, currency=False)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A DecimalField that takes an amount as AmountInput shows it (or plain, 2160000.00)."""

    widget = AmountInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = formatting.parse_amount(value)
            except (ValueError, ArithmeticError):
                raise ValidationError(
                    _("Enter an amount such as %(example)s.")
                    % {"example": formatting.format_amount(Decimal("2160000"), currency=False)},
                    code="invalid",
                ) from None
        return super().to_python(value)


def is_percent_field(db_field) -> bool:
    """A percentage is a DecimalField held between 0 and 100 by its validators (a project's physical progress)."""
    return isinstance(db_field, models.DecimalField) and any(
        isinstance(validator, MaxValueValidator) and validator.limit_value == 100
        for validator in db_field.validators
    )


class PercentInput(forms.TextInput):
    """A percentage as the formatting module writes it, 90 or 90,5 (never 90.00), left to right, with its % sign
    after it; PercentField reads it back."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "inputmode": "decimal", "class": "percent-input", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return formatting.format_quantity(value, max_decimals=2)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<span class="percent-field">{}<span class="percent-sign" aria-hidden="true">%</span></span>',
            super().render(name, value, attrs, renderer),
        )


class PercentField(forms.DecimalField):
    """A DecimalField that takes a percentage as PercentInput shows it (90,5), plain (90.5) or with its sign (90 %)."""

    widget = PercentInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            text = value.strip().removesuffix("%").strip()
            try:
                value = formatting.parse_amount(text)
            except (ValueError, ArithmeticError):
                raise ValidationError(
                    _("Enter a percentage such as %(example)s.")
                    % {"example": formatting.format_quantity(Decimal("12.5"))},
                    code="invalid",
                ) from None
        return super().to_python(value)


class FormattedInputsMixin:
    """For every admin class, inlines included: phones get a left-to-right input in the national form with a help
    text that says so, amounts in MAD an input grouped the Moroccan way that reads the grouping back, percentages an
    input written the same way (90,5) with its % sign."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_money_field(db_field):
            kwargs.update(form_class=AmountField, widget=AmountInput)
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        if is_percent_field(db_field):
            kwargs.update(form_class=PercentField, widget=PercentInput)
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        if is_phone_field(db_field):
            kwargs["widget"] = PhoneInput
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            if field is not None:
                field.help_text = lazy(phone_help_text, str)()
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AuditHistoryMixin(FormattedInputsMixin):
    """The admin's "History" page shows the audit trail (who, when, which fields, old → new), masked; phones and
    amounts get their formatted inputs (FormattedInputsMixin).
    """

    object_history_template = "admin/chamber/audit_history.html"
    # Django 6 assumes https for scheme-less URLs; say so now, and stay free of the deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False
    list_per_page = 50

    def history_view(self, request, object_id, extra_context=None):
        model = self.model
        obj = get_object_or_404(model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = (
            LogEntry.objects.get_for_object(obj)
            .select_related("actor", "content_type")
            .order_by("-timestamp")[:200]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "entries": history_rows(entries),
            "module_name": str(model._meta.verbose_name_plural),
            "object": obj,
            "opts": model._meta,
            "app_label": model._meta.app_label,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def report_errors(self, request, error: ValidationError) -> None:
        """Show a service's refusal as admin error messages, in the user's language."""
        for message in error.messages:
            self.message_user(request, message, level=messages.ERROR)


VERSION_FIELD = "record_version"


class VersionTokenField(forms.CharField):
    """The hidden version token: never counts as a change of the record (its timestamp differs on every render)."""

    def has_changed(self, initial, data) -> bool:
        return False


class VersionCheckForm(forms.Form):
    """Mixed into a change form: carries the version it was opened at, and refuses a stale save in `clean`.

    The check locks the row (the admin's change view runs in one transaction, so the lock holds until the save
    commits): two saves of the same version cannot both pass. A refused save keeps the user's input on screen,
    and the hidden field then carries the current version, so that saving again, knowingly, goes through.
    """

    record_version = VersionTokenField(widget=forms.HiddenInput, required=False)
    # An inline row that the user left alone is not saved, so it needs no check; the main form is always saved.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(VERSION_FIELD, versioning.version_token(self.instance.version))
        self.expected_version: int | None = None
        self.opened_at = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or (not self.check_unchanged and not self.has_changed()):
            return cleaned
        parsed = versioning.parse_version_token(self.cleaned_data.get(VERSION_FIELD, ""))
        if parsed is None:
            raise forms.ValidationError(
                _("This form does not say which version of the record it was opened at. Reload the page.")
            )
        self.expected_version, self.opened_at = parsed
        try:
            versioning.version_lock(
                self.instance, expected_version=self.expected_version, since=self.opened_at
            )
        except versioning.VersionConflict as conflict:
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = versioning.version_token(conflict.current)
            self.data = data
            raise forms.ValidationError(conflict.messages, code="version_conflict") from None
        except versioning.RecordGone as gone:
            raise forms.ValidationError(gone.messages) from None
        return cleaned


class VersionedAdminMixin:
    """For the admin of a `Versioned` model: its change form carries and checks the record's version."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            if not issubclass(base, VersionCheckForm):
                kwargs["form"] = type(f"Versioned{base.__name__}", (VersionCheckForm, base), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]


class VersionedInlineMixin:
    """For an inline of a `Versioned` model: each row carries its version; a changed or deleted stale row is refused."""

    def get_formset(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, VersionCheckForm):
            kwargs["form"] = type(
                f"Versioned{base.__name__}", (VersionCheckForm, base), {"check_unchanged": False}
            )
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]


def resource_without_fields(resource_class, hidden: frozenset[str]):
    """The same import-export resource with the columns in `hidden` left out (same class name: the export form's
    fields keep theirs)."""
    restricted = type(resource_class.__name__, (resource_class,), {"__module__": resource_class.__module__})
    restricted.fields = {name: field for name, field in resource_class.fields.items() if name not in hidden}
    for option in ("fields", "export_order"):
        names = getattr(restricted._meta, option, None)
        if names:
            setattr(restricted._meta, option, tuple(name for name in names if name not in hidden))
    return restricted


def _search_field_name(lookup: str) -> str:
    return lookup.lstrip("=^@").split("__", 1)[0]


class PersonalFieldsAdminMixin:
    """Personal fields only for the offices that need them (chamber.roles.PERSONAL_FIELD_OFFICES_BY_MODEL): not in
    the list, the form, the search or the export of the others. The audit trail masks them for everyone."""

    personal_model = ""  # "app_label.model"; the ModelAdmin's own model when empty

    def personal_fields_hidden(self, request) -> frozenset[str]:
        from chamber import roles

        key = self.personal_model or f"{self.model._meta.app_label}.{self.model._meta.model_name}"
        return roles.personal_fields_hidden_from(request.user, model=key)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.personal_fields_hidden(request)
        if not hidden:
            return fieldsets
        kept = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]
        return [(name, opts) for name, opts in kept if opts["fields"]]

    def get_list_display(self, request):
        hidden = self.personal_fields_hidden(request)
        return [name for name in super().get_list_display(request) if name not in hidden]

    def get_search_fields(self, request):
        hidden = self.personal_fields_hidden(request)
        return [
            lookup
            for lookup in super().get_search_fields(request)
            if _search_field_name(lookup) not in hidden
        ]

    def get_export_resource_classes(self, request):
        classes = super().get_export_resource_classes(request)
        hidden = self.personal_fields_hidden(request)
        return [resource_without_fields(c, hidden) for c in classes] if hidden else classes


class ChamberAdmin(PrivateSearchMixin, AuditHistoryMixin, admin.ModelAdmin):
    """For models without translated fields."""


class ChamberTranslationAdmin(PrivateSearchMixin, AuditHistoryMixin, TranslationAdmin):
    """For models with ar/fr/en fields: one tab per language, jQuery UI served from our static files."""

    class Media:
        js = TABBED_MEDIA_JS
        css = TABBED_MEDIA_CSS


class ChamberTranslationTabularInline(FormattedInputsMixin, TranslationTabularInline):
    pass


class ChamberTranslationStackedInline(FormattedInputsMixin, TranslationStackedInline):
    pass


# --- Import with caps, encodings and a full error list ------------------------------------------------------------


class CappedImportForm(ImportForm):
    """Refuses a file over IMPORT_MAX_BYTES, IMPORT_MAX_UNPACKED_BYTES or IMPORT_MAX_ROWS, a CSV with a NUL byte
    or in an unknown encoding, before it is parsed."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
                % {
                    "size": round(upload.size / 1024 / 1024, 1),
                    "limit": round(settings.IMPORT_MAX_BYTES / 1024 / 1024, 1),
                }
            )
        data = b"".join(upload.chunks())
        upload.seek(0)
        refusal = upload_refusal(data, max_unpacked=settings.IMPORT_MAX_UNPACKED_BYTES)
        if refusal:
            raise forms.ValidationError(refusal)
        try:
            rows = rows_in_upload(data, limit=settings.IMPORT_MAX_ROWS)
        except Exception:
            raise forms.ValidationError(_("This file cannot be read as CSV or XLSX.")) from None
        if rows > settings.IMPORT_MAX_ROWS:
            raise forms.ValidationError(
                _("The file has %(rows)s rows; the limit is %(limit)s. Split it into smaller files.")
                % {"rows": rows, "limit": settings.IMPORT_MAX_ROWS}
            )
        return upload


# The name django-import-export's MediaStorage gives an uploaded file: uuid4().hex.
_IMPORT_FILE_NAME = re.compile(r"[0-9a-f]{32}")


class SafeImportExportMixin(ImportExportMixin):
    """Our formats (CSV in UTF-8 with BOM or Windows-1256, XLSX), caps, a line/column/reason error list, counts."""

    import_form_class = CappedImportForm
    import_template_name = "admin/chamber/import.html"
    formats = FORMATS
    import_formats = FORMATS
    export_formats = FORMATS
    from_encoding = None

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        stored_name = getattr(form, "cleaned_data", {}).get("import_file_name")
        if stored_name:
            # The confirmed import: its batch record keeps the SHA-256 of the very bytes that were uploaded.
            stored = self.get_tmp_storage_class()(
                name=stored_name, read_mode="rb", encoding=None, **self.get_tmp_storage_class_kwargs()
            )
            kwargs["file_sha256"] = audit.file_sha256(stored.read())
        return kwargs

    def import_action(self, request, **kwargs):
        """The preview; an upload that cannot be confirmed (refused, or rows in error) leaves no file behind."""
        response = super().import_action(request, **kwargs)
        upload = request.FILES.get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        context = getattr(response, "context_data", None) or {}
        if name and not context.get("confirm_form"):
            self._remove_import_file(name)
        if context:
            # The columns by their names in the user's language (not cin, full_name…), and the templates.
            resource = self.get_import_resource_classes(request)[0]()
            result = context.get("result")
            if result is not None:
                context["import_error_rows"] = import_error_rows(resource, result)
            context["import_columns"] = [
                (resource.column_label(f), f.column_name in resource.required_columns)
                for f in resource.get_import_fields()
            ]
            opts = self.model._meta
            context["import_templates"] = [
                (
                    code,
                    name,
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template", args=[code]),
                )
                for code, name in (("ar", "العربية"), ("fr", "Français"))
            ]
        return response

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/template/<str:lang>/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, lang: str):
        """An empty XLSX whose header row names the columns in Arabic or French; the import accepts it as it is."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if lang not in ("ar", "fr"):
            raise Http404
        resource = self.get_import_resource_classes(request)[0]()
        with translation.override(lang):
            content = resource.template_workbook()
        response = HttpResponse(content, content_type=XLSX)
        filename = f"{self.model._meta.model_name}-template-{lang}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def process_import(self, request, **kwargs):
        """The confirmed import; its file is deleted whatever the outcome."""
        name = request.POST.get("import_file_name", "")
        if not _IMPORT_FILE_NAME.fullmatch(name) or not default_storage.exists(f"{IMPORT_TMP_FOLDER}/{name}"):
            if not self.has_import_permission(request):
                raise PermissionDenied
            messages.error(request, _("This import was already done or has expired; upload the file again."))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        try:
            return self._import_in_background(request, name) or super().process_import(request, **kwargs)
        finally:
            self._remove_import_file(name)

    def _import_in_background(self, request, name: str):
        """A confirmed file of more than IMPORT_BACKGROUND_ROWS rows is handed to a job, which writes it exactly as
        the request would; the answer is at once, with a link to the job's record. None: import it here."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return None  # the library shows the form's errors
        opts = self.model._meta
        formats = self.get_import_formats()
        try:
            input_format = formats[int(confirm_form.cleaned_data["format"])]
            resource = self.choose_import_resource_class(confirm_form, request)
        except (TypeError, ValueError, IndexError):
            messages.error(request, _("This import was already done or has expired; upload the file again."))
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        with default_storage.open(f"{IMPORT_TMP_FOLDER}/{name}", "rb") as handle:
            data = handle.read()
        limit = settings.IMPORT_BACKGROUND_ROWS
        try:
            rows = rows_in_upload(data, limit=limit)
        except Exception:
            return None  # unreadable: the library's own reading reports it
        if rows <= limit:
            return None
        file_name = confirm_form.cleaned_data.get("original_file_name") or ""
        record = import_start(
            resource=resource,
            input_format=input_format,
            data=data,
            file_name=file_name,
            rows=rows,
            label=_("Import of %(what)s: %(file)s (%(rows)s rows)")
            % {"what": opts.verbose_name_plural, "file": file_name, "rows": rows},
            by=request.user,
        )
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "The file is being imported in the background: nothing is written until every row is valid."
                ),
                reverse("admin:chamber_jobrecord_change", args=[record.pk]),
                _("Follow the import here."),
            ),
        )
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def _remove_import_file(self, name: str) -> None:
        # Only a name the storage itself gave (a uuid4 hex): never a path a POST could point elsewhere.
        if _IMPORT_FILE_NAME.fullmatch(name or ""):
            default_storage.delete(f"{IMPORT_TMP_FOLDER}/{name}")

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "import_max_rows": settings.IMPORT_MAX_ROWS}

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _(
                "Import finished: %(new)s created, %(updated)s updated, %(skipped)s skipped (unchanged), %(errors)s errors."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                "errors": totals[RowResult.IMPORT_TYPE_ERROR] + totals[RowResult.IMPORT_TYPE_INVALID],
            },
        )


class SafeExportMixin(ExportMixin):
    formats = FORMATS
    export_formats = FORMATS


class BackgroundExportMixin:
    """Admin actions that export the selected records (or the whole filtered list, with "select all") by a
    background job; the page answers at once and the job's record gives the link when the file is ready."""

    background_export_resource: str = ""  # dotted path of the import-export resource to write

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.background_export_resource and self.has_export_permission(request):
            for fmt in exports.FORMATS:
                name = f"export_{fmt}_in_background"
                description = _("Export the selected records (%(format)s) in the background") % {
                    "format": fmt.upper()
                }
                actions[name] = (
                    functools.partial(BackgroundExportMixin._export_action, fmt=fmt),
                    name,
                    description,
                )
        return actions

    @staticmethod
    def _export_action(modeladmin, request, queryset, *, fmt: str):
        total = modeladmin.model._default_manager.count()
        # "Select all" over an unfiltered list is the whole table (a subset as large as the table is the table):
        # the job reads it in order without a list of ids, which for 100,000 rows was most of the request's time.
        count = queryset.count()
        pks = None if count == total else list(queryset.values_list("pk", flat=True))
        record = exports.export_start(
            resource=modeladmin.background_export_resource,
            pks=pks,
            fmt=fmt,
            label=_("Export of %(what)s (%(count)s rows, %(format)s)")
            % {
                "what": modeladmin.model._meta.verbose_name_plural,
                "count": count if pks is None else len(pks),
                "format": fmt.upper(),
            },
            by=request.user,
        )
        url = reverse("admin:chamber_jobrecord_change", args=[record.pk])
        modeladmin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The export is being written in the background."),
                url,
                _("Follow it and download the file here."),
            ),
        )


# --- One write path: the admin's saves and deletes call the app's services ------------------------------------------


class ServiceRefusal(Exception):
    """A service refused a write made from an admin form: carried out of the form's transaction, which rolls back."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


@contextlib.contextmanager
def refusal_as_form_error():
    """Turn a service's ValidationError into a ServiceRefusal, except a refused edit of approved minutes, which
    the meetings admin records and reports itself (its FrozenAdminMixin)."""
    try:
        yield
    except ValidationError as error:
        if getattr(error, "frozen", False):
            raise
        raise ServiceRefusal(error) from error


def add_refusal_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside its field when the field is on the form, above it otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _model_field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields() if (f.concrete and not f.auto_created) or f.many_to_many}


def form_fields(form, obj, *, changed_only: bool) -> dict:
    """The model fields the form sets on `obj` (those it changed, for an update): what a service is given."""
    names = form.changed_data if changed_only else list(form.fields)
    model_fields = _model_field_names(type(obj))
    values = {}
    for name in names:
        if name not in model_fields or name not in form.cleaned_data:
            continue
        field = obj._meta.get_field(name)
        values[name] = form.cleaned_data[name] if field.many_to_many else getattr(obj, name)
    return values


class ServiceCallsMixin:
    """Names the services that create, update and delete this admin's (or inline's) model, and calls them.

    `service_module` is the app's services module; the three names are functions in it, looked up at each call (a
    test can patch them). The calls are `create(by=user, **fields)`, `update(<entity>=obj, by=user, **changed)`
    and `delete(<entity>=obj, by=user)`, `<entity>` being the model's name; for an inline, `create` also gets
    the parent record under the inline's `fk_name`. Override `service_create`/`service_update`/`service_delete`
    where a service takes other arguments.
    """

    service_module: str = ""
    create_service: str = ""
    update_service: str = ""
    delete_service: str = ""
    service_entity: str = ""
    # Passed to the update and delete services as well (the meetings services take `via="admin"`).
    service_kwargs: dict = {}

    def service(self, name: str):
        return getattr(importlib.import_module(self.service_module), name)

    @property
    def entity(self) -> str:
        return self.service_entity or self.model._meta.model_name

    def service_create(self, request, obj, form, **parent):
        fields = {**form_fields(form, obj, changed_only=False), **parent}
        return self.service(self.create_service)(by=request.user, **fields)

    def service_update(self, request, obj, form):
        changes = form_fields(form, obj, changed_only=True)
        return self.service(self.update_service)(
            **{self.entity: obj}, by=request.user, **self.service_kwargs, **changes
        )

    def service_delete(self, request, obj):
        return self.service(self.delete_service)(**{self.entity: obj}, by=request.user, **self.service_kwargs)


def _take_saved(obj, saved) -> None:
    """The admin goes on with `obj` (its message, its log entry, its redirect): give it the saved record's state."""
    if saved is None or saved is obj:
        return
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db
    obj.refresh_from_db()


class ServiceInlineMixin(FormattedInputsMixin, ServiceCallsMixin):
    """For an inline: its rows are added, changed and deleted through services (see ServiceCallsMixin)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset

    def parent_keyword(self) -> str:
        return self.fk_name or next(
            f.name for f in self.model._meta.fields if f.is_relation and f.related_model is self.parent_model
        )

    def formset_save(self, request, formset, parent) -> None:
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.service_delete(request, obj)
        for obj, _changed in formset.changed_objects:
            form = next(f for f in formset.forms if f.instance is obj)
            self.service_update(request, obj, form)
        for obj in formset.new_objects:
            form = next(f for f in formset.forms if f.instance is obj)
            _take_saved(obj, self.service_create(request, obj, form, **{self.parent_keyword(): parent}))


class ServiceAdminMixin(ServiceCallsMixin):
    """Every add, change and delete of this admin, its inlines' rows included, is made by the app's services.

    A service's refusal rolls the whole save back (the admin's change view is one transaction) and the form comes
    back, status 200, with the refusal beside its field or above the form; the user's input stays on screen. A
    refused delete comes back as an error message. Actions that write call services themselves.
    """

    def save_model(self, request, obj, form, change):
        with refusal_as_form_error():
            saved = (
                self.service_update(request, obj, form) if change else self.service_create(request, obj, form)
            )
        _take_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The services set the many-to-many fields; form.save_m2m() would write them a second time.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_inline", None)
        if inline is None:
            return super().save_formset(request, form, formset, change)
        with refusal_as_form_error():
            inline.formset_save(request, formset, form.instance)

    def delete_model(self, request, obj):
        with refusal_as_form_error():
            self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                with transaction.atomic():
                    self.service_delete(request, obj)
            except ValidationError as error:
                if getattr(error, "frozen", False):
                    raise
                self.report_errors(request, error)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        def clean(form_self):
            cleaned = super(refused, form_self).clean()
            add_refusal_to_form(form_self, refusal)
            return cleaned

        refused = type(f"Refused{form.__name__}", (form,), {"clean": clean})
        return refused

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            # The save rolled back; show the same form again, the refusal on it (its clean adds it).
            request._service_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefusal as refusal:
            self.report_errors(request, refusal.error)
            return HttpResponseRedirect(request.get_full_path())
