"""django-axes: 5 failed logins for one user and IP lock the account for 15 minutes, answering 429 in Arabic."""

from django.urls import reverse


def test_five_failures_lock_the_account_with_an_arabic_429(client, registry_clerk, profile, settings):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == 0.25
    url = reverse("admin:login")
    for _ in range(4):
        response = client.post(url, {"username": "registry.clerk", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": "registry.clerk", "password": "wrong"})
    assert response.status_code == 429
    assert "محاولات دخول فاشلة كثيرة" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "registry.clerk", "password": "correct horse battery 9"})
    assert response.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, registry_clerk, profile):
    url = reverse("admin:login")
    for _ in range(4):
        client.post(url, {"username": "registry.clerk", "password": "wrong"})
    response = client.post(url, {"username": "registry.clerk", "password": "correct horse battery 9"})
    assert response.status_code == 302
