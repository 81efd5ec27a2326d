"""Content in another language than the page's keeps its own direction, and says which language it is in when
the page's language is missing (chamber_format's `translated` tag and `arabic` filters)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from chamber.models import Commune, Province
from portal import services
from portal.models import PublicProfile


@pytest.fixture(autouse=True)
def _language_left_as_found():
    """A request with the language cookie leaves its language active in this thread: later tests on the same
    worker would get French or English messages."""
    yield
    translation.deactivate()


def render(source: str, lang: str, **context) -> str:
    with translation.override(lang):
        return Template(source).render(Context(context))


def test_arabic_inside_a_french_page_is_isolated_right_to_left_and_left_alone_in_arabic():
    text = "صادقت الجمعية العامة بالإجماع."
    assert render("{{ t|arabic }}", "fr", t=text) == f'<bdi lang="ar" dir="rtl">{text}</bdi>'
    assert render("{{ t|arabic_block }}", "en", t=text) == f'<div lang="ar" dir="rtl">{text}</div>'
    assert render("{{ t|arabic }}", "ar", t=text) == text
    assert render("{{ t|arabic }}", "fr", t="<b>") == '<bdi lang="ar" dir="rtl">&lt;b&gt;</bdi>'


def test_a_number_range_in_arabic_text_reads_left_to_right_in_every_page():
    text = "برنامج التنمية الجهوية 2022–2027 (المحور 1.2–1.4)"
    isolated = 'برنامج التنمية الجهوية <bdi dir="ltr">2022–2027</bdi> (المحور <bdi dir="ltr">1.2–1.4</bdi>)'
    assert render("{{ t|arabic }}", "ar", t=text) == isolated
    assert render("{{ t|arabic_block }}", "fr", t=text) == f'<div lang="ar" dir="rtl">{isolated}</div>'
    programme = SimpleNamespace(programme_ar=text, programme_fr="", programme_en="")
    assert render('{% translated p "programme" %}', "en", p=programme).startswith(
        f'<bdi lang="ar" dir="rtl">{isolated}</bdi>'
    )
    # French text keeps its ranges as they are (left to right already), and markup stays escaped
    french = SimpleNamespace(programme_ar="", programme_fr="Programme 2022–2027 <b>", programme_en="")
    assert render('{% translated p "programme" %}', "fr", p=french) == "Programme 2022–2027 &lt;b&gt;"


def test_a_missing_translation_is_shown_in_the_fallback_language_with_a_note():
    exhibition = SimpleNamespace(
        title="Salon de Fès", title_ar="معرض فاس", title_fr="Salon de Fès", title_en=""
    )
    english = render('{% translated e "title" %}', "en", e=exhibition)
    assert (
        english == '<bdi lang="fr" dir="ltr">Salon de Fès</bdi> <small class="lang-note">(in French)</small>'
    )
    assert render('{% translated e "title" %}', "fr", e=exhibition) == "Salon de Fès"
    only_arabic = SimpleNamespace(title="معرض فاس", title_ar="معرض فاس", title_fr="", title_en="")
    french = render('{% translated e "title" %}', "fr", e=only_arabic)
    assert french.startswith('<bdi lang="ar" dir="rtl">معرض فاس</bdi>') and "(en arabe)" in french
    assert "(بالفرنسية)" in render(
        '{% translated e "title" %}', "ar", e=SimpleNamespace(title_ar="", title_fr="Fès", title_en="")
    )


@pytest.mark.django_db
def test_an_arabic_only_bio_on_a_french_profile_page_says_it_is_in_arabic(client, artisan_a, settings):
    services.artisan_set_public_profile(artisan=artisan_a, public=True)
    slug = PublicProfile.objects.get(artisan=artisan_a).slug
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("artisans:profile", args=[slug])).content.decode()
    assert (
        f'<div lang="ar" dir="rtl">{artisan_a.bio_ar}</div> <small class="lang-note">(en arabe)</small>'
        in html
    )


@pytest.mark.django_db
def test_a_commune_named_only_in_arabic_is_marked_as_arabic_and_english_names_are_used(
    client, artisan_a, settings
):
    fes = Province.objects.get(code="FES")
    commune = Commune.objects.create(
        province=fes, code="FES-TST", name="عين الشقف", name_ar="عين الشقف", name_fr="", name_en=""
    )
    Province.objects.filter(pk=fes.pk).update(name_en="Fez")
    artisan_a.commune = commune
    artisan_a.save(update_fields=["commune"])
    services.artisan_set_public_profile(artisan=artisan_a, public=True)
    profile_url = reverse("artisans:profile", args=[PublicProfile.objects.get(artisan=artisan_a).slug])
    in_arabic = '<bdi lang="ar" dir="rtl">عين الشقف</bdi> <small class="lang-note">({})</small> — {}'

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert in_arabic.format("en arabe", "Fès") in client.get(profile_url).content.decode()
    assert in_arabic.format("en arabe", "Fès") in client.get(reverse("artisans:directory")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert in_arabic.format("in Arabic", "Fez") in client.get(profile_url).content.decode()
    assert in_arabic.format("in Arabic", "Fez") in client.get(reverse("artisans:directory")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert "<dd>عين الشقف — فاس</dd>" in client.get(profile_url).content.decode()
