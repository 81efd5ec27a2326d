"""The artisan's own pages: register data read-only with the CIN masked, card download, own records."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from artisans.models import ProfessionalCard
from portal.selectors import mask_cin
from programmes.models import Enrolment
from tests.portal.factories import UserFactory


def test_it_masks_the_cin():
    assert mask_cin("AB123456") == "AB••••56"
    assert mask_cin("C1234") == "C••34"
    assert mask_cin("JK12") == "JK•2"


def test_my_record_shows_the_masked_cin_and_never_the_full_one(client_a, artisan_a):
    response = client_a.get(reverse("artisans:me"))
    page = response.content.decode()
    assert response.status_code == 200
    assert mask_cin(artisan_a.cin) in page
    assert artisan_a.cin not in page
    assert "أمينة البقالي" in page


def test_my_pages_need_a_login(client, artisan_a):
    response = client.get(reverse("artisans:me"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_an_account_without_a_register_record_gets_no_data(client, profile):
    client.force_login(UserFactory())
    assert client.get(reverse("artisans:me")).status_code == 403


def test_it_downloads_my_card(client_a, artisan_a):
    from artisans.services import card_issue

    card = card_issue(artisan=artisan_a, issued_on=dt.date.today())
    page = client_a.get(reverse("artisans:me")).content.decode()
    assert card.number in page
    response = client_a.get(reverse("artisans:card_download", args=[card.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ProfessionalCard.objects.filter(artisan=artisan_a).count() == 1


def test_my_records_list_trainings(client_a, artisan_a):
    from tests.programmes.factories import TrainingFactory

    training = TrainingFactory(title="تكوين في الطرز")
    Enrolment.objects.create(training=training, artisan=artisan_a)
    response = client_a.get(reverse("artisans:records"))
    assert response.status_code == 200
    assert "تكوين في الطرز" in response.content.decode()


def test_every_form_of_my_pages_carries_a_csrf_token(client_a, artisan_a):
    for name in (
        "artisans:me",
        "artisans:records",
        "artisans:change_list",
        "artisans:signup",
        "portal:login",
    ):
        page = client_a.get(reverse(name), follow=True).content.decode()
        assert page.count('method="post"') == page.count('name="csrfmiddlewaretoken"'), name


def test_forms_are_refused_without_a_csrf_token(artisan_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(artisan_a.user, backend="django.contrib.auth.backends.ModelBackend")
    response = strict.post(reverse("artisans:change_list"), {"field": "address", "new_value": "زنقة 1"})
    assert response.status_code == 403
    assert not artisan_a.change_requests.exists()
