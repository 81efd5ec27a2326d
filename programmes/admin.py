"""The programmes' admin, in Arabic: trainings and enrolments (with import), distributions with their kit and
report, allocations with their receipts. Actions call services; refusals become error messages."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artisans import selectors as artisans_selectors
from chamber import exports
from chamber.admin_base import ChamberAdmin, SafeImportExportMixin
from chamber.pdf import document_response
from programmes import documents, resources, services
from programmes.models import Allocation, Distribution, DistributionItem, Enrolment, Training

# --- Trainings ----------------------------------------------------------------------------------------------------


@admin.register(Training)
class TrainingAdmin(ChamberAdmin):
    list_display = ("title", "provider", "starts_on", "ends_on", "place", "funding_agreement")
    list_select_related = ("funding_agreement",)
    search_fields = ("title", "provider")
    autocomplete_fields = ("funding_agreement",)
    date_hierarchy = "starts_on"
    actions = ["complete_all"]

    @admin.action(
        description=gettext_lazy("Mark every ongoing enrolment as completed"), permissions=["change"]
    )
    def complete_all(self, request, queryset):
        for training in queryset:
            n = services.training_complete_all(
                training=training, completed_on=min(training.ends_on, timezone.localdate())
            )
            self.message_user(
                request, _("%(training)s: %(n)s enrolments completed.") % {"training": training, "n": n}
            )


@admin.register(Enrolment)
class EnrolmentAdmin(SafeImportExportMixin, ChamberAdmin):
    resource_classes = [resources.EnrolmentResource]
    list_display = ("artisan", "training", "status", "completed_on")
    list_select_related = ("artisan", "training")
    list_filter = ("status", "training")
    autocomplete_fields = ("artisan",)
    search_fields = ("artisan__search_name", "artisan__cin")
    actions = ["complete"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(artisan__in=artisans_selectors.artisan_search(query=search_term)), False

    @admin.action(description=gettext_lazy("Mark as completed"), permissions=["change"])
    def complete(self, request, queryset):
        for enrolment in queryset:
            try:
                services.enrolment_complete(enrolment=enrolment)
            except ValidationError as exc:
                self.report_errors(request, exc)


# --- Distributions ------------------------------------------------------------------------------------------------


class DistributionItemInline(admin.TabularInline):
    model = DistributionItem
    extra = 1


@admin.register(Distribution)
class DistributionAdmin(ChamberAdmin):
    list_display = ("title", "training", "planned_on", "funding_agreement", "report_links")
    list_select_related = ("training", "funding_agreement")
    autocomplete_fields = ("training", "funding_agreement")
    inlines = [DistributionItemInline]
    actions = ["allocate"]

    @admin.display(description=gettext_lazy("report"))
    def report_links(self, obj):
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">XLSX</a>',
            reverse("admin:programmes_distribution_report", args=[obj.pk, "pdf"]),
            reverse("admin:programmes_distribution_report", args=[obj.pk, "xlsx"]),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/report.<str:fmt>",
                self.admin_site.admin_view(self.report_view),
                name="programmes_distribution_report",
            ),
            *super().get_urls(),
        ]

    def report_view(self, request, pk, fmt):
        if fmt not in ("pdf", "xlsx"):
            raise Http404  # any other suffix used to render the PDF, holding a worker for nothing
        distribution = Distribution.objects.filter(pk=pk).first()
        if distribution is None or not self.has_view_permission(request, distribution):
            raise PermissionDenied
        lang = request.LANGUAGE_CODE[:2]
        if fmt == "xlsx":
            return document_response(documents.distribution_report_xlsx(distribution=distribution, lang=lang))
        rows = distribution.allocations.count()
        if rows <= exports.document_inline_rows():
            return document_response(
                documents.distribution_report_pdf(distribution=distribution, lang=lang), inline=True
            )
        # A long report would hold the request for seconds (260 beneficiaries: 2–4 s): a job writes it.
        record = exports.document_job_start(
            builder="programmes.documents.distribution_report_pdf_for",
            label=_("Distribution report: %(title)s (%(count)s beneficiaries)")
            % {"title": distribution, "count": rows},
            by=request.user,
            distribution_id=distribution.pk,
            lang=lang,
        )
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The report is long: it is being written in the background."),
                reverse("admin:chamber_jobrecord_change", args=[record.pk]),
                _("Follow it and download the PDF here."),
            ),
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:programmes_distribution_changelist"))

    @admin.action(
        description=gettext_lazy("Allocate the standard kit to every trainee"), permissions=["change"]
    )
    def allocate(self, request, queryset):
        for distribution in queryset:
            n = services.distribution_allocate(distribution=distribution)
            self.message_user(
                request, _("%(title)s: %(n)s beneficiaries added.") % {"title": distribution, "n": n}
            )


@admin.register(Allocation)
class AllocationAdmin(ChamberAdmin):
    list_display = (
        "artisan",
        "distribution",
        "share",
        "status",
        "delivered_on",
        "receipt_number",
        "receipt_link",
    )
    list_select_related = ("artisan", "distribution")
    list_filter = ("status", "distribution")
    search_fields = ("receipt_number",)
    readonly_fields = ("distribution", "artisan", "status", "delivered_on", "receipt_number", "delivered_by")
    fields = (*readonly_fields, "share", "share_reason")
    actions = ["deliver_today"]

    def has_add_permission(self, request):
        return False  # shares are created by allocating a distribution

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(
            Q(artisan__in=artisans_selectors.artisan_search(query=search_term))
            | Q(receipt_number=search_term.strip())
        ), False

    def save_model(self, request, obj, form, change):
        try:
            services.allocation_set_share(allocation=obj, share=obj.share, reason=obj.share_reason)
        except ValidationError as exc:
            self.report_errors(request, exc)

    @admin.display(description=gettext_lazy("receipt"))
    def receipt_link(self, obj):
        if obj.status != Allocation.Status.DELIVERED:
            return "—"
        return format_html(
            '<a href="{}">PDF</a>', reverse("admin:programmes_allocation_receipt", args=[obj.pk])
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/receipt/",
                self.admin_site.admin_view(self.receipt_view),
                name="programmes_allocation_receipt",
            ),
            *super().get_urls(),
        ]

    def receipt_view(self, request, pk):
        allocation = Allocation.objects.filter(pk=pk, status=Allocation.Status.DELIVERED).first()
        if allocation is None or not self.has_view_permission(request, allocation):
            raise PermissionDenied
        return document_response(documents.delivery_receipt_pdf(allocation=allocation), inline=True)

    @admin.action(description=gettext_lazy("Record delivery today (with a receipt)"), permissions=["change"])
    def deliver_today(self, request, queryset):
        delivered = 0
        for allocation in queryset:
            try:
                services.delivery_record(allocation=allocation, delivered_on=dt.date.today(), by=request.user)
                delivered += 1
            except ValidationError as exc:
                self.report_errors(request, exc)
        if delivered:
            self.message_user(request, _("%(n)s deliveries recorded.") % {"n": delivered}, messages.SUCCESS)
