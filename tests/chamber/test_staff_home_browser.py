"""The staff home in a browser at 1366 px (Playwright with Debian's Chromium): a Secretariat-only and a Registry-only
user log in, land on their office's cards with the right counts and nothing wider than the window; screenshots go
to test-artifacts/chamber/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chamber.test_staff_home import registry_data, secretariat_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "chamber"
STAFF_PASSWORD = "correct horse battery 9"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(chromium, base: str, username: str):
    page = chromium.new_context(locale="ar", viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


def _cards(page) -> dict[str, int]:
    cards = {}
    for card in page.locator("li.card").all():
        cards[card.locator(".card-title").inner_text().strip()] = int(
            card.locator(".card-count").inner_text()
        )
    return cards


def test_a_secretary_and_a_registry_clerk_land_on_their_offices_cards(
    chromium, live_server, django_user_model, profile
):
    from django.contrib.auth.models import Group

    from chamber import roles
    from tests.artisans.factories import ArtisanFactory

    secretariat_data()
    registry_data()
    for username, role in (
        ("sec.karima", roles.SECRETARIAT),
        ("reg.hamid", roles.REGISTRY),
        ("dir.samira", roles.MANAGEMENT),
    ):
        user = django_user_model.objects.create_user(
            username=username, password=STAFF_PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page = _login(chromium, live_server.url, "sec.karima")
    assert page.url.rstrip("/").endswith("/admin")
    assert page.locator("section.staff-home-office").evaluate_all("s => s.map(e => e.dataset.office)") == [
        "Secretariat"
    ]
    assert _cards(page) == {
        "دورات يجب استدعاؤها": 2,
        "محاضر يجب تحريرها أو المصادقة عليها": 3,
        "مقررات يجب تعليقها بمقر الغرفة": 3,
        "توصيات مفتوحة تجاوزت أجلها": 1,
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(ARTIFACTS / "home-secretariat.png"), full_page=True)
    with page.expect_navigation():
        page.click("text=مقررات يجب تعليقها بمقر الغرفة")
    assert page.locator("#result_list tbody tr").count() == 3

    page = _login(chromium, live_server.url, "reg.hamid")
    assert page.locator("section.staff-home-office").evaluate_all("s => s.map(e => e.dataset.office)") == [
        "Registry"
    ]
    cards = _cards(page)
    assert cards["بطاقات مهنية تنتهي صلاحيتها خلال 60 يومًا"] == 2
    assert cards["طلبات تغيير يجب البت فيها"] == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(ARTIFACTS / "home-registry.png"), full_page=True)

    # The phone in the artisan's form: national form, left to right.
    artisan = ArtisanFactory(phone="+212612345678")
    page.goto(f"{live_server.url}/admin/artisans/artisan/{artisan.pk}/change/")
    phone = page.locator("#id_phone")
    assert phone.input_value() == "06 12 34 56 78"
    assert phone.evaluate("e => getComputedStyle(e).direction") == "ltr"
    phone.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "artisan-phone.png"), full_page=False)
    page.goto(f"{live_server.url}/admin/artisans/artisan/import/")
    page.screenshot(path=str(ARTIFACTS / "artisan-import.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/artisans/artisan/statistics/")
    assert page.locator(".stats-section svg.bar").count() >= 5  # charts drawn on the server, no script
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(ARTIFACTS / "statistics.png"), full_page=True)

    page = _login(chromium, live_server.url, "dir.samira")
    offices = page.locator("section.staff-home-office").evaluate_all("s => s.map(e => e.dataset.office)")
    assert offices == ["Secretariat", "Registry", "Partnerships", "Exhibitions"]
    assert page.locator(".figure").count() >= 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(ARTIFACTS / "home-management.png"), full_page=True)
