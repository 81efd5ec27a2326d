"""The project's URLs plus bare views that run the same single query as the page they stand beside."""

from django.http import HttpResponse
from django.urls import path

from artisans.selectors import public_directory
from chamber.urls import urlpatterns as project_urlpatterns
from portal.directory import _cards


def bare_directory(request):
    """The directory's single query for one page (21 rows), no template, no middleware work of ours."""
    page = int(request.GET.get("page") or 1)
    start = (page - 1) * 20
    rows = list(_cards(public_directory(query=request.GET.get("q") or None))[start : start + 21])
    return HttpResponse("\n".join(row["full_name"] for row in rows), content_type="text/plain; charset=utf-8")


def bare_home(request):
    """The home page's heaviest query: the register's key figures (all artisans, of them women)."""
    from django.db.models import Count, Q

    from artisans.models import Artisan

    counts = Artisan.objects.filter(registration_status="registered").aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex="female"))
    )
    return HttpResponse(f"{counts['total']} {counts['women']}", content_type="text/plain")


urlpatterns = [
    path("bench/bare-directory/", bare_directory),
    path("bench/bare-home/", bare_home),
    *project_urlpatterns,
]
