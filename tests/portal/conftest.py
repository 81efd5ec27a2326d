"""Fixtures of the portal tests: two artisans with accounts, and a client logged in as each."""

from __future__ import annotations

import pytest

from tests.portal.factories import PASSWORD, linked_artisan


@pytest.fixture
def artisan_a(profile):
    return linked_artisan(full_name="أمينة البقالي", full_name_latin="BEKKALI Amina")


@pytest.fixture
def artisan_b(profile):
    return linked_artisan(full_name="يوسف الإدريسي", full_name_latin="IDRISSI Youssef", sex="male")


def _login(client, artisan):
    assert client.login(request=None, username=artisan.user.username, password=PASSWORD)
    return client


@pytest.fixture
def client_a(client, artisan_a):
    client.force_login(artisan_a.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


__all__ = ["PASSWORD", "_login"]
