"""Admin for the chamber's profile, geography, import batches, the outgoing-mail register, background jobs, the
outbox of e-mails, and staff accounts with their audit history."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.models import (
    ProcrastinateEvent,
    ProcrastinateJob,
    ProcrastinatePeriodicDefer,
    ProcrastinateWorker,
)
from sequences.models import Sequence

from chamber.admin_base import (
    AuditHistoryMixin,
    ChamberAdmin,
    ChamberTranslationAdmin,
    PersonalFieldsAdminMixin,
)
from chamber.admin_search import PrivateSearchMixin
from chamber.mail import mail_resend
from chamber.models import (
    ChamberProfile,
    Commune,
    ImportBatch,
    JobRecord,
    OutboxMail,
    OutgoingMail,
    Province,
    Region,
)


@admin.register(ChamberProfile)
class ChamberProfileAdmin(ChamberTranslationAdmin):
    list_display = ("name", "region", "seat", "president_name")
    list_select_related = ("region",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "tifinagh_line", "logo", "region", "seat", "address")}),
        ("contacts", {"fields": ("phone", "email", "website")}),
        ("officers", {"fields": ("president_name", "secretary_name", "director_name")}),
        (
            "rules",
            {
                "fields": (
                    "convocation_min_days",
                    "quorum_rule",
                    "second_convening_min_days",
                    "second_convening_needs_quorum",
                    "bureau_has_treasurer",
                    "publish_approved_minutes",
                    "decision_posting_days",
                )
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        from django.utils.translation import gettext as _

        titles = {"contacts": _("Contacts"), "officers": _("Officers"), "rules": _("Rules of the statute")}
        return [(titles.get(name, name), opts) for name, opts in super().get_fieldsets(request, obj)]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ChamberProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        profile = ChamberProfile.objects.order_by("pk").first()
        if profile is not None:
            return HttpResponseRedirect(reverse("admin:chamber_chamberprofile_change", args=[profile.pk]))
        return super().changelist_view(request, extra_context)


@admin.register(Region)
class RegionAdmin(ChamberTranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_ar", "name_fr")


@admin.register(Province)
class ProvinceAdmin(ChamberTranslationAdmin):
    list_display = ("name", "kind", "region", "code")
    list_filter = ("region", "kind")
    list_select_related = ("region",)
    search_fields = ("name_ar", "name_fr", "code")


@admin.register(Commune)
class CommuneAdmin(ChamberTranslationAdmin):
    list_display = ("name", "province", "code")
    list_filter = ("province__region", "province")
    list_select_related = ("province",)
    search_fields = ("name_ar", "name_fr", "code")
    autocomplete_fields = ("province",)


@admin.register(ImportBatch)
class ImportBatchAdmin(ChamberAdmin):
    """Read-only: a batch is written by the import itself, in the import's transaction."""

    list_display = (
        "started_at",
        "content_type",
        "file_name",
        "actor",
        "rows",
        "created",
        "updated",
        "skipped",
    )
    list_select_related = ("content_type", "actor")
    list_filter = ("content_type",)
    date_hierarchy = "started_at"
    search_fields = ("file_name", "file_sha256")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ChamberAdmin):
    """Read-only: a number is given by `outgoing_reference_next`, in the transaction that produces the letter."""

    list_display = ("reference", "sent_on", "addressee", "subject", "created_by")
    list_select_related = ("created_by",)
    list_filter = ("year",)
    date_hierarchy = "sent_on"
    search_fields = ("addressee", "subject")
    show_full_result_count = False

    @admin.display(description=_("reference"), ordering="number")
    def reference(self, obj):
        return obj.reference

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The registers' counters belong to the services that number: an edited counter would reuse or skip numbers.
admin.site.unregister(Sequence)

# Accounts, groups and their permissions are recorded in the audit trail; their History page shows it.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class ChamberUserAdmin(PrivateSearchMixin, AuditHistoryMixin, UserAdmin):
    pass


@admin.register(Group)
class ChamberGroupAdmin(PrivateSearchMixin, AuditHistoryMixin, GroupAdmin):
    pass


@admin.register(JobRecord)
class JobRecordAdmin(ChamberAdmin):
    """Read-only: what each background job did, in the staff's language. Jobs write these records themselves."""

    list_display = (
        "label",
        "state",
        "progress",
        "download",
        "attempts",
        "created_at",
        "finished_at",
        "created_by",
    )
    list_select_related = ("created_by",)
    list_filter = ("state", "task_name")
    search_fields = ("label",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = (
        "label",
        "task_name",
        "state",
        "progress",
        "attempts",
        "error",
        "result",
        "download",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "queue_job_id",
    )
    readonly_fields = fields

    @admin.display(description=_("progress"))
    def progress(self, obj: JobRecord) -> str:
        if obj.progress_total:
            return f"{obj.progress_done} / {obj.progress_total} ({100 * obj.progress_done // obj.progress_total}%)"
        return str(obj.progress_done) if obj.progress_done else "—"

    @admin.display(description=_("file"))
    def download(self, obj: JobRecord) -> str:
        if obj.state != JobRecord.State.SUCCEEDED or not obj.result_file:
            return "—"
        url = reverse("admin:chamber_jobrecord_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.result_file.rsplit("/", 1)[-1])

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="chamber_jobrecord_download",
            )
        ]
        return urls + super().get_urls()

    def download_view(self, request, pk: int):
        """The file a job wrote, for the person who started it (or IT); nobody else, even with its number."""
        record = get_object_or_404(JobRecord, pk=pk, state=JobRecord.State.SUCCEEDED)
        if not record.result_file or not (
            request.user.is_superuser or record.created_by_id == request.user.pk
        ):
            raise Http404
        return FileResponse(
            default_storage.open(record.result_file, "rb"),
            as_attachment=True,
            filename=record.result_file.rsplit("/", 1)[-1],
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The queue's own rows (Procrastinate's admin) have no translated labels; staff read JobRecord instead, and IT can
# query the queue with `manage.py procrastinate`.
for _model in (ProcrastinateJob, ProcrastinateEvent, ProcrastinatePeriodicDefer, ProcrastinateWorker):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(OutboxMail)
class OutboxMailAdmin(PersonalFieldsAdminMixin, ChamberAdmin):
    """Read-only: every e-mail the portal sent or tried to send, and why one did not go; failed ones can be resent."""

    list_display = ("created_at", "to_address", "subject", "language", "state", "attempts", "sent_at")
    list_filter = ("state", "language", "template")
    # No search on the address (personal data); the subject is enough to find an e-mail.
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ("resend",)
    fields = (
        "to_address",
        "language",
        "subject",
        "shown_body",
        "reply_to",
        "state",
        "attempts",
        "error",
        "created_at",
        "last_attempt_at",
        "sent_at",
        "message_id",
        "template",
    )
    readonly_fields = fields

    @admin.display(description=_("text"))
    def shown_body(self, obj: OutboxMail) -> str:
        return _("(confidential: not shown)") if obj.confidential else obj.body

    @admin.action(description=_("Send the selected e-mails that were not sent again"), permissions=["resend"])
    def resend(self, request, queryset):
        count = mail_resend(mails=list(queryset))
        self.message_user(request, _("%(count)s e-mail(s) queued again.") % {"count": count})

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("chamber.change_outboxmail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The libraries' lists (the audit log, django-axes' attempts, which hold user names) search privately too.
for _model, _model_admin in list(admin.site._registry.items()):
    if _model_admin.search_fields and not isinstance(_model_admin, PrivateSearchMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(type(_model_admin).__name__, (PrivateSearchMixin, type(_model_admin)), {})
        )
