"""URL map: the admin, the language switch, the health check, the portal and each app's public pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language

from chamber import views

admin.site.site_header = _("Chamber of traditional industry")
admin.site.site_title = _("Chamber administration")
admin.site.index_title = _("Administration")

handler400 = "chamber.views.bad_request"
handler403 = "chamber.views.permission_denied"
handler404 = "chamber.views.page_not_found"
handler500 = "chamber.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("portal.urls")),
    path("artisans/", include("portal.artisans_urls")),
    path("sessions/", include("meetings.urls")),
    path("agreements/", include("agreements.urls")),
    path("exhibitions/", include("exhibitions.urls")),
    path("api/v1/", include("portal.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
