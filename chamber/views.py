"""Views every part of the site shares: health check and branded error pages."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 {"db": "ok"} when PostgreSQL answers; 503 with a JSON body, quickly, when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unreachable")
        return JsonResponse({"db": "unreachable"}, status=503)
    return JsonResponse({"db": "ok"})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: the database may be the reason we are here.
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("errors/500.html").render({}))
