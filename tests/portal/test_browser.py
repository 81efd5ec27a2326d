"""Real-browser tests: Playwright driving Debian's Chromium against the live server.

The artisan's journey (sign-up with a demo CIN, e-mail verification, login, a change request, an exhibition
application), staff approving the change request in the admin, screenshots at 360 and 1280 px, and an axe-core
scan of the public pages. Without /usr/bin/chromium they are skipped with the reason; with
CHAMBER_REQUIRE_BROWSER set (CI) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from tests import csp
from tests.jobtools import send_queued_mail

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "portal"
AXE = Path(__file__).resolve().parents[1] / "fixtures" / "axe.min.js"
PASSWORD = "a long enough pass 42"
STAFF_PASSWORD = "correct horse battery 9"

# serialized_rollback: the flush after each test must give back the geography and roles that migrations load.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def browser(django_db_setup):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CHAMBER_REQUIRE_BROWSER"):
            pytest.fail(f"chromium is required (CHAMBER_REQUIRE_BROWSER is set) but {CHROMIUM} is missing")
        pytest.skip(f"chromium not installed: {CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's connections are context-local, and Playwright's greenlets give the tests a fresh context whose
    # connection lacks the database snapshot that serialized_rollback restores; carry it over (see `demo`).
    _SNAPSHOT.update(
        {
            c.alias: c._test_serialized_contents
            for c in connections.all()
            if hasattr(c, "_test_serialized_contents")
        }
    )

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        # From here on the tests run in Playwright's context: give its connections the snapshot now, before the
        # first test's database set-up restores from it (after an earlier transactional test emptied the tables).
        for alias, contents in _SNAPSHOT.items():
            connections[alias]._test_serialized_contents = contents
        yield csp.WatchedBrowser(instance)
        csp.pump()
        instance.close()


_SNAPSHOT: dict[str, str] = {}


@pytest.fixture
def _snapshot_for_rollback(browser, django_db_setup):
    from django.db import connections

    for alias, contents in _SNAPSHOT.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def demo(_snapshot_for_rollback, transactional_db, settings, live_server):
    """The demo data of every app, as `manage.py seed_demo` loads it."""
    from tests import dbsnapshot

    return dbsnapshot.whole_demo(settings, live_server)


def _demo_artisan():
    """A registered demo artisan with no account and no e-mail on file: their CIN and birth date match."""
    from artisans.models import Artisan

    return (
        Artisan.objects.filter(
            registration_status=Artisan.RegistrationStatus.REGISTERED, user__isnull=True, email=""
        )
        .exclude(birth_date=None)
        .order_by("pk")
        .first()
    )


def _path_of_last_link(pattern: str) -> str:
    send_queued_mail()
    body = mail.outbox[-1].body
    match = re.search(rf"https?://[^/\s]+({pattern}\S*)", body)
    assert match, body
    return match.group(1)


def test_an_artisan_signs_up_applies_and_staff_approve_the_change(browser, demo, registry_clerk):
    from portal.models import ChangeRequest

    base = demo
    artisan = _demo_artisan()
    email = "demo.artisan@example.invalid"
    page = browser.new_page(locale="ar-MA")

    # Sign-up with the demo CIN.
    page.goto(f"{base}/artisans/signup/")
    page.fill("#id_full_name", artisan.full_name)
    page.fill("#id_cin", artisan.cin.lower())
    page.fill("#id_birth_date", artisan.birth_date.isoformat())
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/artisans/signup/sent/")
    assert artisan.cin not in page.url

    # E-mail verification through the link in the outbox; with no e-mail on file, the CIN and birth date alone
    # open nothing: Registry approves the request, with the matching record proposed.
    page.goto(base + _path_of_last_link("/artisans/signup/verify/"))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("main >> text=بطاقتك الوطنية")
    artisan.refresh_from_db()
    assert artisan.user is None

    # Until then the account logs in to a waiting page: a box for a one-time code, nothing of the register.
    waiting = browser.new_page(locale="ar-MA")
    waiting.goto(f"{base}/login/")
    waiting.fill("#id_username", email)
    waiting.fill("#id_password", PASSWORD)
    waiting.click("form.form button[type=submit]")
    waiting.wait_for_url(f"{base}/")
    waiting.goto(f"{base}/artisans/me/")
    assert waiting.locator("#id_code").is_visible()
    shown = waiting.inner_text("main")
    assert artisan.full_name not in shown and artisan.cin not in shown
    assert artisan.address not in shown and artisan.phone[-6:] not in shown.replace(" ", "")
    waiting.close()

    from portal.models import RegistrationRequest

    registration = RegistrationRequest.objects.get(email=email)
    staff = browser.new_page(locale="ar-MA")
    staff.goto(f"{base}/admin/login/")
    staff.fill("#id_username", registry_clerk.username)
    staff.fill("#id_password", STAFF_PASSWORD)
    staff.click("input[type=submit]")
    staff.goto(f"{base}/admin/portal/registrationrequest/{registration.pk}/change/")
    staff.click("input[name=_approve]")
    staff.wait_for_selector(".messagelist .success")
    artisan.refresh_from_db()
    assert artisan.user is not None and artisan.user.email == email

    # Login, then the artisan's own record with the CIN masked.
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/artisans/me/")
    text = page.inner_text("main")
    assert artisan.full_name in text and artisan.cin not in text

    # A change request: the register keeps the old address until Registry approves.
    page.goto(f"{base}/artisans/me/changes/")
    page.select_option("#id_field", "address")
    page.fill("#id_new_value", "زنقة الياسمين 7، فاس")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("table >> text=زنقة الياسمين 7، فاس")
    change = ChangeRequest.objects.get(artisan=artisan)
    artisan.refresh_from_db()
    assert artisan.address != "زنقة الياسمين 7، فاس"

    # Applying to the open exhibition (the exhibitions app's own pages).
    from exhibitions.models import Application, Exhibition

    exhibition = Exhibition.objects.filter(status="call_open").order_by("pk").first()
    assert exhibition is not None, "the demo data has no open call"
    page.goto(f"{base}/exhibitions/{exhibition.pk}/apply/")
    page.fill("#id_products", "زرابي منسوجة يدويا")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/exhibitions/{exhibition.pk}/")
    assert Application.objects.filter(exhibition=exhibition, artisan=artisan).exists()

    # Staff approve the change request in the admin.
    staff.goto(f"{base}/admin/portal/changerequest/{change.pk}/change/")
    staff.click("input[name=_approve]")
    staff.wait_for_selector(".messagelist .success")
    artisan.refresh_from_db()
    assert artisan.address == "زنقة الياسمين 7، فاس"
    page.goto(f"{base}/artisans/me/changes/")
    assert "badge ok" in page.content()


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_home_and_directory(browser, demo, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="ar-MA")
    for name, path in (("home", "/"), ("directory", "/artisans/")):
        response = page.goto(demo + path)
        assert response.status == 200
        page.wait_for_load_state("networkidle")
        target = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        # Nothing sticks out sideways on a cheap phone.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
        # The bundled Arabic font is the one in use.
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'غرفة')")


AXE_PAGES = {
    "home": "/",
    "directory": "/artisans/",
    "exhibitions": "/exhibitions/",
    "sessions": "/sessions/",
    "login": "/login/",
    "signup": "/artisans/signup/",
}


def test_axe_finds_no_serious_or_critical_violation(browser, demo):
    # Injecting axe is an inline script, which the site's CSP rightly forbids; the scan context bypasses it.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="ar-MA")
    page = context.new_page()
    report = {}
    for name, path in AXE_PAGES.items():
        response = page.goto(demo + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        if violations:
            report[name] = violations
    context.close()
    assert report == {}


@pytest.mark.parametrize("width", [360, 1366])
def test_the_api_docs_render_every_operation_from_static_with_no_console_error(
    browser, _snapshot_for_rollback, transactional_db, live_server, width
):
    """Swagger UI comes from django-ninja's static files: it must draw the operations of the OpenAPI document,
    log no error, and fetch nothing from another host (no CDN)."""
    from urllib.parse import urlparse

    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def seen(request) -> None:
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob") and url.hostname not in ("127.0.0.1", "localhost"):
            elsewhere.append(request.url)

    page.on("request", seen)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/agreements/", "/api/v1/sessions/", "/api/v1/exhibitions.csv"} <= paths
    assert len(paths) >= 30
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"api-docs-{width}.png"), full_page=False)
    assert not errors, errors
    assert not elsewhere, elsewhere
    page.close()
