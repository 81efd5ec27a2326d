"""Admin for the chamber's profile, geography, import batches, the outgoing-mail register, and staff accounts with their audit history."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from sequences.models import Sequence

from chamber.admin_base import AuditHistoryMixin, ChamberAdmin, ChamberTranslationAdmin
from chamber.admin_search import PrivateSearchMixin
from chamber.models import ChamberProfile, Commune, ImportBatch, OutgoingMail, Province, Region


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


# The libraries' lists (the audit log, django-axes' attempts, which hold user names) search privately too.
for _model, _model_admin in list(admin.site._registry.items()):
    if _model_admin.search_fields and not isinstance(_model_admin, PrivateSearchMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(type(_model_admin).__name__, (PrivateSearchMixin, type(_model_admin)), {})
        )
