"""Admin for portal accounts: Registry reviews sign-ups and change requests with Approve / Reject buttons.

The buttons call the services in portal.services; a refusal becomes an admin error message.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chamber.admin_base import ChamberAdmin
from portal import services
from portal.models import ChangeRequest, RegistrationRequest


class ReviewButtonsMixin:
    """Approve / Reject buttons on the change form of a pending request."""

    change_form_template = "portal/account/admin/review_change_form.html"
    review_permission = ""

    def has_add_permission(self, request):
        return False  # requests come from the portal only

    def can_review(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.status == "pending"
            and request.user.has_perm(f"portal.{self.review_permission}")
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "can_review": self.can_review(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        decision = (
            "approve" if "_approve" in request.POST else "reject" if "_reject" in request.POST else None
        )
        if decision is None:
            return super().response_change(request, obj)
        if not self.can_review(request, obj):
            raise PermissionDenied
        try:
            self.decide(request, obj, decision)
        except ValidationError as exc:
            self.report_errors(request, exc)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("The request was approved.") if decision == "approve" else _("The request was rejected."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(ReviewButtonsMixin, ChamberAdmin):
    review_permission = "review_registrationrequest"
    list_display = ("full_name", "email", "status", "artisan", "created_at")
    list_filter = ("status",)
    list_select_related = ("artisan",)
    search_fields = ("full_name", "email", "=cin")
    raw_id_fields = ("artisan",)
    date_hierarchy = "created_at"
    fields = (
        "full_name",
        "cin",
        "birth_date",
        "email",
        "status",
        "created_at",
        "verified_at",
        "artisan",
        "decision_reason",
        "decided_at",
        "decided_by",
    )

    def get_readonly_fields(self, request, obj=None):
        editable = ("artisan", "decision_reason") if obj is not None and obj.status == "pending" else ()
        return [name for name in self.fields if name not in editable]

    def decide(self, request, obj, decision):
        if decision == "approve":
            services.registration_approve(registration=obj, artisan=obj.artisan, by=request.user)
        else:
            services.registration_reject(registration=obj, reason=obj.decision_reason, by=request.user)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReviewButtonsMixin, ChamberAdmin):
    review_permission = "review_changerequest"
    list_display = ("artisan", "field", "status", "created_at", "decided_at")
    list_filter = ("status", "field")
    list_select_related = ("artisan",)
    search_fields = ("artisan__full_name", "=artisan__register_number")
    date_hierarchy = "created_at"
    fields = (
        "artisan",
        "field",
        "current_value",
        "old_value",
        "requested",
        "status",
        "created_at",
        "decision_reason",
        "decided_at",
        "decided_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan__main_activity", "new_activity")

    def get_readonly_fields(self, request, obj=None):
        editable = ("decision_reason",) if obj is not None and obj.status == "pending" else ()
        return [name for name in self.fields if name not in editable]

    @admin.display(description=gettext_lazy("value in the register now"))
    def current_value(self, obj):
        return services._current_value(obj.artisan, obj.field) or "—"

    @admin.display(description=gettext_lazy("requested value"))
    def requested(self, obj):
        return obj.requested_display or "—"

    def decide(self, request, obj, decision):
        if decision == "approve":
            services.change_request_approve(change=obj, by=request.user)
        else:
            services.change_request_reject(change=obj, reason=obj.decision_reason, by=request.user)
