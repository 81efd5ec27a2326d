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


def bare_admin_list(request):
    """The artisan changelist's page query (its list_select_related, 100 rows), with the admin's search when q is
    given; no template, no count, no filters' queries."""
    from artisans.models import Artisan
    from artisans.selectors import artisan_search

    qs = Artisan.objects.select_related("main_activity", "commune__province").order_by("-pk")
    if request.GET.get("q"):
        qs = artisan_search(query=request.GET["q"], qs=qs)
    rows = list(qs[:100])
    return HttpResponse("\n".join(a.full_name for a in rows), content_type="text/plain; charset=utf-8")


def bare_api_list(request):
    """The open-data directory's first page query (51 rows: a page of 50 and the next cursor's row)."""
    from artisans.selectors import open_data_directory

    rows = list(open_data_directory().order_by("pk")[:51])
    return HttpResponse("\n".join(a.full_name for a in rows), content_type="text/plain; charset=utf-8")


def bare_minutes(request, pk: int):
    """The minutes' selector (everything they print) without rendering the PDF."""
    from meetings.models import Session
    from meetings.selectors import session_for_minutes

    context = session_for_minutes(session=Session.objects.get(pk=pk))
    return HttpResponse(str(len(context["items"])), content_type="text/plain")


urlpatterns = [
    path("bench/bare-admin-list/", bare_admin_list),
    path("bench/bare-api-list/", bare_api_list),
    path("bench/bare-minutes/<int:pk>/", bare_minutes),
    *urlpatterns,
]
