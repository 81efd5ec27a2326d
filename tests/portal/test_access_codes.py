"""The second factor of a sign-up without the register's e-mail: a one-time code printed on Registry's letter, or
sent by SMS to the register's phone; entered on the waiting account's page, it links the account at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from artisans.models import Artisan
from chamber import sms
from portal import services
from portal.models import AccessCode, RegistrationRequest
from tests.pdftools import pdf_text
from tests.portal.factories import ArtisanFactory

PASSWORD = "a long enough pass 42"
PHONE = "+212661234578"


@pytest.fixture
def record(profile):
    return ArtisanFactory(
        cin="AB123456", birth_date="1980-05-01", email="", full_name="خديجة المنصوري", phone=PHONE,
        address="درب الحرة 12، فاس",
    )  # fmt: skip


@pytest.fixture
def pending(record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_submit(
            cin="AB123456", birth_date="1980-05-01", full_name="خديجة المنصوري",
            email="khadija@example.invalid", password=PASSWORD,
        )  # fmt: skip
    registration = RegistrationRequest.objects.get()
    services.signup_verify(token=services.signup_token(registration=registration))
    registration.refresh_from_db()
    assert registration.status == RegistrationRequest.Status.PENDING and registration.artisan == record
    return registration


@pytest.fixture
def artisan_client(client, pending):
    # A waiting account may log in (to its waiting page only).
    login = client.post(
        reverse("portal:login"), {"username": "khadija@example.invalid", "password": PASSWORD}
    )
    assert login.status_code == 302
    return client


def _print_letter(client, registry_clerk, registration):
    client.force_login(registry_clerk)
    response = client.post(reverse("admin:portal_registrationrequest_code_letter", args=[registration.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _code_in(pdf: bytes) -> str:
    match = re.search(r"\b([A-Z0-9]{5}-[A-Z0-9]{5})\b", pdf_text(pdf))
    assert match, pdf_text(pdf)
    return match.group(1)


def _sent_sms_code() -> str:
    assert sms.outbox, "no SMS was sent"
    match = re.search(r"\b(\d{6})\b", sms.outbox[-1].body)
    assert match, sms.outbox[-1].body
    return match.group(1)


def _request_sms(artisan_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        artisan_client.post(reverse("artisans:code_sms"))
    # What the queued job runs (tests/jobtools.run_jobs runs the queue itself elsewhere).
    for code in AccessCode.objects.filter(kind=AccessCode.Kind.SMS, sent_at__isnull=True):
        services.access_code_sms_send(code_id=code.pk)


def test_the_waiting_page_shows_nothing_of_the_register(artisan_client, record):
    page = artisan_client.get(reverse("artisans:me"))
    text = page.content.decode()
    assert page.status_code == 200
    assert reverse("artisans:code_enter") in text
    for personal in ("0661", "66 12", "78", "درب الحرة", "AB123456", "1980", record.full_name):
        assert personal not in re.sub(r"<[^>]+>", " ", text).replace("csrfmiddlewaretoken", ""), personal
    assert reverse("artisans:consent") not in text
    assert artisan_client.get(reverse("artisans:records")).status_code == 403
    assert artisan_client.get(reverse("artisans:change_list")).status_code == 403


def test_registrys_letter_carries_a_code_that_links_the_account_at_once(
    client, artisan_client, pending, record, registry_clerk
):
    from django.test import Client

    staff = Client()
    pdf = _print_letter(staff, registry_clerk, pending)
    text = pdf_text(pdf)
    assert "خديجة المنصوري" in text and "رمز" in text
    code = _code_in(pdf)
    stored = AccessCode.objects.get()
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    response = artisan_client.post(reverse("artisans:code_enter"), {"code": code.lower()}, follow=True)
    pending.refresh_from_db()
    record.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.CODE
    assert record.user_id == pending.user_id
    assert "درب الحرة" in artisan_client.get(reverse("artisans:me")).content.decode()
    assert response.status_code == 200
    # Single use: the same code does nothing for anyone afterwards.
    stored.refresh_from_db()
    assert stored.used_at is not None


def test_a_new_letter_cancels_the_previous_code(client, artisan_client, pending, record, registry_clerk):
    from django.test import Client

    staff = Client()
    first = _code_in(_print_letter(staff, registry_clerk, pending))
    _print_letter(staff, registry_clerk, pending)
    response = artisan_client.post(reverse("artisans:code_enter"), {"code": first})
    assert response.status_code == 200 and "code" in response.context["code_form"].errors
    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.PENDING and pending.code_failures == 1


def test_an_expired_letter_code_is_refused(artisan_client, pending, registry_clerk, settings):
    from django.test import Client

    code = _code_in(_print_letter(Client(), registry_clerk, pending))
    AccessCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    artisan_client.post(reverse("artisans:code_enter"), {"code": code})
    pending.refresh_from_db()
    assert (
        pending.status == RegistrationRequest.Status.PENDING
        and not Artisan.objects.filter(user=pending.user).exists()
    )


def test_wrong_codes_lock_the_request_and_each_attempt_is_audited(
    artisan_client, pending, registry_clerk, settings
):
    from django.test import Client

    settings.PORTAL_CODE_MAX_FAILURES = 3
    code = _code_in(_print_letter(Client(), registry_clerk, pending))
    for wrong in ("AAAAA-AAAAA", "CCCCC-CCCCC", "DDDDD-DDDDD"):
        response = artisan_client.post(reverse("artisans:code_enter"), {"code": wrong})
        assert response.status_code == 200
    # The right code no longer opens it: past the limit only Registry can.
    response = artisan_client.post(reverse("artisans:code_enter"), {"code": code})
    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.PENDING and pending.code_failures == 3
    assert (
        "Registry" in response.content.decode()
        or "المصلحة" in response.content.decode()
        or response.context["locked"]
    )
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RegistrationRequest), object_pk=str(pending.pk)
    )
    failures = [
        e for e in entries if e.action == LogEntry.Action.UPDATE and "code_failures" in (e.changes_dict or {})
    ]
    assert len(failures) == 3 and all(e.actor_id == pending.user_id for e in failures)
    assert not any(code.replace("-", "") in str(e.changes) for e in LogEntry.objects.all())


def test_code_entry_is_rate_limited_per_address(artisan_client, pending):
    statuses = [
        artisan_client.post(reverse("artisans:code_enter"), {"code": "ZZZZZ-ZZZZZ"}).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429


def test_a_code_by_sms_to_the_registers_phone_links_the_account(
    artisan_client, pending, record, django_capture_on_commit_callbacks
):
    _request_sms(artisan_client, django_capture_on_commit_callbacks)
    assert [m.to for m in sms.outbox] == [PHONE]
    code = _sent_sms_code()
    assert code not in AccessCode.objects.get().code_hash
    artisan_client.post(reverse("artisans:code_enter"), {"code": code})
    pending.refresh_from_db()
    record.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.CODE and record.user_id == pending.user_id


def test_an_sms_code_expires(artisan_client, pending, settings, django_capture_on_commit_callbacks):
    _request_sms(artisan_client, django_capture_on_commit_callbacks)
    code = _sent_sms_code()
    AccessCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    artisan_client.post(reverse("artisans:code_enter"), {"code": code})
    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.PENDING and pending.code_failures == 1


def test_no_sms_is_offered_without_a_phone_on_file(artisan_client, record, pending):
    record.phone = ""
    record.save(update_fields=["phone"])
    page = artisan_client.get(reverse("artisans:me")).content.decode()
    assert reverse("artisans:code_sms") not in page
    artisan_client.post(reverse("artisans:code_sms"))
    assert sms.outbox == []


def test_the_console_backend_never_prints_the_whole_number(capsys, settings):
    settings.SMS_BACKEND = "console"
    sms.sms_send(to=PHONE, body="123456 is your code")
    out = capsys.readouterr().out
    assert "123456 is your code" in out
    assert "661234578" not in out and "0661" not in out and out.count("78") == 1
