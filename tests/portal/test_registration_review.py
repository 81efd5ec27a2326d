"""Registry reviews sign-ups that matched nothing: approve links the chosen record, reject e-mails the reason."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal import services as account_services
from portal.models import RegistrationRequest
from tests.jobtools import send_queued_mail
from tests.portal.factories import ArtisanFactory


@pytest.fixture
def pending(profile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.signup_submit(
            cin="ZZ12345",
            birth_date="1970-01-01",
            full_name="حسن الفاسي",
            email="hassan@example.invalid",
            password="a long enough pass 42",
        )
    registration = RegistrationRequest.objects.get()
    account_services.signup_verify(token=account_services.signup_token(registration=registration))
    send_queued_mail()
    mail.outbox.clear()
    registration.refresh_from_db()
    assert registration.status == RegistrationRequest.Status.PENDING
    return registration


def _url(registration):
    return reverse("admin:portal_registrationrequest_change", args=[registration.pk])


def test_registry_approves_with_the_record_chosen(
    client, pending, registry_clerk, django_capture_on_commit_callbacks
):
    record = ArtisanFactory(full_name="حسن الفاسي", cin="ZZ12346")
    client.force_login(registry_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(pending), {"artisan": record.pk, "decision_reason": "", "_approve": "1"})
    pending.refresh_from_db()
    record.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.APPROVED
    assert record.user == pending.user and pending.user.is_active
    send_queued_mail()
    assert len(mail.outbox) == 1 and "/login/" in mail.outbox[0].body


def test_approving_without_a_record_is_refused(client, pending, registry_clerk):
    client.force_login(registry_clerk)
    response = client.post(
        _url(pending), {"artisan": "", "decision_reason": "", "_approve": "1"}, follow=True
    )
    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.PENDING
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_registry_rejects_with_a_reason_sent_by_email(
    client, pending, registry_clerk, django_capture_on_commit_callbacks
):
    client.force_login(registry_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(pending), {"artisan": "", "decision_reason": "لا يوجد أي تسجيل بهذا الرقم", "_reject": "1"}
        )
    pending.refresh_from_db()
    assert pending.status == RegistrationRequest.Status.REJECTED
    assert not get_user_model().objects.get(pk=pending.user_id).is_active
    send_queued_mail()
    assert "لا يوجد أي تسجيل بهذا الرقم" in mail.outbox[0].body
