"""The register's admin, in Arabic: filters, Arabic-normalised search, safe import/export, cards and the
statistics page. Buttons and actions call services; refusals become error messages."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans import documents, resources, selectors, services
from artisans.models import (
    Activity,
    Artisan,
    Membership,
    Organisation,
    ProfessionalCard,
    Sector,
)
from chamber import roles
from chamber.admin_base import (
    BackgroundExportMixin,
    ChamberAdmin,
    ChamberTranslationAdmin,
    SafeImportExportMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    VersionedAdminMixin,
    resource_without_fields,
)
from chamber.admin_print import PrintableListMixin
from chamber.identity import normalize_cin, normalize_phone
from chamber.pdf import document_response

# --- Counting without scanning ------------------------------------------------------------------------------------


class EstimatedCountPaginator(Paginator):
    """An unfiltered artisan list is counted from PostgreSQL's statistics once the table is large.

    One query either way (the exact count is only run, inside the same statement, when the table is small), so the
    changelist runs the same number of queries at 100 and at 100,000 artisans.
    """

    EXACT_BELOW = 10_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if getattr(qs, "query", None) is not None and not qs.query.where and not qs.query.distinct:
            table = qs.model._meta.db_table
            with connection.cursor() as cursor:
                # The table name comes from the model's own Meta and is quoted; nothing user-supplied is inlined.
                quoted = connection.ops.quote_name(table)
                sql = "SELECT CASE WHEN c.reltuples < %s THEN (SELECT count(*) FROM " + quoted + ")"  # noqa: S608
                sql += " ELSE c.reltuples::bigint END FROM pg_class c WHERE c.oid = %s::regclass"
                cursor.execute(sql, [self.EXACT_BELOW, table])
                return int(cursor.fetchone()[0])
        return super().count


# --- Nomenclature -------------------------------------------------------------------------------------------------


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("code", "name_ar", "name_fr", "name_en")
    extra = 0


@admin.register(Sector)
class SectorAdmin(ChamberTranslationAdmin):
    list_display = ("code", "name", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name_ar", "name_fr")
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(ChamberTranslationAdmin):
    list_display = ("code", "name", "sector")
    list_filter = ("sector",)
    list_select_related = ("sector",)
    search_fields = ("code", "name_ar", "name_fr")


# --- Artisans -----------------------------------------------------------------------------------------------------


class SectorFilter(admin.SimpleListFilter):
    title = gettext_lazy("sector")
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        return [(s.code, s.name) for s in Sector.objects.order_by("order")]

    def queryset(self, request, queryset):
        return queryset.filter(main_activity__sector__code=self.value()) if self.value() else queryset


class ProvinceFilter(admin.SimpleListFilter):
    title = gettext_lazy("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        from chamber.selectors import provinces_of_chamber_region

        return [(p.code, p.name) for p in provinces_of_chamber_region()]

    def queryset(self, request, queryset):
        return queryset.filter(commune__province__code=self.value()) if self.value() else queryset


class CardStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("professional card")
    parameter_name = "card"

    def lookups(self, request, model_admin):
        return [*ProfessionalCard.Status.choices, ("none", _("No card"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        cards = ProfessionalCard.objects.filter(artisan_id=OuterRef("pk"))
        valid = cards.filter(status=ProfessionalCard.Status.VALID, expires_on__gte=today)
        value = self.value()
        if value == ProfessionalCard.Status.VALID:
            return queryset.filter(Exists(valid))
        if value == ProfessionalCard.Status.EXPIRED:
            expired = cards.filter(
                Q(status=ProfessionalCard.Status.EXPIRED)
                | Q(status=ProfessionalCard.Status.VALID, expires_on__lt=today)
            )
            return queryset.filter(Exists(expired)).exclude(Exists(valid))
        if value == ProfessionalCard.Status.SUSPENDED:
            return queryset.filter(Exists(cards.filter(status=ProfessionalCard.Status.SUSPENDED))).exclude(
                Exists(valid)
            )
        if value == "none":
            return queryset.exclude(Exists(cards))
        return queryset


class CommuneFilter(admin.SimpleListFilter):
    title = gettext_lazy("commune")
    parameter_name = "commune"

    def lookups(self, request, model_admin):
        from chamber.models import Commune

        qs = Commune.objects.select_related("province").order_by("province__name", "name")
        province = request.GET.get("province")
        if province:
            qs = qs.filter(province__code=province)
        return [(c.code, c.name) for c in qs]

    def queryset(self, request, queryset):
        return queryset.filter(commune__code=self.value()) if self.value() else queryset


class MembershipInline(ServiceInlineMixin, admin.TabularInline):
    model = Membership
    service_module = "artisans.services"
    create_service, update_service, delete_service = (
        "membership_create",
        "membership_update",
        "membership_delete",
    )
    extra = 0
    autocomplete_fields = ("artisan",)


class ArtisanForm(forms.ModelForm):
    class Meta:
        model = Artisan
        fields = (
            "full_name", "full_name_latin", "cin", "sex", "birth_date", "phone", "email", "address", "commune",
            "main_activity", "secondary_activities", "category", "register_number", "registration_status",
            "amo_number", "coverage_status", "public_profile", "bio", "user", "photo",
        )  # fmt: skip

    def clean_cin(self):
        return normalize_cin(self.cleaned_data.get("cin"))

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data.get("phone"))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_register_number(self):
        return (self.cleaned_data.get("register_number") or "").strip() or None


class StatisticsFilterForm(forms.Form):
    """The statistics page's filters: a period (added to the register), a province, a sector."""

    start = forms.DateField(
        label=gettext_lazy("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    province = forms.ChoiceField(label=gettext_lazy("province"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("sector"), required=False)

    def __init__(self, *args, **kwargs):
        from artisans.models import Sector
        from chamber.selectors import chamber_profile

        super().__init__(*args, **kwargs)
        from chamber.models import Province

        region = chamber_profile().region_id
        provinces = Province.objects.filter(region_id=region) if region else Province.objects.all()
        self.fields["province"].choices = [
            ("", "—"),
            *[(p.code, str(p.name)) for p in provinces.order_by("code")],
        ]
        self.fields["sector"].choices = [
            ("", "—"),
            *[(s.code, str(s.name)) for s in Sector.objects.order_by("code")],
        ]

    def clean(self):
        from chamber.periods import validate_report_period

        data = super().clean()
        if data.get("start") and data.get("end"):
            validate_report_period(start=data["start"], end=data["end"])
        return data


@admin.register(Artisan)
class ArtisanAdmin(
    ServiceAdminMixin,
    PrintableListMixin,
    VersionedAdminMixin,
    BackgroundExportMixin,
    SafeImportExportMixin,
    ChamberTranslationAdmin,
):
    form = ArtisanForm
    service_module = "artisans.services"
    create_service, update_service, delete_service = "artisan_create", "artisan_update", "artisan_delete"
    resource_classes = [resources.ArtisanResource]
    background_export_resource = "artisans.resources.ArtisanResource"
    list_display = (
        "full_name",
        "full_name_latin",
        "main_activity",
        "commune_and_province",
        "sex",
        "category",
        "coverage_status",
        "registration_status",
    )
    list_select_related = ("main_activity", "commune__province")
    # The printed list names the artisan and the craft; contact details and the CIN stay on screen.
    print_list_display = (
        "full_name",
        "full_name_latin",
        "register_number",
        "main_activity",
        "province_name",
        "category",
        "registration_status",
    )
    list_filter = (
        SectorFilter,
        ("main_activity", admin.RelatedOnlyFieldListFilter),
        ProvinceFilter,
        CommuneFilter,
        "sex",
        "category",
        CardStatusFilter,
        "coverage_status",
        "registration_status",
        "public_profile",
    )
    search_fields = ("search_name",)  # the search itself is artisan_search (normalised, trigram-indexed)
    search_help_text = gettext_lazy("Name in Arabic or Latin letters, CIN or register ID.")
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    change_list_template = "admin/artisans/artisan/change_list.html"
    list_per_page = 50
    autocomplete_fields = ("main_activity", "secondary_activities", "commune", "user")
    readonly_fields = ("created_at", "updated_at")
    actions = ["issue_cards"]
    fieldsets = (
        (
            gettext_lazy("Identity"),
            {"fields": ("full_name", "full_name_latin", "cin", "sex", "birth_date", "photo")},
        ),
        (gettext_lazy("Contact"), {"fields": ("phone", "email", "address", "commune")}),
        (
            gettext_lazy("Craft"),
            {
                "fields": (
                    "main_activity",
                    "secondary_activities",
                    "category",
                    "register_number",
                    "registration_status",
                )
            },
        ),
        (gettext_lazy("Social coverage"), {"fields": ("amo_number", "coverage_status")}),
        (gettext_lazy("Public profile"), {"fields": ("public_profile", "bio")}),
        (gettext_lazy("Portal account"), {"fields": ("user", "created_at", "updated_at")}),
    )

    @admin.display(description=gettext_lazy("province"), ordering="commune__province__name")
    def province_name(self, obj):
        return obj.commune.province.name

    # One column for where the artisan works, the province under the commune: as two columns the French list was
    # 731 px in a 665 px box at 1280 px (its last column behind a sideways scroll).
    @admin.display(description=gettext_lazy("commune and province"), ordering="commune")
    def commune_and_province(self, obj):
        return format_html('{}<br><span class="quiet">{}</span>', obj.commune.name, obj.commune.province.name)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        hidden = roles.personal_fields_hidden_from(request.user)
        return selectors.artisan_search(query=search_term, qs=queryset, by_cin="cin" not in hidden), False

    # Personal fields only for the offices that need them (chamber.roles.PERSONAL_FIELD_OFFICES): not in the form,
    # not in the search (above), not in the export.
    def get_fieldsets(self, request, obj=None):
        hidden = roles.personal_fields_hidden_from(request.user)
        fieldsets = super().get_fieldsets(request, obj)
        if not hidden:
            return fieldsets
        kept = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]
        return [(name, opts) for name, opts in kept if opts["fields"]]

    def get_export_resource_classes(self, request):
        hidden = roles.personal_fields_hidden_from(request.user)
        classes = super().get_export_resource_classes(request)
        if not hidden:
            return classes
        return [resource_without_fields(resource_class, hidden) for resource_class in classes]

    @admin.action(description=gettext_lazy("Issue a professional card"), permissions=["change"])
    def issue_cards(self, request, queryset):
        issued = 0
        for artisan in queryset[:500]:
            try:
                services.card_issue(artisan=artisan)
                issued += 1
            except ValidationError as exc:
                self.report_errors(request, exc)
        if issued:
            self.message_user(request, _("%(n)s cards issued.") % {"n": issued}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="artisans_artisan_statistics",
            ),
            path(
                "statistics/pdf/",
                self.admin_site.admin_view(self.statistics_pdf_view),
                name="artisans_artisan_statistics_pdf",
            ),
            path(
                "statistics/xlsx/",
                self.admin_site.admin_view(self.statistics_xlsx_view),
                name="artisans_artisan_statistics_xlsx",
            ),
            *super().get_urls(),
        ]

    def _check_statistics(self, request):
        if not request.user.has_perm("artisans.view_statistics"):
            raise PermissionDenied

    def _statistics_filters(self, request) -> tuple[StatisticsFilterForm, dict]:
        form = StatisticsFilterForm(request.GET or None)
        if form.is_bound and form.is_valid():
            return form, {k: v for k, v in form.cleaned_data.items() if v}
        return form, {}

    def statistics_view(self, request):
        from chamber.charts import bar_svg

        self._check_statistics(request)
        form, filters = self._statistics_filters(request)
        stats = selectors.register_statistics(**filters)
        rtl = translation.get_language_bidi()
        for section in stats["sections"]:
            top = max((row["count"] for row in section["rows"]), default=0)
            for row in section["rows"]:
                row["bar"] = bar_svg(row["count"], top, rtl=rtl, width_mm=60, height_mm=4)
        chart_data = [
            {
                "key": s["key"],
                "title": s["title"],
                "labels": [r["label"] for r in s["rows"]],
                "counts": [r["count"] for r in s["rows"]],
            }
            for s in stats["sections"]
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Register statistics"),
            "opts": self.model._meta,
            "stats": stats,
            "chart_data": chart_data,
            "filter_form": form,
            "query": request.GET.urlencode() if filters else "",
        }
        return TemplateResponse(request, "artisans/admin/statistics.html", context)

    def statistics_pdf_view(self, request):
        self._check_statistics(request)
        _form, filters = self._statistics_filters(request)
        return document_response(
            documents.statistics_pdf(lang=request.LANGUAGE_CODE[:2], **filters), inline=True
        )

    def statistics_xlsx_view(self, request):
        self._check_statistics(request)
        _form, filters = self._statistics_filters(request)
        return document_response(documents.statistics_xlsx(lang=request.LANGUAGE_CODE[:2], **filters))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_view_statistics": request.user.has_perm("artisans.view_statistics"),
        }
        return super().changelist_view(request, extra_context)


