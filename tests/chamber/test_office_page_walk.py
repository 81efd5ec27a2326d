"""Personal data per office, walked page by page for assembly members and organisations (issue 17, item 1):
every office × every admin change list, change form, export, printed list and history page of these models.
An office that does not need a personal field does not see it, cannot find a record by it, and cannot export it.

Who needs what (chamber.roles.PERSONAL_FIELD_OFFICES_BY_MODEL): a member's e-mail is the Secretariat's (it sends
the convocations); an organisation's legal representative is an artisan, whose CIN, phone and other personal
fields only Registry sees. Superusers (IT) see all.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.artisans.factories import OrganisationFactory
from tests.meetings.factories import MemberFactory
from tests.portal.factories import ArtisanFactory

OFFICES = ("secretary", "registry_clerk", "partnerships_officer", "exhibitions_officer", "manager")

MEMBER_SECRETS = ("m.private@example.invalid",)
REPRESENTATIVE_SECRETS = ("SY770879", "+212661375346", "0661375346", "06 61 37 53 46", "rep.private@example.invalid",
                          "درب السر 9")  # fmt: skip

MEMBER_OFFICES = {"secretary"}
REPRESENTATIVE_OFFICES = {"registry_clerk"}


@pytest.fixture
def member(profile):
    return MemberFactory(name_ar="عضو الجمعية السري", email="m.private@example.invalid")


@pytest.fixture
def organisation(profile):
    representative = ArtisanFactory(
        full_name="ممثل التعاونية", cin="SY770879", phone="+212661375346", email="rep.private@example.invalid",
        address="درب السر 9",
    )  # fmt: skip
    organisation = OrganisationFactory(name="تعاونية النسيج السرية", legal_representative=representative)
    organisation.memberships.create(artisan=representative, role="president")
    return organisation


def _export(client, url_name: str, prefix: str) -> str | None:
    """The export as a clerk of this office gets it (every offered column ticked); None without the right."""
    url = reverse(url_name)
    response = client.get(url)
    if response.status_code in (302, 403):
        return None
    assert response.status_code == 200, (url, response.status_code)
    form = response.context["form"]
    data = {"format": 0, "resource": 0}
    data.update({name: "on" for name in form.fields if name.startswith(prefix)})
    response = client.post(url, data)
    assert response.status_code == 200 and response.get("Content-Disposition"), response.status_code
    return response.content.decode("utf-8-sig")


def _pages(obj, model: str) -> list[str]:
    return [
        reverse(f"admin:{model}_changelist"),
        reverse(f"admin:{model}_change", args=[obj.pk]),
        reverse(f"admin:{model}_history", args=[obj.pk]),
    ]


def _found_by(client, model: str, term: str, name: str) -> bool | None:
    response = client.post(reverse(f"admin:{model}_search"), {"q": term})
    if response.status_code in (403, 404):
        return None
    page = client.get(response.url)
    if page.status_code == 403:
        return None
    return name in page.content.decode()


def _walk(client, pages) -> str:
    seen = []
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        if response.status_code == 200:
            seen.append(response.content.decode())
    return "\n".join(seen)


@pytest.mark.parametrize("office", OFFICES)
def test_a_members_email_is_seen_searched_and_exported_by_the_secretariat_only(
    request, client, member, office
):
    client.force_login(request.getfixturevalue(office))
    html = _walk(client, _pages(member, "meetings_member"))
    exported = _export(client, "admin:meetings_member_export", "memberresource_") or ""
    found = _found_by(client, "meetings_member", "m.private@example.invalid", "عضو الجمعية السري")
    if office in MEMBER_OFFICES:
        assert "m.private@example.invalid" in html and "m.private@example.invalid" in exported and found
        return
    for secret in MEMBER_SECRETS:
        assert secret not in html, (office, secret)
        assert secret not in exported, (office, secret)
    assert "email" not in (exported.splitlines() or [""])[0].split(","), office
    assert not found, office


@pytest.mark.parametrize("office", OFFICES)
def test_an_organisations_representative_keeps_their_personal_data_to_registry(
    request, client, organisation, office
):
    client.force_login(request.getfixturevalue(office))
    html = _walk(client, _pages(organisation, "artisans_organisation"))
    exported = _export(client, "admin:artisans_organisation_export", "organisationresource_") or ""
    if office in REPRESENTATIVE_OFFICES:
        assert "ممثل التعاونية" in html and "SY770879" in exported
        return
    for secret in REPRESENTATIVE_SECRETS:
        assert secret not in html, (office, secret)
        assert secret not in exported, (office, secret)
    assert not _found_by(client, "artisans_organisation", "SY770879", "تعاونية النسيج السرية"), office


@pytest.mark.parametrize("office", OFFICES)
def test_the_representatives_lookup_finds_no_one_by_cin_for_other_offices(
    request, client, organisation, office
):
    """The organisation form's autocomplete of artisans (legal representative, members) searches like the list."""
    client.force_login(request.getfixturevalue(office))
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "SY770879",
            "app_label": "artisans",
            "model_name": "organisation",
            "field_name": "legal_representative",
        },
    )
    if response.status_code == 403:
        return
    found = str(organisation.legal_representative_id) in [row["id"] for row in response.json()["results"]]
    assert found == (office in REPRESENTATIVE_OFFICES), office


