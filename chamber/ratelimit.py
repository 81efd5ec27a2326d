"""A small rate limiter for the public forms (sign-up, login, password reset) and the open-data API, kept in
Django's cache.

Each scope counts POSTs per client address in fixed windows. The key holds a hash of the address, never a
CIN or an e-mail. The counters live in the cache all processes share (the database's, or Redis with REDIS_URL),
so N gunicorn workers or servers allow the limit, not N × the limit.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.core.cache import cache
from django.shortcuts import render

# scope -> (requests allowed, window in seconds)
LIMITS: dict[str, tuple[int, int]] = {
    "profile_message": (5, 60 * 60),
    "signup": (10, 60 * 60),
    "login": (20, 15 * 60),
    "password_reset": (5, 60 * 60),
    # One-time codes of a waiting sign-up (entered or asked for by SMS); each request also locks after 5 wrong codes.
    "access_code": (10, 60 * 60),
    # The open-data API (portal/api), every GET counted: a harvester pages through, a loop is stopped.
    "api": (300, 60),
}


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, address: str, window: int) -> str:
    bucket = int(time.time() // window)
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{digest}:{bucket}"


def ratelimit_hit(*, scope: str, address: str) -> bool:
    """Count one attempt; True while the address is within its allowance for the scope."""
    limit, window = LIMITS[scope]
    key = _key(scope, address, window)
    # add() is atomic when the key is new; incr() is atomic in every cache backend Django ships.
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window + 1)
            count = 1
    return count <= limit


def ratelimit_retry_after(*, scope: str) -> int:
    """Seconds until the scope's current window ends, when the counters start again (for Retry-After)."""
    window = LIMITS[scope][1]
    return max(1, int(window - time.time() % window) + 1)


def ratelimited(scope: str, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """View decorator: over the limit, answer 429 with the branded page, without running the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not ratelimit_hit(scope=scope, address=client_address(request)):
                response = render(request, "errors/429.html", status=429)
                response["Retry-After"] = str(ratelimit_retry_after(scope=scope))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
