"""The open-data API, read-only and public, under /api/v1/ (django-ninja): sessions and their decisions,
agreements, exhibitions, the directory of consenting artisans, the geography and the crafts nomenclature.

Every field served is listed in portal/api/schemas.py and filled in portal/api/views.py from an allow-list; the
apps are read only through their selectors.py. tests/portal/test_api_privacy.py walks the OpenAPI document."""
