"""Nothing private is ever serialised by the open-data API: every endpoint of the OpenAPI document is called
(page, CSV and JSON), every field of every answer is read, and none may hold the CIN, phone, e-mail, birth date
or address of a person, consenting or not. The persons are seeded with all of them filled, as an artisan, a
member of the assembly and a partner's contact person; the OpenAPI schemas may not even name such a field."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from agreements import demo as agreements_demo
from agreements.models import Agreement, AgreementParty, Partner
from artisans.models import Artisan
from exhibitions.models import Application, Exhibition
from meetings import demo as meetings_demo
from meetings.models import Member
from tests.exhibitions.factories import ExhibitionFactory
from tests.portal.factories import ArtisanFactory

API = "/api/v1"
FORBIDDEN_FIELDS = re.compile(
    r"(^|_)(cin|phone|mobile|email|e_mail|mail|birth|birth_date|address|amo|amo_number|rib|ice|contact|user|"
    r"password|token)(_|$)",
    re.I,
)

SECRET = {
    # not consenting
    "cin": "QX918273",
    "phone": "+212661234987",
    "phone_local": "0661234987",
    "phone_digits": "661234987",
    "email": "leila.secret@example.invalid",
    "birth_iso": "1979-11-23",
    "birth_fr": "23/11/1979",
    "address": "درب السر 17 فاس",
    # consenting to the directory: still no CIN, phone, e-mail, birth date or address
    "cin2": "QY445566",
    "phone2": "+212770001122",
    "email2": "hamid.public@example.invalid",
    "birth2": "1981-02-03",
    "address2": "زنقة الوردة 5 مكناس",
    # a partner's contact and a member of the assembly
    "partner_email": "contact.partner@example.invalid",
    "partner_phone": "+212535998877",
    "partner_address": "شارع الحسن الثاني 99 تاونات",
    "partner_contact": "السيد المخاطب الخاص",
    "member_email": "member.private@example.invalid",
}


@pytest.fixture
def world(profile):
    meetings_demo.seed()
    agreements_demo.seed()
    hidden = ArtisanFactory(
        public_profile=False,
        cin=SECRET["cin"],
        phone=SECRET["phone"],
        email=SECRET["email"],
        birth_date=dt.date(1979, 11, 23),
        address=SECRET["address"],
        full_name="ليلى الخفية",
    )
    shown = ArtisanFactory(
        public_profile=True,
        cin=SECRET["cin2"],
        phone=SECRET["phone2"],
        email=SECRET["email2"],
        birth_date=dt.date(1981, 2, 3),
        address=SECRET["address2"],
        full_name="حميد الظاهر",
        bio="صانع نحاس",
    )
    partner = Partner.objects.create(
        name="شريك بعنوان",
        kind=Partner.Kind.ASSOCIATION,
        email=SECRET["partner_email"],
        phone=SECRET["partner_phone"],
        address=SECRET["partner_address"],
        contact_person=SECRET["partner_contact"],
    )
    agreement = Agreement.objects.filter(status="signed", is_public=True).first()
    AgreementParty.objects.create(agreement=agreement, partner=partner, role=AgreementParty.Role.FINANCER)
    Member.objects.filter(pk=Member.objects.order_by("pk").first().pk).update(
        email=SECRET["member_email"], artisan=hidden
    )
    exhibition = ExhibitionFactory(
        status=Exhibition.Status.HELD,
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 5, 5),
        call_closes_on=None,
        results_published=True,
    )
    for artisan in (hidden, shown):
        Application.objects.create(exhibition=exhibition, artisan=artisan, status=Application.Status.ACCEPTED)
    assert Artisan.objects.filter(public_profile=False, cin=SECRET["cin"]).exists()
    return hidden, shown


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def _schema_fields(node, path=""):
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", key
            yield from _schema_fields(value, f"{path}.{key}")
        for key, value in node.items():
            if key != "properties":
                yield from _schema_fields(value, path)
    elif isinstance(node, list):
        for item in node:
            yield from _schema_fields(item, path)


def test_no_schema_of_the_openapi_document_names_a_private_field(client, profile):
    document = json.loads(client.get(f"{API}/openapi.json").content)
    fields = list(_schema_fields(document))
    assert len(fields) > 100
    bad = [path for path, name in fields if FORBIDDEN_FIELDS.search(name)]
    assert bad == []
    parameters = [p["name"] for op in document["paths"].values() for p in op["get"].get("parameters", [])]
    assert not [p for p in parameters if FORBIDDEN_FIELDS.search(p)]


def test_every_endpoint_and_field_is_free_of_personal_data(client, world):
    _hidden, _shown = world
    document = json.loads(client.get(f"{API}/openapi.json").content)
    paths = [p for p, item in document["paths"].items() if "get" in item and "{" not in p]
    assert len(paths) >= 30
    seen_shown = False
    checked = 0
    for path in paths:
        response = client.get(path + ("?limit=500" if path.endswith("/") else ""))
        assert response.status_code == 200, path
        body = response.getvalue().decode("utf-8-sig")
        texts = [body] if path.endswith(".csv") else list(_strings(json.loads(body)))
        checked += len(texts)
        joined = "\n".join(texts)
        for what, secret in SECRET.items():
            assert secret not in joined, f"{what} in {path}"
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", joined), f"an e-mail address in {path}"
        assert not re.search(r"(\+212|\b0)[5-7]\d{8}\b", joined), f"a phone number in {path}"
        assert "1979" not in joined and "1981-02-03" not in joined, path
        assert "ليلى الخفية" not in joined, f"a non-consenting artisan's name in {path}"
        seen_shown |= "حميد الظاهر" in joined
    assert seen_shown, "the consenting artisan is in the directory"
    assert checked > 1000
