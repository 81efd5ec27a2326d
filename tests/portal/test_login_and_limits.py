"""Login, logout, password reset and change for artisans; the public forms are rate-limited per address."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from chamber import ratelimit
from tests.jobtools import send_queued_mail
from tests.portal.factories import PASSWORD


def test_an_artisan_logs_in_with_the_email_and_lands_on_the_home_page(client, artisan_a):
    response = client.post(reverse("portal:login"), {"username": artisan_a.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("artisans:me")).status_code == 200
    client.post(reverse("portal:logout"))
    assert client.get(reverse("artisans:me")).status_code == 302


def test_login_is_rate_limited_per_address_across_usernames(client, profile):
    limit, _ = ratelimit.LIMITS["login"]
    for n in range(limit):
        client.post(reverse("portal:login"), {"username": f"user{n}@example.invalid", "password": "wrong"})
    response = client.post(
        reverse("portal:login"), {"username": "other@example.invalid", "password": "wrong"}
    )
    assert response.status_code == 429
    assert "محاولات كثيرة" in response.content.decode()  # the branded page, in Arabic
    assert client.get(reverse("portal:login")).status_code == 200  # reading the form is never limited


def test_password_reset_is_rate_limited(client, artisan_a):
    limit, _ = ratelimit.LIMITS["password_reset"]
    for _n in range(limit):
        assert (
            client.post(reverse("portal:password_reset"), {"email": artisan_a.user.email}).status_code == 302
        )
    assert client.post(reverse("portal:password_reset"), {"email": artisan_a.user.email}).status_code == 429
    assert send_queued_mail() == limit
    assert len(mail.outbox) == limit


def test_password_reset_link_works_once(client, artisan_a):
    client.post(reverse("portal:password_reset"), {"email": artisan_a.user.email})
    send_queued_mail()
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "another long pass 77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.get(link, follow=True).context["validlink"] is False


def test_staff_are_held_to_a_longer_password(registry_clerk):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password("twelve chars", user=registry_clerk)
    except ValidationError:
        pass
    else:
        raise AssertionError("a 12-character password was accepted for staff")
    validate_password("twelve chars", user=type(registry_clerk)(username="x"))


def test_the_portal_login_locks_after_five_failures_with_the_arabic_page(client, artisan_a):
    for _ in range(4):
        client.post(reverse("portal:login"), {"username": artisan_a.user.email, "password": "wrong"})
    response = client.post(reverse("portal:login"), {"username": artisan_a.user.email, "password": "wrong"})
    assert response.status_code == 429
    assert "محاولات دخول فاشلة كثيرة" in response.content.decode()
