"""Staff screens for agreements: thin lists and forms; lifecycle buttons, the dashboard, the fact sheet and the
XLSX export all call services, selectors and documents."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import exports, selectors, services
from agreements.documents import agreement_fact_sheet_pdf
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    Partner,
    Project,
    ProjectContribution,
)
from chamber.admin_base import (
    ChamberTranslationAdmin,
    ChamberTranslationStackedInline,
    ChamberTranslationTabularInline,
    ServiceAdminMixin,
    ServiceInlineMixin,
    VersionedAdminMixin,
    VersionedInlineMixin,
    phone_display,
)
from chamber.formatting import format_amount, format_percent
from chamber.pdf import document_response


@admin.register(Partner)
class PartnerAdmin(ChamberTranslationAdmin):
    list_display = ("name", "acronym", "kind", "country", "commune", "phone_number")
    list_filter = ("kind", "country")
    list_select_related = ("commune",)
    search_fields = ("name_ar", "name_fr", "acronym")
    raw_id_fields = ("commune", "organisation")

    @admin.display(description=gettext_lazy("phone"))
    def phone_number(self, obj):
        return phone_display(obj.phone)


class AgreementsServiceInline(ServiceInlineMixin):
    service_module = "agreements.services"


class PartyInline(AgreementsServiceInline, VersionedInlineMixin, admin.TabularInline):
    model = AgreementParty
    service_entity = "party"
    create_service = "agreement_party_add"
    update_service, delete_service = "agreement_party_update", "agreement_party_delete"
    extra = 0
    autocomplete_fields = ("partner",)
    fields = ("position", "partner", "role", "contribution", "contribution_kind", "notes")
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 30})}}


class ProjectInline(AgreementsServiceInline, VersionedInlineMixin, ChamberTranslationTabularInline):
    model = Project
    create_service, update_service, delete_service = "project_create", "project_update", "project_delete"
    extra = 0
    show_change_link = True
    fields = ("position", "title", "budget", "progress", "disbursed", "status", "beneficiaries_total", "gap")
    readonly_fields = ("gap",)

    def get_queryset(self, request):
        return selectors.projects_with_gaps()

    @admin.display(description=gettext_lazy("contribution gap"))
    def gap(self, obj):
        if obj.pk is None:
            return "—"
        gap = selectors.project_gap(obj)
        return format_amount(gap) if gap else "✓"


class ClauseInline(AgreementsServiceInline, ChamberTranslationStackedInline):
    model = Clause
    create_service, update_service, delete_service = "clause_create", "clause_update", "clause_delete"
    extra = 0
    fields = (
        ("number", "follow_up_status"),
        "summary",
        ("responsible_party", "due_date"),
        "indicator",
        "evaluation_notes",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "responsible_party":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgreementParty.objects.select_related("partner").filter(
                agreement_id=object_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DocumentInline(AgreementsServiceInline, ChamberTranslationTabularInline):
    model = AgreementDocument
    service_entity = "document"
    create_service, update_service, delete_service = "document_create", "document_update", "document_delete"
    extra = 0
    fields = ("title", "kind", "file", "is_public")


class SignForm(forms.Form):
    signature_date = forms.DateField(
        label=gettext_lazy("signature date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_scan = forms.FileField(label=gettext_lazy("signed scan (PDF)"), required=False)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("termination reason"), widget=forms.Textarea)


class OverdueClausesFilter(admin.SimpleListFilter):
    title = gettext_lazy("clauses")
    parameter_name = "clauses"

    def lookups(self, request, model_admin):
        return [("overdue", gettext_lazy("A clause is past its due date"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            overdue = selectors.agreements_with_overdue_clauses(today=timezone.localdate())
            return queryset.filter(pk__in=overdue.values("pk"))
        return queryset


class AgreementStatusFilter(admin.ChoicesFieldListFilter):
    """The project's agreement's status, titled so that it is not taken for the project's own status."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("agreement status")


class ContributionGapFilter(admin.SimpleListFilter):
    title = gettext_lazy("contribution gap")
    parameter_name = "gap"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Contributions do not cover the budget"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=selectors.projects_short_of_contributions().values("pk"))
        return queryset


