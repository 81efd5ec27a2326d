"""Phones in Django's generic read-only displays (a view-only change form, a list column named after the field) read
as the inputs do: national form, left to right, E.164 kept in storage."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from chamber.models import ChamberProfile
from tests.agreements.factories import PartnerFactory

pytestmark = pytest.mark.django_db

NATIONAL = '<bdi dir="ltr" class="phone">\u206606 12 34 56 78\u2069</bdi>'


def test_a_view_only_partner_form_shows_the_national_phone(client, manager, profile):
    partner = PartnerFactory(phone="+212612345678")
    client.force_login(manager)  # Management reads the partners and may not change them
    response = client.get(reverse("admin:agreements_partner_change", args=[partner.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="phone"' not in html  # read-only
    assert NATIONAL in html
    assert "+212612345678" not in html
    partner.refresh_from_db()
    assert partner.phone == "+212612345678"


def test_the_chamber_profile_read_by_a_secretary_shows_the_national_phone(client, secretary, profile):
    ChamberProfile.objects.filter(pk=profile.pk).update(phone="+212612345678")
    client.force_login(secretary)
    html = client.get(reverse("admin:chamber_chamberprofile_change", args=[profile.pk])).content.decode()
    assert NATIONAL in html
    assert "+212612345678" not in html
    assert "+212535000000" not in html  # the model's help text; the input's says it left to right
    assert "\u206606 12 34 56 78\u2069" in html


def test_a_list_column_named_after_the_phone_field_shows_the_national_form(
    client, django_user_model, profile
):
    from django.contrib import admin

    from agreements.models import Partner

    PartnerFactory(phone="+212612345678")
    user = django_user_model.objects.create_user("list.reader", password="x-unused-77", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_partner"))
    client.force_login(user)
    partner_admin = admin.site._registry[Partner]
    original = partner_admin.list_display
    partner_admin.list_display = ("name", "phone")
    try:
        html = client.get(reverse("admin:agreements_partner_changelist")).content.decode()
    finally:
        partner_admin.list_display = original
    assert NATIONAL in html
    assert "+212612345678" not in html


def test_a_foreign_number_stays_international(client, manager, profile):
    partner = PartnerFactory(phone="+33142685300")
    client.force_login(manager)
    html = client.get(reverse("admin:agreements_partner_change", args=[partner.pk])).content.decode()
    assert "\u2066+33 1 42 68 53 00\u2069" in html
