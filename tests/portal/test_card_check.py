"""The public card check (issue 16 item 5): four states, each with its own colour, icon and words in Arabic,
French and English, the check's date and time; a struck-off or suspended registration is never shown as valid;
a bad token of any shape answers 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from artisans import services
from artisans.models import Artisan, ProfessionalCard
from tests.artisans.factories import ArtisanFactory

R = Artisan.RegistrationStatus

# What each state must say, in each language, and what must not appear for the others.
VERDICTS = {
    "en": {
        "valid": "VALID",
        "expired": "NOT VALID: expired",
        "suspended": "NOT VALID: suspended",
        "struck_off": "NOT VALID: struck off the register",
    },
    "fr": {
        "valid": "VALIDE",
        "expired": "NON VALIDE : expirée",
        "suspended": "NON VALIDE : suspendue",
        "struck_off": "NON VALIDE : radié du registre",
    },
    "ar": {
        "valid": "صالحة",
        "expired": "غير صالحة: منتهية الصلاحية",
        "suspended": "غير صالحة: موقوفة",
        "struck_off": "غير صالحة: مشطب عليه من السجل",
    },
}


@pytest.fixture
def card(profile):
    artisan = ArtisanFactory(full_name="فاطمة الزهراء بناني", cin="CD123456")
    return services.card_issue(artisan=artisan, issued_on=timezone.localdate() - dt.timedelta(days=30))


def _make(card: ProfessionalCard, state: str) -> None:
    if state == "expired":
        ProfessionalCard.objects.filter(pk=card.pk).update(
            issued_on=dt.date(2019, 1, 1), expires_on=timezone.localdate() - dt.timedelta(days=1)
        )
    elif state == "suspended":
        services.card_suspend(card=card, reason="تصريح خاطئ")
    elif state == "struck_off":
        Artisan.objects.filter(pk=card.artisan_id).update(registration_status=R.STRUCK_OFF)


def _check(client, card, lang):
    client.cookies["chamber_language"] = lang
    response = client.get(reverse("artisans:card_verify", kwargs={"token": card.token}))
    assert response.status_code == 200
    return response, response.content.decode()


def _verdict(html: str) -> str:
    return re.search(r'<p class="card-check-verdict">(.*?)</p>', html).group(1)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("state", ["valid", "expired", "suspended", "struck_off"])
def test_each_state_has_its_own_colour_icon_and_words(client, card, state, lang):
    _make(card, state)
    response, html = _check(client, card, lang)
    assert response.context["state"] == state
    assert f'class="card-check card-check-{state}"' in html
    assert _verdict(html) == VERDICTS[lang][state]
    # one icon per state: the SVG drawn differs
    icons = {
        "valid": "M6.5 12.5l3.5 3.5 7.5-8",
        "expired": "M12 6v6.5l4 2.5",
        "suspended": "M9 7v10M15 7v10",
        "struck_off": "M7.5 7.5l9 9",
    }
    for other, path in icons.items():
        assert (path in html) == (other == state)
    assert response["Cache-Control"] == "no-store"


def test_the_four_states_have_four_different_colours(settings):
    css = (settings.BASE_DIR / "static/css/portal.css").read_text(encoding="utf-8")
    colours = {
        state: re.search(
            rf"\.card-check-{state} {{ color: (#[0-9a-f]{{6}}); background: (#[0-9a-f]{{6}})", css
        ).groups()
        for state in ("valid", "expired", "suspended", "struck_off")
    }
    assert len({c for c, _ in colours.values()}) == 4
    assert len({b for _, b in colours.values()}) == 4


def test_the_check_shows_its_date_and_time(client, card):
    now = timezone.localtime()
    _, html = _check(client, card, "en")
    words = re.search(r'<p class="card-check-when">(.*?)</p>', html).group(1)
    assert words.startswith(f"Checked on {now.day} ")
    assert re.search(r"at \d\d:\d\d \(Morocco time\)", words)


@pytest.mark.parametrize("registration", [R.STRUCK_OFF, R.SUSPENDED, R.PENDING])
def test_a_valid_card_of_a_holder_not_registered_is_not_valid(client, card, registration):
    assert card.status == ProfessionalCard.Status.VALID and card.effective_status == "valid"
    Artisan.objects.filter(pk=card.artisan_id).update(registration_status=registration)
    for lang in ("ar", "fr", "en"):
        response, html = _check(client, card, lang)
        assert response.context["state"] != "valid"
        assert _verdict(html) != VERDICTS[lang]["valid"]
        assert "card-check-valid" not in html
    _, html = _check(client, card, "en")
    expected = "struck off" if registration == R.STRUCK_OFF else "registration is not current"
    assert expected in html


def test_struck_off_weighs_more_than_an_expired_or_suspended_card(client, card):
    services.card_suspend(card=card, reason="سبب")
    Artisan.objects.filter(pk=card.artisan_id).update(registration_status=R.STRUCK_OFF)
    response, _ = _check(client, card, "en")
    assert response.context["state"] == "struck_off"


@pytest.mark.parametrize(
    "path",
    [
        "/artisans/card/%00/",
        "/artisans/card/abc%00def/",
        "/artisans/card/" + "%00" * 40 + "/",
        "/artisans/card/" + "a" * 5000 + "/",
        "/artisans/card/%FF%FE/",
        "/artisans/card/%C3%A9%D8%A8%F0%9F%98%80/",
        "/artisans/card/'%20OR%201=1--/",
        "/artisans/card/%0A%0D/",
        "/artisans/card/..%2F..%2Fetc/",
        "/artisans/card/%25/",
        "/artisans/card/%20/",
        "/artisans/card/" + "x" * 32 + "/",
    ],
)
def test_bad_tokens_of_any_shape_answer_404(client, card, path):
    assert client.get(path).status_code == 404
