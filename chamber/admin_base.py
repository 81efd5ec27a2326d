"""Base classes for every domain admin: tabbed translations from local static files, audit-trail history,
no full-table counts, and a helper to turn a service's ValidationError into an admin message."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

TABBED_MEDIA_JS = (
    "admin/js/jquery.init.js",
    "modeltranslation/js/force_jquery.js",
    "vendor/jquery-ui/jquery-ui.min.js",
    "modeltranslation/js/tabbed_translation_fields.js",
)
TABBED_MEDIA_CSS = {"all": ("modeltranslation/css/tabbed_translation_fields.css", "css/admin-extra.css")}


class AuditHistoryMixin:
    """The admin's "History" page shows the audit trail (who, when, which fields, old → new), masked."""

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
        entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:200]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "entries": entries,
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


class ChamberAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """For models without translated fields."""


class ChamberTranslationAdmin(AuditHistoryMixin, TranslationAdmin):
    """For models with ar/fr/en fields: one tab per language, jQuery UI served from our static files."""

    class Media:
        js = TABBED_MEDIA_JS
        css = TABBED_MEDIA_CSS


class ChamberTranslationTabularInline(TranslationTabularInline):
    pass


class ChamberTranslationStackedInline(TranslationStackedInline):
    pass
