"""The project's middleware: Arabic unless the user chose otherwise, and a 400 rather than a 500 for hostile input."""

import logging

logger = logging.getLogger(__name__)


class ArabicUnlessChosenMiddleware:
    """Drops Accept-Language before LocaleMiddleware reads it.

    LocaleMiddleware then follows only the language cookie set by the switcher (set_language), and falls back to
    LANGUAGE_CODE, which is Arabic.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class HostileInputMiddleware:
    """Input the portal cannot hold gets a 400 (or a 404), never a 500.

    A NUL byte in the path (404: no page has one) or in the query string (400) is refused before any view runs
    (PostgreSQL text cannot hold one, and no URL of ours needs one). Forms already refuse NUL bytes field by field; whatever else reaches the database
    and is refused there as data (a NUL byte in an uploaded file, a value out of a column's range) becomes a 400 too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info:
            # No page of ours has a NUL byte in its path: whatever it was meant to name is not found (a card
            # token of any shape answers 404, issue 16).
            return _not_found(request)
        if "\x00" in query or "%00" in query:
            return _bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError

        if isinstance(exception, DataError):
            logger.warning("input refused by the database on %s: %s", request.path, exception)
            return _bad_request(request)
        return None


def _not_found(request):
    from django.http import Http404
    from django.urls import get_resolver

    return get_resolver().resolve_error_handler(404)(request, Http404())


def _bad_request(request):
    from django.core.exceptions import BadRequest
    from django.urls import get_resolver

    return get_resolver().resolve_error_handler(400)(request, BadRequest())


class DatabaseDeadlineMiddleware:
    """Watches each request's database connection (chamber.dbguard) and answers a branded 503 when the database
    does not answer, instead of hanging or answering 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from chamber import dbguard

        with dbguard.watched():
            return self.get_response(request)

    def process_exception(self, request, exception):
        from chamber import dbguard
        from chamber.views import service_unavailable

        if dbguard.is_database_unavailable(exception):
            logger.warning("database unavailable on %s: %s", request.path, exception)
            return service_unavailable(request)
        return None
