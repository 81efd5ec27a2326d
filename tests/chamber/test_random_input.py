"""Property-based: random and hostile input never gets a server error. Hypothesis drives the portal's forms, the
directory's search and filters, the card check, the admin's search and filters, the report period and the import
upload; every answer must be below 500.

The default profile makes about 500 requests, so that the suite stays quick; CI sets HYPOTHESIS_PROFILE=ci for
2,000 and more (`.ci/run`).
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.artisans.factories import ArtisanFactory

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is reproducible, never flaky
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

HOSTILE = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "' OR 1=1 --",
        "9" * 40,
        "-1",
        "0001-01-01",
        "9999-12-31",
        "%",
        "%00",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "\u202e\u200f",
        "أحمد" * 200,
        "SY770879",
        "+212661375346",
        "",
        " ",
    ]
)
# Any text a browser can send (no lone surrogates, which cannot be encoded), and the hostile classics.
TEXT = st.one_of(HOSTILE, st.text(st.characters(exclude_categories=("Cs",)), max_size=300))


def _ok(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:500])


@pytest.fixture
def register(db, profile):
    return [ArtisanFactory(public_profile=True) for _ in range(3)]


@given(q=TEXT, sector=TEXT, province=TEXT, page=TEXT)
def test_the_directory_search_and_filters(client, register, q, sector, province, page):
    _ok(
        client.get(
            reverse("artisans:directory"), {"q": q, "sector": sector, "province": province, "page": page}
        )
    )


@given(token=TEXT)
def test_the_card_check(client, register, token):
    _ok(client.get("/artisans/card/" + quote(token or "x", safe="") + "/"))


@given(username=TEXT, password=TEXT)
def test_the_login_form(client, register, username, password):
    _ok(client.post(reverse("portal:login"), {"username": username, "password": password}))


@given(
    fields=st.dictionaries(
        st.sampled_from(["cin", "birth_date", "email", "password1", "password2", "phone"]), TEXT
    )
)
def test_the_signup_form(client, register, fields):
    _ok(client.post(reverse("artisans:signup"), fields))


@given(email=TEXT)
def test_the_password_reset_form(client, register, email):
    _ok(client.post(reverse("portal:password_reset"), {"email": email}))


@given(
    q=TEXT,
    params=st.dictionaries(
        st.sampled_from(["sex__exact", "province", "sector", "o", "p", "e", "card"]), TEXT
    ),
)
def test_the_admin_search_and_filters(client, register, registry_clerk, q, params):
    client.force_login(registry_clerk)
    changelist = reverse("admin:artisans_artisan_changelist")
    response = client.post(
        reverse("admin:artisans_artisan_search"),
        {"q": q, "params": "&".join(f"{k}={quote(v)}" for k, v in params.items())},
    )
    _ok(response)
    if response.status_code == 302:
        _ok(client.get(response.url))
    _ok(client.get(changelist, params))


@given(start=TEXT, end=TEXT, fmt=st.one_of(st.sampled_from(["pdf", "xlsx"]), TEXT))
def test_the_exhibitions_report_period(client, register, manager, start, end, fmt):
    client.force_login(manager)
    _ok(
        client.get(
            reverse("admin:exhibitions_exhibition_report"), {"start": start, "end": end, "format": fmt}
        )
    )


@given(
    data=st.one_of(st.binary(max_size=2000), TEXT.map(lambda t: t.encode("utf-8", "replace"))),
    fmt=st.sampled_from(["0", "1", "7", "x"]),
)
def test_the_import_upload(client, register, registry_clerk, data, fmt):
    client.force_login(registry_clerk)
    upload = SimpleUploadedFile("artisans.csv", data)
    _ok(
        client.post(
            reverse("admin:artisans_artisan_import"), {"import_file": upload, "format": fmt, "resource": 0}
        )
    )


def test_a_report_period_longer_than_five_years_is_refused_with_a_message(client, manager, profile):
    client.force_login(manager)
    response = client.get(
        reverse("admin:exhibitions_exhibition_report"),
        {"start": "0001-01-01", "end": "9999-12-31", "format": "pdf"},
    )
    assert response.status_code == 200
    assert "0001-01-01" in str(response.context["form"].non_field_errors())


def test_a_distribution_report_with_an_odd_suffix_is_not_found(client, registry_clerk, profile):
    client.force_login(registry_clerk)
    assert client.get("/admin/programmes/distribution/1/report.pdfx").status_code == 404


@pytest.mark.parametrize("data", [b"\n\x01", b"\x01\n\x01"])
def test_an_import_file_without_a_header_row_or_its_columns_is_refused_with_a_message(
    client, register, registry_clerk, data
):
    """Found by the CI profile: a blank first line made the library fail; unknown columns went on to write rows."""
    client.force_login(registry_clerk)
    upload = SimpleUploadedFile("artisans.csv", data)
    with translation.override("ar"):
        response = client.post(
            reverse("admin:artisans_artisan_import"), {"import_file": upload, "format": "0", "resource": 0}
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "سطر العناوين" in text or "cin" in text
