"""Admin for portal accounts: Registry reviews sign-ups and change requests with Approve / Reject buttons.

The buttons call the services in portal.services; a refusal becomes an admin error message.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chamber import roles
from chamber.admin_base import ChamberAdmin, PersonalFieldsAdminMixin, phone_display
from chamber.pdf import document_response
from portal import selectors, services
from portal.documents import code_letter_pdf
from portal.models import AccessCode, ChangeRequest, ProfilePhoto, PublicProfile, RegistrationRequest


class ReviewButtonsMixin:
    """Approve / Reject buttons on the change form of a pending request."""

    change_form_template = "portal/account/admin/review_change_form.html"
    review_permission = ""
    approved_message = gettext_lazy("The request was approved.")
    rejected_message = gettext_lazy("The request was rejected.")

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
            self.approved_message if decision == "approve" else self.rejected_message,
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(PersonalFieldsAdminMixin, ReviewButtonsMixin, ChamberAdmin):
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
        "code_failures",
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        can_print = self.can_review(request, obj) and obj.artisan_id is not None
        extra_context = {
            **(extra_context or {}),
            "code_letter_url": reverse("admin:portal_registrationrequest_code_letter", args=[obj.pk])
            if can_print
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/code-letter/",
                self.admin_site.admin_view(self.code_letter_view),
                name="portal_registrationrequest_code_letter",
            ),
            *super().get_urls(),
        ]

    def code_letter_view(self, request, pk: int):
        """Print the letter with a one-time code for the request's record (POST only: each print makes a new code
        and cancels the previous letter's)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, str(pk))
        if obj is None:
            raise Http404
        if not self.can_review(request, obj):
            raise PermissionDenied
        change_url = reverse("admin:portal_registrationrequest_change", args=[obj.pk])
        if obj.artisan is None:
            self.message_user(
                request,
                _("Choose the register record this account belongs to, and save, before printing."),
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        try:
            code = services.access_code_letter_issue(artisan=obj.artisan, registration=obj, by=request.user)
        except ValidationError as exc:
            self.report_errors(request, exc)
            return HttpResponseRedirect(change_url)
        lang = obj.language if obj.language in ("ar", "fr") else "ar"
        return document_response(code_letter_pdf(artisan=obj.artisan, code=code, lang=lang))

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
        "old",
        "requested",
        "status",
        "created_at",
        "decision_reason",
        "decided_at",
        "decided_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artisan__main_activity", "new_activity")

    def get_fields(self, request, obj=None):
        # The values asked for are a phone or an address as often as not: only the offices that see an artisan's
        # phone and address (Registry) see them (chamber.roles.PERSONAL_FIELD_OFFICES).
        fields = super().get_fields(request, obj)
        if {"phone", "address"} & roles.personal_fields_hidden_from(request.user):
            return [name for name in fields if name not in ("current_value", "old", "requested")]
        return fields

    def get_readonly_fields(self, request, obj=None):
        editable = ("decision_reason",) if obj is not None and obj.status == "pending" else ()
        return [name for name in self.fields if name not in editable]

    @admin.display(description=gettext_lazy("value in the register now"))
    def current_value(self, obj):
        value = services._current_value(obj.artisan, obj.field)
        return phone_display(value) if obj.field == obj.Field.PHONE else value or "—"

    @admin.display(description=gettext_lazy("value when asked"))
    def old(self, obj):
        return phone_display(obj.old_value) if obj.field == obj.Field.PHONE else obj.old_value or "—"

    @admin.display(description=gettext_lazy("requested value"))
    def requested(self, obj):
        return phone_display(obj.new_value) if obj.field == obj.Field.PHONE else obj.requested_display or "—"

    def decide(self, request, obj, decision):
        if decision == "approve":
            services.change_request_approve(change=obj, by=request.user)
        else:
            services.change_request_reject(change=obj, reason=obj.decision_reason, by=request.user)


@admin.register(ProfilePhoto)
class ProfilePhotoAdmin(ReviewButtonsMixin, ChamberAdmin):
    """The moderation queue of product photos: Registry approves or refuses each (a refusal's reason is e-mailed)."""

    review_permission = "review_profilephoto"
    approved_message = gettext_lazy("The photo was approved: it now appears on the public profile.")
    rejected_message = gettext_lazy("The photo was refused; the artisan was told why.")
    list_display = ("preview", "profile", "caption", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("profile__artisan",)
    search_fields = ("profile__artisan__full_name", "=profile__artisan__register_number")
    date_hierarchy = "created_at"
    actions = ("approve_selected",)
    fields = (
        "large_preview",
        "profile",
        "caption",
        "status",
        "created_at",
        "decision_reason",
        "decided_at",
        "decided_by",
    )

    def get_readonly_fields(self, request, obj=None):
        editable = ("decision_reason",) if obj is not None and obj.status == "pending" else ()
        return [name for name in self.fields if name not in editable]

    def get_urls(self):
        return [
            path(
                "<int:pk>/image/",
                self.admin_site.admin_view(self.image_view),
                name="portal_profilephoto_image",
            ),
            *super().get_urls(),
        ]

    def image_view(self, request, pk: int):
        """The photo for review, whatever its status; staff who may view photos only."""
        if not self.has_view_permission(request):
            raise Http404
        photo = selectors.photo_for_review(pk=pk)
        if photo is None:
            raise Http404
        try:
            handle = default_storage.open(photo.medium, "rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=gettext_lazy("photo"))
    def preview(self, obj):
        url = reverse("admin:portal_profilephoto_image", args=[obj.pk])
        return format_html('<img src="{}" alt="" class="photo-thumb">', url)

    @admin.display(description=gettext_lazy("photo"))
    def large_preview(self, obj):
        url = reverse("admin:portal_profilephoto_image", args=[obj.pk])
        return format_html('<img src="{}" alt="" class="photo-review">', url)

    def decide(self, request, obj, decision):
        if decision == "approve":
            services.profile_photo_approve(photo=obj, by=request.user)
        else:
            services.profile_photo_refuse(photo=obj, reason=obj.decision_reason, by=request.user)

    @admin.action(description=gettext_lazy("Approve the selected photos"), permissions=["review"])
    def approve_selected(self, request, queryset):
        approved = 0
        for photo in queryset.filter(status=ProfilePhoto.Status.PENDING):
            try:
                services.profile_photo_approve(photo=photo, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                approved += 1
        self.message_user(request, _("%(count)s photos approved.") % {"count": approved}, messages.SUCCESS)

    def has_review_permission(self, request):
        return request.user.has_perm("portal.review_profilephoto")


@admin.register(PublicProfile)
class PublicProfileAdmin(ChamberAdmin):
    list_display = ("artisan", "slug", "contact", "updated_at")
    list_select_related = ("artisan",)
    search_fields = ("artisan__full_name", "=artisan__register_number", "=slug")
    readonly_fields = ("artisan", "slug", "contact", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False


@admin.register(AccessCode)
class AccessCodeAdmin(ChamberAdmin):
    """The one-time codes issued, for the record: never the code itself (only its hash is stored, and not shown)."""

    list_display = ("artisan", "kind", "created_at", "expires_at", "used_at", "replaced_at", "issued_by")
    list_filter = ("kind",)
    list_select_related = ("artisan", "issued_by")
    search_fields = ("artisan__full_name", "=artisan__register_number")
    date_hierarchy = "created_at"
    fields = (
        "artisan",
        "registration",
        "kind",
        "created_at",
        "expires_at",
        "sent_at",
        "used_at",
        "replaced_at",
        "issued_by",
    )
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # a code is issued from the registration request (the letter) or by the artisan (SMS)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
