"""Reads of the register: normalised search, the public directory, portal figures."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from artisans.models import Artisan, normalize_cin
from artisans.normalize import normalize_arabic


def artisan_search(*, query: str, qs: QuerySet[Artisan] | None = None) -> QuerySet[Artisan]:
    """Artisans whose name (Arabic or Latin, normalised), CIN or register ID matches `query`.

    The name match is a LIKE on `search_name`, which the pg_trgm GIN index serves; no icontains scan.
    """
    qs = Artisan.objects.all() if qs is None else qs
    query = (query or "").strip()
    if not query:
        return qs
    condition = Q(search_name__contains=normalize_arabic(query))
    cin = normalize_cin(query)
    if cin:
        condition |= Q(cin=cin) | Q(register_number=query)
    return qs.filter(condition)
