"""Admin of the exhibitions app: thin lists and forms, and buttons that call the services (status moves, selection
suggestion, decisions with a reason, stands, sales sheet import, the evaluation report)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chamber.admin_base import (
    ChamberAdmin,
    ChamberTranslationAdmin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    VersionedAdminMixin,
)
from chamber.formatting import format_amount
from chamber.pdf import document_response
from chamber.periods import validate_report_period
from exhibitions import documents, selectors, services
from exhibitions.models import (
    AnnualProgramme,
    Application,
    Exhibition,
    ReportAttachment,
    StandAssignment,
    VisitorCount,
)

# --- Annual programme -------------------------------------------------------------------------------------------


@admin.register(AnnualProgramme)
class AnnualProgrammeAdmin(ChamberTranslationAdmin):
    list_display = ("title", "year", "scope", "approval_decision")
    list_filter = ("year", "scope")
    list_select_related = ("approval_decision",)
    search_fields = ("title",)
    raw_id_fields = ("approval_decision",)
    readonly_fields = ("planned_vs_held",)

    @admin.display(description=_("planned versus held"))
    def planned_vs_held(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        report = selectors.programme_report(programme=obj)
        return format_html(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            gettext("Planned"),
            report.planned,
            gettext("Held"),
            report.held,
            gettext("Not held yet"),
            report.pending,
            gettext("Held share"),
            f"{report.held_share} %",
        )


# --- Exhibition ---------------------------------------------------------------------------------------------------


class VisitorCountFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        days = [
            f.cleaned_data.get("day")
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("visitors") is not None
        ]
        if None in days and len(days) > 1:
            raise ValidationError(
                _("Record visitors either per day or as one total for the exhibition, not both.")
            )
        exhibition = self.instance
        for day in days:
            if (
                day is not None
                and exhibition.start_date
                and not exhibition.start_date <= day <= exhibition.end_date
            ):
                raise ValidationError(
                    _("%(day)s is not a day of the exhibition."), params={"day": day.isoformat()}
                )


class VisitorCountInline(ServiceInlineMixin, admin.TabularInline):
    model = VisitorCount
    service_module = "exhibitions.services"
    service_entity = "count"
    create_service, update_service, delete_service = "visitors_record", "visitors_update", "visitors_delete"
    formset = VisitorCountFormSet
    extra = 0
    fields = ("day", "visitors")


class ReportPeriodForm(forms.Form):
    start = forms.DateField(label=_("period start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("period end"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("format"), choices=(("pdf", "PDF"), ("xlsx", "XLSX")))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            validate_report_period(start=data["start"], end=data["end"])
        return data


class SalesImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"), help_text=_("The sales sheet downloaded from this page, filled in.")
    )


@admin.register(Exhibition)
class ExhibitionAdmin(ServiceAdminMixin, VersionedAdminMixin, ChamberTranslationAdmin):
    service_module = "exhibitions.services"
    create_service, update_service, delete_service = (
        "exhibition_create",
        "exhibition_update",
        "exhibition_delete",
    )
    list_display = ("title", "scope", "city", "start_date", "end_date", "status", "results_published")
    list_filter = ("status", "scope", "province", "results_published", "programme")
    list_select_related = ("programme",)
    search_fields = ("title", "city")
    date_hierarchy = "start_date"
    raw_id_fields = ("funding_agreement", "organiser")
    filter_horizontal = ("partners",)
    readonly_fields = ("status", "results_published", "participants_link")
    inlines = (VisitorCountInline,)
    change_form_template = "exhibitions/admin/exhibition_change_form.html"
    change_list_template = "exhibitions/admin/exhibition_change_list.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "scope",
                    "programme",
                    "city",
                    "venue",
                    "country",
                    "province",
                    "start_date",
                    "end_date",
                )
            },
        ),
        (_("Call and stands"), {"fields": ("call_closes_on", "capacity", "stand_count", "stand_prefix")}),
        (_("Partners"), {"fields": ("organiser", "partners", "funding_agreement")}),
        (
            _("Status and results"),
            {"fields": ("status", "results_published", "participants_link", "evaluation_notes")},
        ),
    )

    @admin.display(description=_("participants"))
    def participants_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:exhibitions_application_changelist") + f"?exhibition__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Applications and participants"))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("report/", wrap(self.report_view), name="exhibitions_exhibition_report"),
            path("<int:pk>/move/", wrap(self.move_view), name="exhibitions_exhibition_move"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="exhibitions_exhibition_publish"),
            path("<int:pk>/stands/", wrap(self.stands_view), name="exhibitions_exhibition_stands"),
            path("<int:pk>/suggest/", wrap(self.suggest_view), name="exhibitions_exhibition_suggest"),
            path(
                "<int:pk>/sales-sheet/",
                wrap(self.sales_sheet_view),
                name="exhibitions_exhibition_sales_sheet",
            ),
            path(
                "<int:pk>/sales-import/",
                wrap(self.sales_import_view),
                name="exhibitions_exhibition_sales_import",
            ),
            *super().get_urls(),
        ]

    def _get_for_change(self, request, pk: int) -> Exhibition:
        exhibition = get_object_or_404(Exhibition, pk=pk)
        if not self.has_change_permission(request, exhibition):
            raise PermissionDenied
        return exhibition

    def _back(self, exhibition: Exhibition) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = extra_context or {}
        exhibition = Exhibition.objects.filter(pk=object_id).first()
        if exhibition is not None:
            next_status = services.NEXT_STATUS.get(exhibition.status)
            extra["next_status"] = next_status
            extra["next_status_label"] = Exhibition.Status(next_status).label if next_status else ""
        return super().change_view(request, object_id, form_url, extra)

    def move_view(self, request, pk: int):
        exhibition = self._get_for_change(request, pk)
        if request.method == "POST":
            to = request.POST.get("to", "")
            try:
                if to == Exhibition.Status.EVALUATED:
                    services.exhibition_evaluate(
                        exhibition=exhibition, notes=exhibition.evaluation_notes, by=request.user
                    )
                else:
                    services.exhibition_move(exhibition=exhibition, to=to, by=request.user)
            except ValidationError as exc:
                self.report_errors(request, exc)
            else:
                self.message_user(
                    request,
                    gettext("Status changed to “%s”.") % Exhibition.Status(to).label,
                    messages.SUCCESS,
                )
        return self._back(exhibition)

    def publish_view(self, request, pk: int):
        exhibition = self._get_for_change(request, pk)
        if request.method == "POST":
            try:
                services.exhibition_publish_results(
                    exhibition=exhibition, published=request.POST.get("published") == "1", by=request.user
                )
            except ValidationError as exc:
                self.report_errors(request, exc)
            else:
                self.message_user(request, gettext("Publication of the results updated."), messages.SUCCESS)
        return self._back(exhibition)

    def stands_view(self, request, pk: int):
        exhibition = self._get_for_change(request, pk)
        if request.method == "POST":
            given = services.stands_assign_remaining(exhibition=exhibition, by=request.user)
            self.message_user(
                request, gettext("%(count)s stands assigned.") % {"count": given}, messages.SUCCESS
            )
        return self._back(exhibition)

    def suggest_view(self, request, pk: int):
        """Show the balanced suggestion; staff tick the ones to accept, and each goes through the service."""
        exhibition = self._get_for_change(request, pk)
        if request.method == "POST":
            ids = [int(i) for i in request.POST.getlist("accept") if i.isdigit()]
            accepted = 0
            for application in Application.objects.filter(exhibition=exhibition, pk__in=ids).select_related(
                "exhibition"
            ):
                try:
                    services.application_decide(application=application, decision="accept", by=request.user)
                    accepted += 1
                except ValidationError as exc:
                    self.report_errors(request, exc)
            self.message_user(
                request, gettext("%(count)s applications accepted.") % {"count": accepted}, messages.SUCCESS
            )
            return self._back(exhibition)
        try:
            recent_n = max(int(request.GET.get("recent_n", 3)), 0)
        except ValueError:
            recent_n = 3
        suggestion = selectors.selection_suggest(exhibition=exhibition, recent_n=recent_n)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Suggested selection"),
            "opts": self.model._meta,
            "exhibition": exhibition,
            "suggestion": suggestion,
            "recent_n": recent_n,
        }
        return TemplateResponse(request, "exhibitions/admin/suggestion.html", context)

    def sales_sheet_view(self, request, pk: int):
        exhibition = get_object_or_404(Exhibition, pk=pk)
        if not self.has_view_permission(request, exhibition):
            raise PermissionDenied
        return document_response(documents.sales_template_xlsx(exhibition=exhibition))

    def sales_import_view(self, request, pk: int):
        exhibition = self._get_for_change(request, pk)
        if not request.user.has_perm("exhibitions.import_application"):
            raise PermissionDenied
        form = SalesImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                result = services.sales_import(
                    exhibition=exhibition, file=form.cleaned_data["file"], by=request.user
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(
                    request, gettext("Sales of %(count)s participants imported.") % {"count": result.updated}
                )
                return self._back(exhibition)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import the sales"),
            "opts": self.model._meta,
            "exhibition": exhibition,
            "form": form,
            "row_errors": errors,
        }
        return TemplateResponse(request, "exhibitions/admin/sales_import.html", context)

    def report_view(self, request):
        if not (request.user.has_perm("exhibitions.export_exhibition") or request.user.is_superuser):
            raise PermissionDenied
        today = dt.date.today()
        form = ReportPeriodForm(
            request.GET or None, initial={"start": dt.date(today.year, 1, 1), "end": today, "format": "pdf"}
        )
        if request.GET and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            if form.cleaned_data["format"] == "xlsx":
                return document_response(documents.evaluation_report_xlsx(start=start, end=end))
            return document_response(documents.evaluation_report_pdf(start=start, end=end))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Evaluation report of the exhibitions"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "exhibitions/admin/report.html", context)


# --- Applications (the participants list) ----------------------------------------------------------------------


class ApplicationAdminForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = (
            "exhibition",
            "artisan",
            "organisation",
            "activities",
            "products",
            "needs_electricity",
            "space_m2",
            "sales_amount",
        )

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            exhibition = data.get("exhibition")
            if exhibition is not None:
                try:
                    services.participant_add_check(
                        exhibition=exhibition,
                        artisan=data.get("artisan"),
                        organisation=data.get("organisation"),
                    )
                except ValidationError as exc:
                    raise ValidationError(exc.messages) from None
        elif (
            "sales_amount" in self.changed_data
            and data.get("sales_amount") is not None
            and self.instance.status != Application.Status.ACCEPTED
        ):
            self.add_error("sales_amount", _("Sales are recorded only for accepted participants."))
        return data


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the artisan with the decision; required for a refusal."),
    )


class StandFilter(admin.SimpleListFilter):
    title = _("stand")
    parameter_name = "has_stand"

    def lookups(self, request, model_admin):
        return (("yes", _("With a stand")), ("no", _("Without a stand")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(stand__isnull=False)
        if self.value() == "no":
            return queryset.filter(stand__isnull=True)
        return queryset


@admin.register(Application)
class ApplicationAdmin(ServiceAdminMixin, VersionedAdminMixin, ChamberAdmin):
    form = ApplicationAdminForm
    service_module = "exhibitions.services"
    update_service, delete_service = "application_update", "application_delete"
    list_display = (
        "applicant",
        "exhibition",
        "status",
        "needs_electricity",
        "space_m2",
        "stand_label",
        "sales",
        "submitted_at",
    )
    list_filter = ("status", "needs_electricity", StandFilter, "exhibition__scope", "exhibition")

    @admin.display(description=_("sales (MAD)"), ordering="sales_amount")
    def sales(self, obj):
        return format_amount(obj.sales_amount) if obj.sales_amount is not None else "—"

    list_select_related = ("exhibition", "artisan", "organisation", "stand")
    search_fields = (
        "artisan__full_name",
        "artisan__full_name_latin",
        "organisation__name",
        "exhibition__title",
    )
    raw_id_fields = ("artisan", "organisation")
    filter_horizontal = ("activities",)
    readonly_fields = ("status", "reason", "added_by_staff", "submitted_at", "decided_at", "decided_by")
    actions = ("accept_selected", "waitlist_selected", "refuse_selected")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["exhibition", "artisan", "organisation"]
        return fields

    @admin.display(description=_("applicant"), ordering="artisan__full_name")
    def applicant(self, obj):
        return obj.applicant_name

    @admin.display(description=_("stand"))
    def stand_label(self, obj):
        stand = getattr(obj, "stand", None)
        return obj.exhibition.stand_label(stand.number) if stand else "—"

    def service_create(self, request, obj, form):
        # Staff add a participant: created and accepted at once (the form's clean checked what it could first).
        return services.participant_add(
            exhibition=obj.exhibition,
            artisan=obj.artisan,
            organisation=obj.organisation,
            products=obj.products,
            space_m2=obj.space_m2,
            needs_electricity=obj.needs_electricity,
            activities=list(form.cleaned_data.get("activities") or []) or None,
            by=request.user,
        )

    def _decide(self, request, queryset, decision: str, title: str):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if "apply" in request.POST:
            form = DecisionForm(request.POST)
            if form.is_valid():
                done = 0
                for application in queryset.select_related("exhibition"):
                    try:
                        services.application_decide(
                            application=application,
                            decision=decision,
                            reason=form.cleaned_data["reason"],
                            by=request.user,
                        )
                        done += 1
                    except ValidationError as exc:
                        self.report_errors(request, exc)
                if done:
                    self.message_user(
                        request,
                        gettext("%(count)s applications decided.") % {"count": done},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = DecisionForm()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "applications": queryset.select_related("exhibition", "artisan", "organisation"),
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "exhibitions/admin/decide.html", context)

    @admin.action(description=_("Accept the selected applications"), permissions=["change"])
    def accept_selected(self, request, queryset):
        return self._decide(request, queryset, "accept", gettext("Accept the selected applications"))

    @admin.action(description=_("Waitlist the selected applications"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        return self._decide(request, queryset, "waitlist", gettext("Waitlist the selected applications"))

    @admin.action(description=_("Refuse the selected applications"), permissions=["change"])
    def refuse_selected(self, request, queryset):
        return self._decide(request, queryset, "refuse", gettext("Refuse the selected applications"))


# --- Stands, visitors, report attachments ------------------------------------------------------------------------


class StandAssignmentForm(forms.ModelForm):
    """The rules (an accepted participant, a stand that exists and is free) are stand_assign's: its refusal comes
    back on this form."""

    class Meta:
        model = StandAssignment
        fields = ("application", "number")

    def clean(self):
        data = super().clean()
        if data.get("application") is not None:
            self.instance.exhibition = data["application"].exhibition
        return data


@admin.register(StandAssignment)
class StandAssignmentAdmin(ServiceAdminMixin, ChamberAdmin):
    form = StandAssignmentForm
    service_module = "exhibitions.services"
    delete_service = "stand_unassign"
    service_entity = "assignment"

    def service_create(self, request, obj, form):
        data = form.cleaned_data
        return services.stand_assign(application=data["application"], number=data["number"], by=request.user)

    def service_update(self, request, obj, form):
        if "application" in form.changed_data:
            services.stand_unassign(assignment=StandAssignment.objects.get(pk=obj.pk), by=request.user)
        return self.service_create(request, obj, form)

    list_display = ("__str__", "exhibition", "application")
    list_select_related = (
        "exhibition",
        "application__artisan",
        "application__organisation",
        "application__exhibition",
    )
    list_filter = ("exhibition",)
    search_fields = ("application__artisan__full_name", "exhibition__title")
    raw_id_fields = ("application",)


@admin.register(VisitorCount)
class VisitorCountAdmin(ChamberAdmin):
    list_display = ("exhibition", "day", "visitors")
    list_select_related = ("exhibition",)
    list_filter = ("exhibition",)
    search_fields = ("exhibition__title",)

    def has_add_permission(self, request):
        return False  # entered on the exhibition's page, where mixing totals and days is checked


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(ChamberAdmin):
    list_display = ("agenda_item", "start", "end", "report_links")
    list_select_related = ("agenda_item",)
    search_fields = ("agenda_item__title",)
    raw_id_fields = ("agenda_item",)

    @admin.display(description=_("report"))
    def report_links(self, obj):
        base = reverse("admin:exhibitions_exhibition_report")
        query = f"?start={obj.start.isoformat()}&end={obj.end.isoformat()}"
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">XLSX</a>',
            f"{base}{query}&format=pdf",
            f"{base}{query}&format=xlsx",
        )
