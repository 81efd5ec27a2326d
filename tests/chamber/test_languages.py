"""Arabic unless the user chose otherwise: Accept-Language never decides, the switcher's cookie does."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.fixture
def home_url(profile):
    return reverse("portal:home")


def test_the_portal_is_arabic_and_rtl_even_for_a_french_browser(client, home_url):
    response = client.get(home_url, headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.8"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_the_chosen_language_is_remembered(client, home_url):
    response = client.post(reverse("set_language"), {"language": "fr", "next": home_url})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = client.get(home_url, headers={"accept-language": "ar"}).content.decode()
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_the_admin_is_arabic_rtl_with_a_language_switcher(admin_client, profile):
    response = admin_client.get(reverse("admin:index"), headers={"accept-language": "en-US,en"})
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "admin-lang-switch" in html
    assert "الإدارة" in html  # the index title, from the project's Arabic catalogue


def test_the_portal_has_a_language_switcher(client, home_url):
    html = client.get(home_url).content.decode()
    assert 'name="language"' in html
    for code in ("ar", "fr", "en"):
        assert f'value="{code}"' in html


def test_third_party_apps_have_arabic_names_in_the_admin(admin_client, profile):
    html = admin_client.get(reverse("admin:apps")).content.decode()  # the app list, one click from the home
    assert "حماية تسجيل الدخول" in html  # django-axes, which has no name of its own
    assert "سجل التتبع" in html  # django-auditlog, whose catalogue has no Arabic
    assert ">Axes<" not in html
