"""The admin site: its index is the staff home (each office's cards, chamber.staff_home), and Django's list of
applications moves one click away, to admin/apps/."""

from __future__ import annotations

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chamber import staff_home


class ChamberAdminSite(admin.AdminSite):
    def get_urls(self):
        return [path("apps/", self.admin_view(self.apps_view), name="apps"), *super().get_urls()]

    def index(self, request, extra_context=None):
        today = timezone.localdate()
        context = {
            **self.each_context(request),
            "title": self.index_title,
            "subtitle": None,
            "today": today,
            "sections": staff_home.home_sections(user=request.user, today=today),
            "figures": staff_home.home_figures(user=request.user, today=today),
            **(extra_context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/chamber/staff_home.html", context)

    def apps_view(self, request):
        """Django's own index: every application and model the user may open."""
        return super().index(request, extra_context={"title": _("All applications")})
