"""The admin's calendar pop-up in Arabic, in a real browser (Playwright with Debian's Chromium): the twelve months
by their Moroccan names, and the seven day columns, Sunday's included, inside the calendar's box. Screenshots go to
test-artifacts/chamber/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chamber.test_admin_dates import MASHRIQ, MOROCCAN

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "chamber"
PASSWORD = "correct horse battery 9"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(chromium, base: str, username: str, *, width: int):
    page = chromium.new_context(locale="ar", viewport={"width": width, "height": 800}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


# Both ends of an element are what the page shows at those points (not clipped, covered or off screen).
VISIBLE = """el => {
    const r = el.getBoundingClientRect(), y = r.top + r.height / 2;
    return [r.left + 1, r.right - 1].every(x => el.contains(document.elementFromPoint(x, y)));
}"""


def _outside(box: dict, cell: dict) -> bool:
    return cell["x"] < box["x"] - 0.5 or cell["x"] + cell["width"] > box["x"] + box["width"] + 0.5


@pytest.mark.parametrize("width", [1366, 800])
def test_the_calendar_names_moroccan_months_and_shows_sunday_whole(chromium, live_server, secretary, width):
    page = _login(chromium, live_server.url, secretary.username, width=width)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/meetings/session/add/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("#calendarlink0")
    calendar = page.locator("#calendarbox0")
    calendar.wait_for(state="visible")
    # Measured as it opens, before anything scrolls the page.
    opened = calendar.bounding_box()
    assert opened["x"] >= 0 and opened["x"] + opened["width"] <= width, (width, opened)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"calendar-{width}.png"))

    captions = []
    for _month in range(12):
        captions.append(calendar.locator("caption").inner_text().strip())
        box = calendar.bounding_box()
        cells = calendar.locator("table th, table td")
        assert cells.count() >= 7 * 5
        clipped = [cell.inner_text() for cell in cells.all() if _outside(box, cell.bounding_box())]
        assert not clipped, (captions[-1], clipped)
        # The box itself inside the window (Django's right-to-left placement put it off the left edge at 800 px).
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        # Monday first (FIRST_DAY_OF_WEEK = 1): Sunday is the last column, drawn leftmost in Arabic.
        sunday = calendar.locator("table tr").first.locator("th").last
        assert sunday.inner_text().strip(), "the Sunday header is empty"
        assert sunday.evaluate("th => th.scrollWidth <= th.clientWidth"), "the Sunday header is cut"
        assert sunday.evaluate(VISIBLE), "the Sunday header is hidden"
        calendar.locator(".calendarnav-next").click()
    words = {word for caption in captions for word in caption.split()}
    assert set(MOROCCAN) <= words, captions
    assert not words & set(MASHRIQ), captions
    assert not errors, errors
