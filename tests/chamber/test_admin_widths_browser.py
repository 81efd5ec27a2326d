"""Every admin list and change form fits a 1366 px window: Chromium (Playwright) opens each registered model's
changelist and the change form of its first record (its add form when the demo has none and adding is allowed), as a
superuser on the demo data, in Arabic (and every list again in French, whose headers are longer), and fails on any
page wider than the window, or on a list whose table is wider than its box (columns hidden behind a sideways scroll);
those pages are saved as screenshots in test-artifacts/admin-widths/."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "admin-widths"
WIDTH = 1366
PASSWORD = "correct horse battery 9"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _admin_pages(user) -> list[str]:
    """The changelist of every registered model, and a change form (or the add form) of each."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import reverse

    request = RequestFactory().get("/admin/")
    request.user = user
    pages = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        elif model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
    return pages


def test_every_admin_list_and_change_form_fits_the_window(chromium, live_server, django_user_model, settings):
    from portal.demo import demo_seed

    settings.SITE_URL = live_server.url
    demo_seed()
    user = django_user_model.objects.create_superuser("it.karim", "it@example.invalid", PASSWORD)
    pages = _admin_pages(user)
    assert len(pages) >= 80, pages  # every model's list, and nearly every model's form

    context = chromium.new_context(locale="ar", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "it.karim")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    too_wide, hidden_columns, not_shown = {}, {}, {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lists = [path for path in pages if not path.endswith(("/change/", "/add/"))]
    for lang, path in [("ar", path) for path in pages] + [("fr", path) for path in lists]:
        context.add_cookies([{"name": "chamber_language", "value": lang, "url": live_server.url}])
        response = page.goto(f"{live_server.url}{path}")
        path = f"{path} ({lang})"
        if response is None or response.status != 200:
            not_shown[path] = response.status if response else None
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        results = page.evaluate(
            "(() => { const box = document.querySelector('#changelist .results');"
            " return box ? [box.scrollWidth, box.clientWidth] : null; })()"
        )
        if width > WIDTH:
            too_wide[path] = width
        if results and results[0] > results[1] + 1:
            hidden_columns[path] = f"{results[0]} px in {results[1]} px"
        if width > WIDTH or path in hidden_columns:
            name = path.strip("/").replace("/", "-").replace(" (", "-").rstrip(")")
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert not not_shown, not_shown
    assert not too_wide, f"wider than {WIDTH} px: {too_wide}"
    assert not hidden_columns, f"lists whose columns do not fit: {hidden_columns}"
