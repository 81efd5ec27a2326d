"""Import and export of artisans and organisations (django-import-export), on the shared machinery in
chamber/imports.py.

Imports are all-or-nothing and validated cell by cell, so a clerk sees every bad row with its column and reason.
Lookups (communes, activities, existing CINs) are loaded once per file, and rows are written in bulk.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from artisans.models import Activity, Artisan, Organisation, validate_ice
from chamber.formatting import format_phone
from chamber.identity import CIN_RE, normalize_cin, normalize_phone
from chamber.imports import (
    CachedCodeWidget,
    ChamberResource,
    ChoiceWidget,
    EmailWidget,
    FlexibleDateWidget,
    KeyedInstanceLoader,
    NullableCodeWidget,
    OptionalCharWidget,
    RequiredCharWidget,
)
from chamber.models import Commune

# --- Widgets ------------------------------------------------------------------------------------------------------


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

    def render(self, value, obj=None, **kwargs):
        # The national form a clerk reads and types (06 12 34 56 78); a spreadsheet keeps it as text, and the
        # import reads it back to the same E.164 value.
        return format_phone(value)


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


class CinInstanceLoader(KeyedInstanceLoader):
    key_field = "cin"
    key_normalise = staticmethod(normalize_cin)


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
        # Every row gets the model's validation (a 250-character name is refused with its line and column before
        # anything is written); uniqueness and the codes are checked once per file (ChamberResource.validate_instance).
        clean_model_instances = True
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
    column_labels = {"legal_representative_cin": gettext_lazy("CIN of the legal representative")}

    class Meta:
        model = Organisation
        fields = ("ice", "kind", "name_ar", "name_fr", "commune", "legal_representative")
        import_id_fields = ("ice",)
        instance_loader_class = IceInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        use_transactions = True
        clean_model_instances = (
            True  # the model's validation on every row (ChamberResource.validate_instance)
        )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.ice:
            raise ValidationError({"ice": _("This column is required.")})
        self.once_in_file("ice", instance.ice, "ice")
        instance.name = instance.name_ar