@pytest.mark.parametrize("office", OFFICES)
def test_a_sign_ups_cin_birth_date_and_email_are_registrys_only(request, client, profile, office):
    from portal.models import RegistrationRequest
    from tests.portal.factories import UserFactory

    signup = RegistrationRequest.objects.create(
        cin="SY770879", birth_date="1980-05-01", full_name="طالب التسجيل", email="signup.private@example.invalid",
        user=UserFactory(), status=RegistrationRequest.Status.PENDING,
    )  # fmt: skip
    client.force_login(request.getfixturevalue(office))
    html = _walk(client, _pages(signup, "portal_registrationrequest"))
    found = _found_by(client, "portal_registrationrequest", "SY770879", "طالب التسجيل")
    if office == "registry_clerk":
        assert "SY770879" in html and "signup.private@example.invalid" in html and found
        return
    for secret in ("SY770879", "signup.private@example.invalid", "1980-05-01", "1 ماي 1980"):
        assert secret not in html, (office, secret)
    assert not found, office


@pytest.mark.parametrize("office", OFFICES)
def test_the_phone_or_address_an_artisan_asks_for_is_registrys_only(request, client, profile, office):
    from portal.models import ChangeRequest

    artisan = ArtisanFactory(full_name="صاحب الطلب", phone="+212661375346", address="درب السر 9")
    change = ChangeRequest.objects.create(
        artisan=artisan, field=ChangeRequest.Field.PHONE, new_value="+212662998877", old_value="+212661375346"
    )
    client.force_login(request.getfixturevalue(office))
    html = _walk(client, _pages(change, "portal_changerequest"))
    secrets = ("662998877", "62 99 88 77", "661375346", "61 37 53 46")
    if office == "registry_clerk":
        assert any(secret in html for secret in secrets)
        return
    for secret in secrets:
        assert secret not in html, (office, secret)


@pytest.mark.parametrize("office", OFFICES)
def test_the_outboxs_addresses_are_for_the_offices_that_write_to_them(request, client, profile, office):
    """Members' addresses (convocations) are the Secretariat's, artisans' (sign-up and review messages) Registry's;
    the other offices read the outbox for its subjects and states only."""
    from chamber.models import OutboxMail

    outgoing = OutboxMail.objects.create(
        to_address="outbox.private@example.invalid", language="ar", template="t.txt", subject="استدعاء الدورة",
        message_id="<walk@chamber.invalid>",
    )  # fmt: skip
    client.force_login(request.getfixturevalue(office))
    html = _walk(client, _pages(outgoing, "chamber_outboxmail"))
    if not html:
        return  # no right to read the outbox at all
    assert "استدعاء الدورة" in html, office
    assert ("outbox.private@example.invalid" in html) == (office in {"secretary", "registry_clerk"}), office
