"""Personal data per office: only Registry (and IT's superusers) see an artisan's CIN, phone, e-mail, birth date,
address and AMO number; the other offices do not see them on the artisan's page, cannot find an artisan by CIN,
and do not get them in the export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.artisans.factories import ArtisanFactory

SECRETS = {
    "cin": "SY770879",
    "phone": "+212661375346",
    "email": "ahmed.private@example.invalid",
    "amo_number": "AMO-99887766",
}


@pytest.fixture
def artisan(db):
    return ArtisanFactory(full_name="أحمد البقالي", **SECRETS)


def _page(client, artisan) -> str:
    response = client.get(reverse("admin:artisans_artisan_change", args=[artisan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _found_by(client, term: str) -> bool:
    url = client.post(reverse("admin:artisans_artisan_search"), {"q": term}).url
    return "أحمد البقالي" in client.get(url).content.decode()


def _export(client) -> str:
    response = client.post(
        reverse("admin:artisans_artisan_export"), {"format": 0, "resource": 0, "export_items": []}
    )
    if response.status_code == 200 and response.get("Content-Disposition"):
        return response.content.decode("utf-8-sig")
    # The form with every offered column ticked, as a clerk would submit it.
    form = response.context["form"]
    data = {"format": 0, "resource": 0}
    data.update({name: "on" for name in form.fields if name.startswith("artisanresource_")})
    response = client.post(reverse("admin:artisans_artisan_export"), data)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


@pytest.mark.parametrize("office", ["exhibitions_officer", "secretary", "manager"])
def test_other_offices_see_no_personal_field(request, client, artisan, office):
    client.force_login(request.getfixturevalue(office))
    html = _page(client, artisan)
    assert "أحمد البقالي" in html
    for value in (*SECRETS.values(), "1980-05-01", "01/05/1980"):
        assert value not in html, value
    assert 'name="birth_date"' not in html and "birth_date" not in html


def test_exhibitions_cannot_find_an_artisan_by_cin(client, artisan, exhibitions_officer):
    client.force_login(exhibitions_officer)
    assert _found_by(client, "البقالي")
    assert not _found_by(client, "SY770879")


def test_an_export_by_another_office_has_no_personal_column(client, artisan, manager):
    client.force_login(manager)
    text = _export(client)
    header = text.splitlines()[0]
    assert "full_name" in header
    for column in ("cin", "phone", "email", "birth_date", "address", "amo_number"):
        assert column not in header.split(","), header
    for value in SECRETS.values():
        assert value not in text


def test_registry_sees_searches_and_exports_everything(client, artisan, registry_clerk):
    client.force_login(registry_clerk)
    html = _page(client, artisan)
    assert "SY770879" in html and "AMO-99887766" in html
    assert _found_by(client, "SY770879")
    assert "SY770879" in _export(client)
