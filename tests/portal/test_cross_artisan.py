"""Artisan A, logged in, asks for every artisan-owned URL of artisan B: each answers 404 and nothing changes."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from artisans.models import Artisan, ProfessionalCard
from portal import services as account_services
from portal.models import ChangeRequest


def _snapshot():
    from exhibitions.models import Application

    return (
        list(Application.objects.order_by("pk").values()),
        list(Artisan.objects.order_by("pk").values()),
        list(ChangeRequest.objects.order_by("pk").values()),
        list(ProfessionalCard.objects.order_by("pk").values()),
    )


def _urls_of_b(artisan_b) -> list[tuple[str, str]]:
    from artisans.services import card_issue

    card = card_issue(artisan=artisan_b, issued_on=dt.date.today())
    change = account_services.change_request_submit(artisan=artisan_b, field="address", value="زنقة 9، صفرو")
    urls = [
        ("get", reverse("artisans:card_download", args=[card.pk])),
        ("get", reverse("artisans:change_detail", args=[change.pk])),
        ("post", reverse("artisans:change_withdraw", args=[change.pk])),
    ]
    # The exhibitions app's withdraw page is per exhibition and acts on the caller's own application only.
    from exhibitions import services as exhibition_services
    from tests.exhibitions.factories import ExhibitionFactory

    exhibition = ExhibitionFactory()
    exhibition_services.application_submit(exhibition=exhibition, artisan=artisan_b, products="زرابي")
    urls.append(("post", reverse("exhibitions:withdraw", args=[exhibition.pk])))
    return urls


def test_artisan_a_gets_404_on_every_url_owned_by_artisan_b(client_a, artisan_a, artisan_b):
    urls = _urls_of_b(artisan_b)
    before = _snapshot()
    for method, url in urls:
        response = getattr(client_a, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert _snapshot() == before


def test_my_pages_show_only_my_own_data(client_a, artisan_a, artisan_b):
    account_services.change_request_submit(artisan=artisan_b, field="address", value="زنقة 9، صفرو")
    for name in ("artisans:me", "artisans:records", "artisans:change_list"):
        page = client_a.get(reverse(name)).content.decode()
        assert artisan_b.full_name not in page
        assert "زنقة 9، صفرو" not in page
