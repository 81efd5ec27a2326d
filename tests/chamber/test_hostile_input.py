"""Hostile input gets a 400, a 404 or a form error, never a 500: NUL bytes in URLs and forms, data the database refuses."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse

from artisans.models import Artisan

handler400 = "chamber.views.bad_request"


def _looks_up_a_name(request):
    """A view that hands the query string straight to the database, as a careless view would."""
    return HttpResponse(str(Artisan.objects.filter(full_name=request.POST.get("name", "")).exists()))


urlpatterns = [path("lookup/", _looks_up_a_name), path("", include("chamber.urls"))]


@pytest.mark.parametrize("url", ["/artisans/card/%00/", "/artisans/card/abc%00def/", "/exhibitions/%00/"])
def test_a_nul_byte_in_a_path_is_a_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<html" in response.content.decode()  # the branded page, not a bare body


@pytest.mark.parametrize(
    "url",
    [
        "/artisans/?q=%00",
        "/artisans/?q=a%00b&page=1",
        "/admin/artisans/artisan/?sex__exact=%00",
    ],
)
def test_a_nul_byte_in_a_query_string_is_a_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "<html" in response.content.decode()  # the branded page, not a bare body


def test_a_nul_byte_in_a_form_field_is_a_form_error(client, db):
    response = client.post(reverse("portal:login"), {"username": "a\x00b", "password": "x\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.urls(__name__)
def test_data_the_database_refuses_is_a_400_not_a_500(client, db):
    client.raise_request_exception = False
    response = client.post("/lookup/", {"name": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.urls(__name__)
def test_other_input_still_reaches_the_view(client, db):
    assert client.post("/lookup/", {"name": "أحمد"}).content == b"False"
