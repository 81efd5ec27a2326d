"""Views every part of the site shares: health check and branded error pages."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chamber import dbguard

logger = logging.getLogger(__name__)

# A static file every page links: if the manifest cannot name it, every page would answer 500.
HEALTHZ_STATIC_PROBE = "css/portal.css"


def _database_answers() -> bool:
    dbguard.shorten(settings.HEALTHZ_DB_TIMEOUT_MS / 1000)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _static_files_found() -> bool:
    try:
        staticfiles_storage.url(HEALTHZ_STATIC_PROBE)  # ValueError when the manifest lacks it
    except Exception:
        return False
    return True


def _storage_reachable() -> bool:
    try:
        default_storage.exists("healthz-probe")
    except Exception:
        return False
    return True


def _job_workers() -> int | None:
    """How many job workers showed a heartbeat in the last minute; None when the queue's tables do not answer (a
    page that queues a job would then fail). No worker is not a failure of this server: jobs wait for one."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > now() - interval '1 minute'"
            )
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


@never_cache
@require_GET
def healthz(request):
    """200 when every page can answer: the database (within HEALTHZ_DB_TIMEOUT_MS), the static files' manifest, the
    media storage and the job queue's tables; otherwise a 503 naming what failed. A load balancer reads the status, a
    person the body, which also counts the job workers alive in the last minute."""
    database = _database_answers()
    workers = _job_workers() if database else None
    checks = {
        "db": "ok" if database else "unreachable",
        "static": "ok" if _static_files_found() else "missing",
        "storage": "ok" if _storage_reachable() else "unreachable",
        "queue": "ok" if workers is not None else "unreachable",
    }
    failed = sorted(name for name, state in checks.items() if state != "ok")
    if failed:
        logger.warning("health check failed: %s", ", ".join(failed))
        return JsonResponse(checks, status=503)
    return JsonResponse({**checks, "workers": workers})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def service_unavailable(request=None):
    """The database does not answer: a branded 503 rendered without it (no context processors)."""
    response = HttpResponse(get_template("errors/503.html").render({}), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    # No context processors: the database may be the reason we are here.
    from django.http import HttpResponseServerError

    if dbguard.is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponseServerError(get_template("errors/500.html").render({}))