@admin.register(Agreement)
class AgreementAdmin(ServiceAdminMixin, VersionedAdminMixin, ChamberTranslationAdmin):
    service_module = "agreements.services"
    create_service, update_service, delete_service = (
        "agreement_create",
        "agreement_update",
        "agreement_delete",
    )
    change_form_template = "admin/agreements/agreement/change_form.html"
    change_list_template = "admin/agreements/agreement/change_list.html"
    list_display = ("reference", "title", "kind", "status", "signature_date", "end_date", "past_end")
    list_filter = ("status", "kind", "is_public", OverdueClausesFilter)
    search_fields = (
        "reference",
        "title_ar",
        "title_fr",
        "parties__partner__name_ar",
        "parties__partner__acronym",
    )
    list_select_related = ("approval_decision",)
    date_hierarchy = "signature_date"
    raw_id_fields = ("parent", "approval_item")
    inlines = (PartyInline, ProjectInline, ClauseInline, DocumentInline)
    readonly_fields = (
        "status",
        "approval",
        "approved_on",
        "signature_date",
        "totals_summary",
        "funded_activities",
        "amendments_list",
        "completed_on",
        "terminated_on",
        "termination_reason",
    )
    fieldsets = (
        (
            None,
            {"fields": ("reference", "title", "kind", "parent", "amendments_list", "objective", "programme")},
        ),
        (
            gettext_lazy("Lifecycle"),
            {
                "fields": (
                    "status",
                    "approval_item",
                    "approval",
                    "approved_on",
                    "signature_date",
                    ("start_date", "end_date", "duration_months"),
                    "completed_on",
                    "terminated_on",
                    "termination_reason",
                )
            },
        ),
        (gettext_lazy("Money"), {"fields": ("declared_budget", "totals_summary")}),
        (
            gettext_lazy("Documents and portal"),
            {"fields": ("signed_scan", "signed_scan_is_public", "is_public")},
        ),
        (gettext_lazy("Funded activities"), {"fields": ("funded_activities",)}),
    )

    def get_search_results(self, request, queryset, search_term):
        queryset, _dup = super().get_search_results(request, queryset, search_term)
        return queryset, bool(search_term)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status != Agreement.Status.DRAFT:
            return (*readonly, "approval_item")  # the vote that approved it is history
        return readonly

    @admin.display(description=gettext_lazy("past end"))
    def past_end(self, obj):
        # A warning, not a tick: Django's boolean icon showed an overdue agreement as a green check mark.
        if obj.is_past_end:
            return format_html('<span class="late-flag">{}</span>', _("Past its end date"))
        return "—"

    @admin.display(description=gettext_lazy("approval decision"))
    def approval(self, obj):
        if obj.approval_decision_id:
            return str(obj.approval_decision)
        if obj.historical_approval_reference:
            return _("Paper register, decision %(number)s") % {"number": obj.historical_approval_reference}
        return "—"

    @admin.display(description=gettext_lazy("totals"))
    def totals_summary(self, obj):
        if obj.pk is None:
            return "—"
        totals = selectors.totals_of(obj)
        rows = [
            (_("Total of the projects"), format_amount(totals.projects_total)),
            (_("Committed by the parties"), format_amount(totals.committed_total)),
            (_("Disbursed"), format_amount(totals.disbursed_total)),
            (
                _("Execution rate"),
                format_percent(totals.execution_rate) if totals.execution_rate is not None else "—",
            ),
        ]
        if totals.discrepancy is not None:
            rows.append(
                (
                    _("Discrepancy: declared budget minus the projects"),
                    format_amount(totals.discrepancy),
                )
            )
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

    @admin.display(description=gettext_lazy("amendments"))
    def amendments_list(self, obj):
        if obj.pk is None:
            return "—"
        amendments = obj.amendments.order_by("reference")
        return (
            format_html_join(
                "، ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:agreements_agreement_change", args=[a.pk]),
                        a.reference,
                        a.get_status_display(),
                    )
                    for a in amendments
                ),
            )
            or "—"
        )

    @admin.display(description=gettext_lazy("trainings, distributions and exhibitions funded"))
    def funded_activities(self, obj):
        if obj.pk is None:
            return "—"
        groups = selectors.funded_activities(obj)
        if not groups:
            return "—"
        return format_html_join(
            "",
            "<p><strong>{}</strong></p><ul>{}</ul>",
            (
                (
                    group["label"],
                    format_html_join(
                        "",
                        "<li>{} — {}</li>",
                        (
                            (
                                str(item),
                                _("beneficiaries: %(count)s") % {"count": count}
                                if count is not None
                                else "—",
                            )
                            for item, count in group["rows"]
                        ),
                    ),
                )
                for group in groups
            ),
        )

    # --- extra views -----------------------------------------------------------------------------------------

    def get_urls(self):
        info = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        extra = [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name=f"{info}_dashboard"),
            path("export-xlsx/", self.admin_site.admin_view(self.export_view), name=f"{info}_export_xlsx"),
            path(
                "<int:pk>/fact-sheet/",
                self.admin_site.admin_view(self.fact_sheet_view),
                name=f"{info}_fact_sheet",
            ),
            path("<int:pk>/sign/", self.admin_site.admin_view(self.sign_view), name=f"{info}_sign"),
            path(
                "<int:pk>/terminate/",
                self.admin_site.admin_view(self.terminate_view),
                name=f"{info}_terminate",
            ),
            path(
                "<int:pk>/move/<str:action>/",
                self.admin_site.admin_view(self.move_view),
                name=f"{info}_move",
            ),
        ]
        return extra + super().get_urls()

    def _change_url(self, pk):
        return reverse("admin:agreements_agreement_change", args=[pk])

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Partnerships dashboard"),
            "opts": self.model._meta,
            "data": selectors.dashboard_data(),
        }
        return TemplateResponse(request, "admin/agreements/dashboard.html", context)

    def export_view(self, request):
        if not request.user.has_perm("agreements.export_agreement"):
            raise PermissionDenied
        content = exports.agreements_workbook()
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="agreements-{stamp}.xlsx"'
        return response

    def fact_sheet_view(self, request, pk):
        agreement = get_object_or_404(Agreement, pk=pk)
        if not self.has_view_permission(request, agreement):
            raise PermissionDenied
        return document_response(agreement_fact_sheet_pdf(agreement=agreement), inline=True)

    def _lifecycle_view(self, request, pk, form_class, title, apply):
        agreement = get_object_or_404(Agreement, pk=pk)
        if not self.has_change_permission(request, agreement):
            raise PermissionDenied
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                apply(agreement, form.cleaned_data)
            except ValidationError as exc:
                self.report_errors(request, exc)
            else:
                self.message_user(
                    request, _("Agreement %(reference)s updated.") % {"reference": agreement.reference}
                )
                return HttpResponseRedirect(self._change_url(pk))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "original": agreement,
            "form": form,
        }
        return TemplateResponse(request, "admin/agreements/agreement/lifecycle_form.html", context)

    def sign_view(self, request, pk):
        def apply(agreement, data):
            services.agreement_sign(
                agreement=agreement,
                signature_date=data["signature_date"],
                signed_scan=data.get("signed_scan"),
                by=request.user,
            )

        return self._lifecycle_view(request, pk, SignForm, _("Sign the agreement"), apply)

    def terminate_view(self, request, pk):
        def apply(agreement, data):
            services.agreement_terminate(agreement=agreement, reason=data["reason"], by=request.user)

        return self._lifecycle_view(request, pk, TerminateForm, _("Terminate the agreement"), apply)

    def move_view(self, request, pk, action):
        moves = {
            "start": services.agreement_start_execution,
            "complete": services.agreement_complete,
            "expire": services.agreement_expire,
        }
        agreement = get_object_or_404(Agreement, pk=pk)
        if request.method != "POST" or action not in moves:
            return HttpResponseRedirect(self._change_url(pk))
        if not self.has_change_permission(request, agreement):
            raise PermissionDenied
        try:
            moves[action](agreement=agreement, by=request.user)
        except ValidationError as exc:
            self.report_errors(request, exc)
        else:
            self.message_user(
                request,
                _("Agreement %(reference)s updated.") % {"reference": agreement.reference},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(pk))


