"""Printable admin lists: the list as it stands on screen (filters, search, ordering) as a PDF, through the one PDF
pipeline. Wide lists print landscape."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chamber import exports
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
        """The list as a PDF at once when it is short; a longer one is printed by a job (each row costs WeasyPrint
        about 20 ms, and a 2,000-row list took 43 s), and the page says where to download it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        pks = list(changelist.queryset.values_list("pk", flat=True)[: PRINT_LIMIT + 1])
        if len(pks) <= exports.document_inline_rows():
            return document_response(self.print_list_pdf(request), inline=True)
        opts = self.model._meta
        record = exports.document_job_start(
            builder="chamber.admin_print.print_list_document",
            label=_("Printed list of %(what)s (%(count)s rows)")
            % {"what": opts.verbose_name_plural, "count": min(len(pks), PRINT_LIMIT)},
            by=request.user,
            model=opts.label_lower,
            pks=pks,
            filters=[list(pair) for pair in _active_filters(changelist)],
            searched=bool(changelist.query),
            lang=get_language() or "ar",
        )
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The list is long: it is being printed in the background."),
                reverse("admin:chamber_jobrecord_change", args=[record.pk]),
                _("Follow it and download the PDF here."),
            ),
            messages.INFO,
        )
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{changelist_url}?{query}" if query else changelist_url)

    def print_list_pdf(self, request) -> Document:
        changelist = self.get_changelist_instance(request)
        objects = list(changelist.queryset[: PRINT_LIMIT + 1])
        return _print_list(
            self,
            objects,
            filters=_active_filters(changelist),
            searched=bool(changelist.query),
            lang=get_language() or "ar",
        )


def _print_list(model_admin, objects: list, *, filters, searched: bool, lang: str) -> Document:
    columns = model_admin.print_list_display or tuple(
        name for name in model_admin.list_display if name != "action_checkbox"
    )
    truncated = len(objects) > PRINT_LIMIT
    objects = objects[:PRINT_LIMIT]
    opts = model_admin.model._meta
    with translation.override(lang):
        context = {
            "title": str(opts.verbose_name_plural),
            "headers": [str(label_for_field(name, model_admin.model, model_admin)) for name in columns],
            "rows": [[_cell(model_admin, obj, name) for name in columns] for obj in objects],
            "filters": [tuple(pair) for pair in filters],
            "searched": searched,
            "truncated": truncated,
            "limit": PRINT_LIMIT,
            "landscape": len(columns) >= LANDSCAPE_FROM,
            "today": timezone.localdate(),
        }
    content = render_pdf("pdf/admin_list.html", context, lang=lang)
    return Document(f"{opts.model_name}-list-{context['today']:%Y-%m-%d}.pdf", content)


def print_list_document(*, model: str, pks: list[int], filters: list, searched: bool, lang: str) -> Document:
    """What the print job renders: the rows that were on screen (their ids, in the list's order), with the
    filters as they were described then."""
    model_class = apps.get_model(model)
    model_admin = admin.site._registry[model_class]
    related = model_admin.list_select_related
    queryset = model_class._default_manager.all()
    if isinstance(related, list | tuple) and related:
        queryset = queryset.select_related(*related)
    by_pk = queryset.in_bulk(pks)
    objects = [by_pk[pk] for pk in pks if pk in by_pk]
    return _print_list(model_admin, objects, filters=filters, searched=searched, lang=lang)
