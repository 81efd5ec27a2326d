"""Two staff open the same artisan in two browsers and both save: the second sees who changed what, keeps their
input on screen, and nothing of the first save is lost (Playwright with Debian's Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "chamber"
STAFF_PASSWORD = "correct horse battery 9"

# serialized_rollback: the flush after the test must give back the geography and roles that migrations load.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _staff_page(chromium, base: str, username: str):
    page = chromium.new_context(locale="ar").new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


def test_two_stale_saves_of_one_artisan_show_one_conflict_and_lose_nothing(
    chromium, live_server, django_user_model, profile
):
    from django.contrib.auth.models import Group

    from artisans.models import Artisan
    from chamber import roles
    from tests.artisans.factories import ArtisanFactory

    registry = Group.objects.get(name=roles.REGISTRY)
    for username in ("clerk.amina", "clerk.youssef"):
        user = django_user_model.objects.create_user(
            username=username, password=STAFF_PASSWORD, is_staff=True
        )
        user.groups.add(registry)
    artisan = ArtisanFactory(address="فاس", full_name="فاطمة العلوي")
    url = f"{live_server.url}/admin/artisans/artisan/{artisan.pk}/change/"

    first = _staff_page(chromium, live_server.url, "clerk.amina")
    second = _staff_page(chromium, live_server.url, "clerk.youssef")
    first.goto(url)
    second.goto(url)  # both forms are open on version 1

    first.fill("#id_address", "درب الحرة 12، فاس")
    with first.expect_navigation():
        first.click("input[name=_save]")
    assert "/change/" not in first.url  # saved, back on the list

    second.fill("#id_full_name", "فاطمة الزهراء العلوي")
    with second.expect_navigation():
        second.click("input[name=_save]")
    error = second.locator(".errornote, ul.errorlist.nonfield")
    assert error.count() >= 1
    text = second.locator("ul.errorlist.nonfield").inner_text()
    assert "clerk.amina" in text  # who changed it
    assert "العنوان" in text  # what they changed, by its Arabic label
    assert second.input_value("#id_full_name") == "فاطمة الزهراء العلوي"  # the input stays on screen
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=str(ARTIFACTS / "version-conflict.png"), full_page=False)

    artisan = Artisan.objects.get(pk=artisan.pk)
    assert artisan.address == "درب الحرة 12، فاس"  # 0 lost updates
    assert artisan.full_name == "فاطمة العلوي"  # the stale save did not go through
    assert artisan.version == 2