# --- Organisations ------------------------------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(
    ServiceAdminMixin, VersionedAdminMixin, SafeImportExportMixin, ChamberTranslationAdmin
):
    service_module = "artisans.services"
    create_service, update_service, delete_service = (
        "organisation_create",
        "organisation_update",
        "organisation_delete",
    )
    resource_classes = [resources.OrganisationResource]
    list_display = ("name", "kind", "ice", "commune", "legal_representative")
    list_select_related = ("commune", "legal_representative")
    list_filter = ("kind", ProvinceFilter)
    search_fields = ("name_ar", "name_fr", "ice")
    autocomplete_fields = ("commune", "legal_representative", "activities")
    inlines = [MembershipInline]

    def get_export_resource_classes(self, request):
        # The legal representative is exported by their CIN: an artisan's CIN is Registry's (chamber.roles).
        classes = super().get_export_resource_classes(request)
        if "cin" not in roles.personal_fields_hidden_from(request.user):
            return classes
        return [resource_without_fields(c, frozenset({"legal_representative"})) for c in classes]


# --- Cards --------------------------------------------------------------------------------------------------------


class SuspendForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=300)


@admin.register(ProfessionalCard)
class ProfessionalCardAdmin(ChamberAdmin):
    list_display = ("number", "artisan", "issued_on", "expires_on", "status_display", "pdf_link")
    list_select_related = ("artisan",)
    list_filter = ("status",)
    search_fields = ("number",)
    readonly_fields = (
        "number",
        "artisan",
        "issued_on",
        "expires_on",
        "signed_by",
        "status",
        "suspension_reason",
    )
    fields = readonly_fields
    actions = ["suspend", "print_sheet"]

    def has_add_permission(self, request):
        return False  # cards are issued from the artisan list, through the service

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, obj):
        return obj.get_effective_status_display()

    @admin.display(description=gettext_lazy("card PDF"))
    def pdf_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:artisans_professionalcard_pdf", args=[obj.pk]), _("PDF")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="artisans_professionalcard_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        card = ProfessionalCard.objects.filter(pk=pk).first()
        if card is None or not self.has_view_permission(request, card):
            raise PermissionDenied
        return document_response(documents.card_pdf(card=card), inline=True)

    @admin.action(description=gettext_lazy("Print the selected cards on A4 sheets"), permissions=["view"])
    def print_sheet(self, request, queryset):
        """One sheet at once; more are rendered by a job, whose record gives the PDF when it is ready."""
        card_ids = list(queryset.values_list("pk", flat=True))
        if len(card_ids) <= documents.CARDS_PER_SHEET:
            return document_response(documents.card_sheet_pdf(cards=list(queryset)), inline=True)
        try:
            record = services.card_sheet_start(card_ids=card_ids, by=request.user)
        except ValidationError as exc:
            self.report_errors(request, exc)
            return None
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The sheets of %(count)s cards are being rendered in the background.")
                % {"count": len(card_ids)},
                reverse("admin:chamber_jobrecord_change", args=[record.pk]),
                _("Follow it and download the PDF here."),
            ),
        )
        return None

    @admin.action(description=gettext_lazy("Suspend the selected cards"), permissions=["change"])
    def suspend(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                _("Give the reason for suspending card %(number)s.")
                % {"number": ", ".join(c.number for c in queryset[:20])},
                messages.ERROR,
            )
            return
        for card in queryset:
            try:
                services.card_suspend(card=card, reason=reason)
            except ValidationError as exc:
                self.report_errors(request, exc)
