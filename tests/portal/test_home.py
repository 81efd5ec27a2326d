"""The home page: the chamber, key figures (artisans, of them women, exhibitions this year), each app's section."""

from __future__ import annotations

from django.urls import reverse

from tests.portal.factories import ArtisanFactory


def test_it_shows_the_chamber_and_the_key_figures(client, profile):
    ArtisanFactory.create_batch(3)
    ArtisanFactory(sex="male")
    response = client.get(reverse("portal:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "غرفة الصناعة التقليدية لجهة فاس مكناس" in page
    figures = response.context["key_figures"]
    # The register comes first (portal/selectors.py, HOME_CONTRIBUTORS): registered artisans, then the women among them.
    assert [f["value"] for f in figures[:2]] == [4, 3]
    assert len(figures) >= 3, "exhibitions this year is missing"


def test_it_is_arabic_and_right_to_left_by_default(client, profile):
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "/static/css/portal.css" in page


def test_the_language_choice_is_remembered(client, profile):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.cookies["chamber_language"].value == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get(reverse("portal:home")).content.decode()


def test_every_form_on_the_home_page_carries_a_csrf_token(client, profile):
    page = client.get(reverse("portal:home")).content.decode()
    assert page.count('method="post"') == page.count("csrfmiddlewaretoken")


def test_every_public_page_links_to_the_open_data_docs_in_its_language(client, profile, settings):
    assert 'href="/api/v1/docs/">البيانات المفتوحة' in client.get(reverse("portal:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("artisans:directory")).content.decode()
    assert 'href="/api/v1/docs/">Données ouvertes' in page and 'href="/api/v1/openapi.json"' in page
