"""Sign-up matched to the register: the same message whatever the CIN, e-mail verification with expiring links."""

from __future__ import annotations

import contextlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client as client_class
from django.urls import reverse

from chamber.mail import MailNotSent
from portal.models import RegistrationRequest
from tests.jobtools import send_queued_mail
from tests.portal.factories import ArtisanFactory, UserFactory

PASSWORD = "a long enough pass 42"


def _signup(client, django_capture_on_commit_callbacks, **overrides):
    data = {
        "full_name": "خديجة المنصوري",
        "cin": "ab123456",
        "birth_date": "1980-05-01",
        "email": "Khadija@Example.invalid",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("artisans:signup"), data, follow=True)
    with contextlib.suppress(MailNotSent):  # a refusal is recorded on the outbox row, and retried by the job
        send_queued_mail()
    return response


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _link_from_outbox() -> str:
    assert mail.outbox, "no e-mail was sent"
    match = re.search(r"https?://\S+/signup/verify/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _verify(client, link):
    page = client.get(link)
    assert page.status_code == 200
    return client.post(link)


@pytest.fixture
def registered(profile):
    return ArtisanFactory(
        cin="AB123456",
        birth_date="1980-05-01",
        email="",
        full_name="خديجة المنصوري",
        address="درب الحرة 12، فاس",
    )


def test_it_shows_the_same_page_whether_or_not_the_cin_is_in_the_register(
    client, registered, django_capture_on_commit_callbacks
):
    known = _signup(client, django_capture_on_commit_callbacks)
    unknown = _signup(
        client, django_capture_on_commit_callbacks, cin="ZZ999999", email="someone.else@example.invalid"
    )
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == [(reverse("artisans:signup_sent"), 302)]
    assert unknown.redirect_chain == [(reverse("artisans:signup_sent"), 302)]
    assert _without_csrf(known) == _without_csrf(unknown)
    assert len(mail.outbox) == 2


def test_it_links_the_account_at_once_when_the_register_holds_the_same_email(
    client, registered, django_capture_on_commit_callbacks
):
    registered.email = "khadija@example.invalid"
    registered.save(update_fields=["email"])
    _signup(client, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(email="khadija@example.invalid")
    assert not user.is_active
    link = _link_from_outbox()
    assert "AB123456" not in link and "ab123456" not in link.lower()
    response = _verify(client, link)
    assert response.status_code == 200
    registered.refresh_from_db()
    user.refresh_from_db()
    assert registered.user == user and user.is_active
    assert RegistrationRequest.objects.get().status == RegistrationRequest.Status.LINKED
    login = client.post(
        reverse("portal:login"), {"username": "khadija@example.invalid", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_cin_and_birth_date_alone_open_nothing_until_registry_approves(
    client, registered, registry_clerk, django_capture_on_commit_callbacks
):
    # The CIN and the birth date are on many papers: with no e-mail on file, they are not enough to open the record.
    _signup(client, django_capture_on_commit_callbacks)
    page = _verify(client, _link_from_outbox())
    assert "national identity card" in page.content.decode() or "بطاقتك الوطنية" in page.content.decode()
    request = RegistrationRequest.objects.get()
    registered.refresh_from_db()
    assert request.status == RegistrationRequest.Status.PENDING and registered.user is None
    assert request.artisan == registered  # proposed to Registry, not linked
    # The account may log in, to its waiting page: no phone, no address, no consent switch, no change requests.
    login = client.post(
        reverse("portal:login"), {"username": "khadija@example.invalid", "password": PASSWORD}
    )
    assert login.status_code == 302
    waiting = client.get(reverse("artisans:me"))
    shown = re.sub(r"<[^>]+>", " ", waiting.content.decode())
    assert waiting.status_code == 200 and reverse("artisans:code_enter") in waiting.content.decode()
    for personal in (registered.phone[-8:], "06 12", registered.address, "AB123456", "1980"):
        assert personal and personal not in shown, personal
    assert reverse("artisans:consent") not in waiting.content.decode()
    for page in ("artisans:records", "artisans:change_list", "artisans:my_profile"):
        assert client.get(reverse(page)).status_code == 403
    client.logout()

    staff = client_class()
    staff.force_login(registry_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:portal_registrationrequest_change", args=[request.pk]),
            {"artisan": registered.pk, "decision_reason": "", "_approve": "1"},
        )
    registered.refresh_from_db()
    assert registered.user == request.user
    login = client.post(
        reverse("portal:login"), {"username": "khadija@example.invalid", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_it_queues_a_request_for_registry_when_nothing_matches(
    client, registered, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks, birth_date="1981-05-01")
    _verify(client, _link_from_outbox())
    request = RegistrationRequest.objects.get()
    assert request.status == RegistrationRequest.Status.PENDING
    registered.refresh_from_db()
    assert registered.user is None and request.artisan is None
    # Nothing proposed: no code can be sent by SMS, and the account's page shows nothing of the register.
    client.force_login(request.user)
    page = client.get(reverse("artisans:me")).content.decode()
    assert reverse("artisans:code_sms") not in page and registered.address not in page


def test_it_does_not_link_a_record_whose_email_is_someone_elses(
    client, profile, django_capture_on_commit_callbacks
):
    record = ArtisanFactory(cin="AB123456", birth_date="1980-05-01", email="owner@example.invalid")
    _signup(client, django_capture_on_commit_callbacks)
    _verify(client, _link_from_outbox())
    record.refresh_from_db()
    assert record.user is None
    assert RegistrationRequest.objects.get().status == RegistrationRequest.Status.PENDING


def test_it_refuses_an_expired_link(client, registered, settings, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    link = _link_from_outbox()
    settings.ACCOUNT_VERIFICATION_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 400
    registered.refresh_from_db()
    assert registered.user is None


def test_it_refuses_a_link_used_twice_or_forged(client, registered, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    link = _link_from_outbox()
    assert _verify(client, link).status_code == 200
    assert client.post(link).status_code == 400
    assert client.get(reverse("artisans:verify", args=["forged-token"])).status_code == 400


def test_it_tells_the_owner_by_email_when_the_address_already_has_an_account(
    client, profile, django_capture_on_commit_callbacks
):
    UserFactory(username="khadija@example.invalid", email="khadija@example.invalid")
    response = _signup(client, django_capture_on_commit_callbacks)
    assert response.redirect_chain == [(reverse("artisans:signup_sent"), 302)]
    assert RegistrationRequest.objects.count() == 0
    assert len(mail.outbox) == 1 and "/password/reset/" in mail.outbox[0].body


def test_it_applies_the_password_validators(client, profile, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks, password1="short1", password2="short1")
    assert response.status_code == 200
    assert RegistrationRequest.objects.count() == 0
    assert response.context["form"].errors["password1"]


def test_it_rejects_a_malformed_cin(client, profile, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks, cin="123")
    assert "cin" in response.context["form"].errors
    assert RegistrationRequest.objects.count() == 0


def test_it_rate_limits_sign_up(client, profile, settings, django_capture_on_commit_callbacks):
    from chamber import ratelimit

    limit, _ = ratelimit.LIMITS["signup"]
    for n in range(limit):
        _signup(client, django_capture_on_commit_callbacks, email=f"n{n}@example.invalid")
    response = client.post(reverse("artisans:signup"), {"email": "late@example.invalid"})
    assert response.status_code == 429
    assert RegistrationRequest.objects.count() == limit


def test_no_cin_reaches_a_log_line_or_a_url(client, registered, caplog, django_capture_on_commit_callbacks):
    caplog.set_level("DEBUG")
    response = _signup(client, django_capture_on_commit_callbacks)
    link = _link_from_outbox()
    _verify(client, link)
    urls = [url for url, _status in response.redirect_chain] + [link]
    assert not any("AB123456" in url.upper() for url in urls)
    assert not any("AB123456" in record.getMessage().upper() for record in caplog.records)


def test_a_mail_server_that_refuses_never_breaks_the_sign_up(
    client, profile, settings, django_capture_on_commit_callbacks
):
    from chamber.models import OutboxMail
    from tests import mailbackends

    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingBackend"
    mailbackends.REFUSED.add("khadija@example.invalid")
    try:
        response = _signup(client, django_capture_on_commit_callbacks)
    finally:
        mailbackends.REFUSED.clear()
    assert response.redirect_chain == [(reverse("artisans:signup_sent"), 302)]
    assert RegistrationRequest.objects.count() == 1
    outgoing = OutboxMail.objects.get()
    assert outgoing.state != OutboxMail.State.SENT and "550" in outgoing.error
