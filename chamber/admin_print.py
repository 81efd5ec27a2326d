"""Printable admin lists: the list as it stands on screen (filters, search, ordering) as a PDF, through the one PDF
pipeline. Wide lists print landscape."""

from __future__ import annotations

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chamber.pdf import Document, document_response, render_pdf

PRINT_LIMIT = 2000  # rows; a longer list is better exported to XLSX
LANDSCAPE_FROM = 6  # columns


def _cell(model_admin, obj, name: str) -> str:
    field, attr, value = lookup_field(name, obj, model_admin)
    if getattr(attr, "boolean", False) or (field is not None and field.get_internal_type() == "BooleanField"):
        return _("Yes") if value else _("No")
    shown = display_for_value(value, "", False) if field is None else display_for_field(value, field, "")
    return strip_tags(str(shown))


def _active_filters(changelist) -> list[tuple[str, str]]:
    active = []
    for spec in changelist.filter_specs:
        if getattr(spec, "used_parameters", None):
            chosen = [str(choice["display"]) for choice in spec.choices(changelist) if choice.get("selected")]
            active.append(
                (str(spec.title), "، ".join(chosen) if get_language() == "ar" else ", ".join(chosen))
            )
    return active


class PrintableListMixin:
    """Adds `print/` to a ModelAdmin: the current change list as a PDF of `print_list_display` columns."""

    print_list_display: tuple[str, ...] = ()

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "print/",
                self.admin_site.admin_view(self.print_list_view),
                name=f"{opts.app_label}_{opts.model_name}_print",
            ),
            *super().get_urls(),
        ]

    def print_list_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return document_response(self.print_list_pdf(request), inline=True)

    def print_list_pdf(self, request) -> Document:
        changelist = self.get_changelist_instance(request)
        columns = self.print_list_display or tuple(
            name for name in changelist.list_display if name != "action_checkbox"
        )
        objects = list(changelist.queryset[: PRINT_LIMIT + 1])
        truncated = len(objects) > PRINT_LIMIT
        objects = objects[:PRINT_LIMIT]
        opts = self.model._meta
        context = {
            "title": str(opts.verbose_name_plural),
            "headers": [str(label_for_field(name, self.model, self)) for name in columns],
            "rows": [[_cell(self, obj, name) for name in columns] for obj in objects],
            "filters": _active_filters(changelist),
            "searched": bool(changelist.query),
            "truncated": truncated,
            "limit": PRINT_LIMIT,
            "landscape": len(columns) >= LANDSCAPE_FROM,
            "today": timezone.localdate(),
        }
        content = render_pdf("pdf/admin_list.html", context, lang=get_language() or "ar")
        return Document(f"{opts.model_name}-list-{context['today']:%Y-%m-%d}.pdf", content)
