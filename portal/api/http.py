"""HTTP around the open-data API: the per-client rate limit (chamber/ratelimit.py), CORS open for GET, and
conditional GETs (a strong ETag from the body; If-None-Match answers 304).

The middleware acts on /api/ only; every other page is left as it is."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from ninja.throttling import BaseThrottle

from chamber.ratelimit import LIMITS, client_address, ratelimit_hit, ratelimit_retry_after

API_PREFIX = "/api/"
SCOPE = "api"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Disposition",
}


class RateLimit(BaseThrottle):
    """django-ninja's throttle over the project's own limiter: N requests per client address per window, shared
    by every process through the cache; over it, ninja answers 429 with Retry-After (seconds to the window's end).
    """

    @staticmethod
    def limit() -> int:
        return LIMITS[SCOPE][0]

    @staticmethod
    def window() -> int:
        return LIMITS[SCOPE][1]

    def allow_request(self, request) -> bool:
        return ratelimit_hit(scope=SCOPE, address=client_address(request))

    def wait(self) -> float:
        return ratelimit_retry_after(scope=SCOPE)


class OpenDataMiddleware:
    """CORS for GET (no credentials), the preflight answer, ETag and 304 on the API's answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            # What chamber.middleware.HostileInputMiddleware answers with a page, the API answers in JSON.
            response = JsonResponse({"detail": "A NUL byte cannot be part of a request."}, status=400)
        elif request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
                response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                response["Cache-Control"] = "public, max-age=60"
                conditional = get_conditional_response(request, etag=response["ETag"], response=response)
                if conditional is not response:
                    response = conditional
        for header, value in CORS_HEADERS.items():
            response[header] = value
        patch_vary_headers(response, ("Origin",))
        return response
