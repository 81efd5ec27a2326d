"""No page of the admin carries what the Content-Security-Policy blocks (no 'unsafe-inline'): inline style
attributes, inline event handlers, inline scripts. Walks the index, every list, every add form and every export
page a superuser can open."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", re.IGNORECASE)


def _blocked(html: str) -> list[str]:
    found = []
    for name, pattern in (("style", INLINE_STYLE), ("handler", INLINE_HANDLER), ("script", INLINE_SCRIPT)):
        for match in pattern.finditer(html):
            found.append(f"{name}: {html[match.start() : match.start() + 120]!r}")
    # JSON data blocks are not run, so the policy lets them be.
    return [f for f in found if 'type="application/json"' not in f]


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        for name in ("changelist", "add", "export"):
            try:
                pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}"))
            except NoReverseMatch:
                continue
    return pages


@pytest.fixture
def superuser_client(client, django_user_model, profile):
    client.force_login(
        django_user_model.objects.create_superuser(
            "root.csp", "root@example.invalid", "correct horse battery 9"
        )
    )
    return client


def test_the_export_page_has_nothing_the_policy_blocks(superuser_client):
    html = superuser_client.get(reverse("admin:artisans_artisan_export")).content.decode()
    assert "select-all-toggle" in html  # the page under test, with its select-all switch
    assert _blocked(html) == []


def test_no_admin_page_has_anything_the_policy_blocks(superuser_client):
    blocked = {}
    for url in _admin_pages():
        response = superuser_client.get(url)
        if response.status_code != 200:
            continue
        found = _blocked(response.content.decode())
        if found:
            blocked[url] = found[:3]
    assert blocked == {}, "\n".join(f"{url}: {found}" for url, found in blocked.items())


@pytest.mark.parametrize(
    "name", ["portal:home", "artisans:directory", "portal:login", "artisans:signup", "portal:password_reset"]
)
def test_no_public_page_has_anything_the_policy_blocks(client, profile, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _blocked(response.content.decode()) == []