class ContributionInline(AgreementsServiceInline, admin.TabularInline):
    model = ProjectContribution
    extra = 0
    fields = ("party", "amount")
    service_entity = "contribution"
    delete_service = "project_contribution_delete"

    def service_create(self, request, obj, form, **parent):
        data = form.cleaned_data
        return services.project_contribution_set(
            project=parent["project"], party=data["party"], amount=data["amount"]
        )

    def service_update(self, request, obj, form):
        if "party" in form.changed_data:
            services.project_contribution_delete(
                contribution=ProjectContribution.objects.get(pk=obj.pk), by=request.user
            )
        data = form.cleaned_data
        return services.project_contribution_set(
            project=obj.project, party=data["party"], amount=data["amount"]
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party":
            object_id = request.resolver_match.kwargs.get("object_id")
            project = Project.objects.filter(pk=object_id).first() if object_id else None
            queryset = AgreementParty.objects.select_related("partner")
            kwargs["queryset"] = (
                queryset.filter(agreement_id=project.agreement_id) if project else queryset.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Project)
class ProjectAdmin(ServiceAdminMixin, VersionedAdminMixin, ChamberTranslationAdmin):
    service_module = "agreements.services"
    create_service, update_service, delete_service = "project_create", "project_update", "project_delete"
    list_display = (
        "title",
        "agreement",
        "budget_display",
        "contributed_display",
        "gap_display",
        "progress",
        "status",
    )
    list_filter = ("status", ("agreement__status", AgreementStatusFilter), ContributionGapFilter)
    list_select_related = ("agreement",)
    search_fields = ("title_ar", "title_fr", "agreement__reference", "douar")
    autocomplete_fields = ("agreement",)
    filter_horizontal = ("communes",)
    inlines = (ContributionInline,)

    def get_queryset(self, request):
        return selectors.projects_with_gaps().select_related("agreement")

    @admin.display(description=gettext_lazy("budget (MAD)"), ordering="budget")
    def budget_display(self, obj):
        return format_amount(obj.budget)

    @admin.display(description=gettext_lazy("contributions"))
    def contributed_display(self, obj):
        return format_amount(obj.contributed)

    @admin.display(description=gettext_lazy("contribution gap"))
    def gap_display(self, obj):
        gap = selectors.project_gap(obj)
        return format_amount(gap) if gap else "✓"
