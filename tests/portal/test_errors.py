"""Branded error pages in Arabic with DEBUG off: 400, 403, 404 and 500, without a stack trace."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from chamber.urls import urlpatterns as real_patterns


def _boom(request):
    raise RuntimeError("secret stack detail")


def _denied(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom/", _boom),
    path("denied/", _denied),
    path("bad/", _bad),
    *real_patterns,
]
handler400 = "chamber.views.bad_request"
handler403 = "chamber.views.permission_denied"
handler404 = "chamber.views.page_not_found"
handler500 = "chamber.views.server_error"


@pytest.fixture
def prod_client(settings, profile):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/bad/", 400, "طلب غير صالح"),
        ("/denied/", 403, "الولوج مرفوض"),
        ("/no-such-page/", 404, "الصفحة غير موجودة"),
        ("/boom/", 500, "حدث خطأ في الخادم"),
    ],
)
def test_error_pages_are_branded_and_arabic(prod_client, url, status, words):
    response = prod_client.get(url)
    page = response.content.decode()
    assert response.status_code == status
    assert 'lang="ar" dir="rtl"' in page
    assert "portal.css" in page
    assert words in page
    assert "secret stack detail" not in page and "Traceback" not in page
    if status != 500:
        assert "غرفة الصناعة التقليدية لجهة فاس مكناس" in page  # the letterhead
