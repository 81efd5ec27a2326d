"""Change requests: nothing changes in the register before Registry approves, and every change is audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from artisans.models import Activity, Artisan
from portal import services
from portal.models import ChangeRequest, PublicProfile
from tests.jobtools import send_queued_mail


def _ask(client, **data):
    return client.post(
        reverse("artisans:change_list"), {"field": "phone", "new_value": "", **data}, follow=True
    )


def test_it_records_a_request_without_touching_the_register(client_a, artisan_a):
    response = _ask(client_a, field="phone", new_value="0661 22 33 44")
    assert response.status_code == 200
    change = ChangeRequest.objects.get()
    assert change.new_value == "+212661223344" and change.old_value == "+212612345678"
    artisan_a.refresh_from_db()
    assert artisan_a.phone == "+212612345678"


def test_it_refuses_an_invalid_phone_and_a_second_pending_request(client_a, artisan_a):
    bad = _ask(client_a, field="phone", new_value="12")
    assert bad.context["form"].errors
    _ask(client_a, field="address", new_value="زنقة 5، مكناس")
    second = _ask(client_a, field="address", new_value="زنقة 6، مكناس")
    assert "field" in second.context["form"].errors
    assert ChangeRequest.objects.count() == 1


def test_registry_approves_in_the_admin_and_the_register_changes_with_an_audit_entry(
    client, client_a, artisan_a, registry_clerk, django_capture_on_commit_callbacks
):
    new_activity = Activity.objects.get(code="TEX-01")
    _ask(client_a, field="main_activity", new_activity=new_activity.pk)
    change = ChangeRequest.objects.get()
    client.force_login(registry_clerk)
    url = reverse("admin:portal_changerequest_change", args=[change.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="_approve"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision_reason": "", "_approve": "1"})
    assert response.status_code == 302
    artisan_a.refresh_from_db()
    assert artisan_a.main_activity == new_activity
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == registry_clerk
    entry = LogEntry.objects.get_for_object(artisan_a).latest("timestamp")
    assert "main_activity" in entry.changes_dict
    assert entry.actor == registry_clerk
    assert send_queued_mail() == 1
    assert len(mail.outbox) == 1


def test_registry_must_give_a_reason_to_reject_and_the_artisan_sees_it(
    client, client_a, artisan_a, registry_clerk, django_capture_on_commit_callbacks
):
    _ask(client_a, field="address", new_value="زنقة 5، مكناس")
    change = ChangeRequest.objects.get()
    client.force_login(registry_clerk)
    url = reverse("admin:portal_changerequest_change", args=[change.pk])
    client.post(url, {"decision_reason": "", "_reject": "1"})
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision_reason": "العنوان غير مطابق لشهادة السكنى", "_reject": "1"})
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    artisan_a.refresh_from_db()
    assert artisan_a.address == "درب الحرة 12، فاس"
    client.force_login(artisan_a.user, backend="django.contrib.auth.backends.ModelBackend")
    detail = client.get(reverse("artisans:change_detail", args=[change.pk]))
    assert "العنوان غير مطابق لشهادة السكنى" in detail.content.decode()


def test_staff_without_registry_rights_cannot_decide(client, client_a, artisan_a, secretary):
    _ask(client_a, field="address", new_value="زنقة 5، مكناس")
    change = ChangeRequest.objects.get()
    client.force_login(secretary)
    response = client.post(reverse("admin:portal_changerequest_change", args=[change.pk]), {"_approve": "1"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING


def test_the_artisan_can_withdraw_a_pending_request(client_a, artisan_a):
    _ask(client_a, field="address", new_value="زنقة 5، مكناس")
    change = ChangeRequest.objects.get()
    client_a.post(reverse("artisans:change_withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WITHDRAWN


@pytest.mark.parametrize("public", [True, False])
def test_the_consent_toggle_is_audited(client_a, artisan_a, public):
    Artisan.objects.filter(pk=artisan_a.pk).update(public_profile=not public)
    data = {"public_profile": "on"} if public else {}
    client_a.post(reverse("artisans:consent"), data)
    artisan_a.refresh_from_db()
    assert artisan_a.public_profile is public
    assert "public_profile" in LogEntry.objects.get_for_object(artisan_a).latest("timestamp").changes_dict


def test_an_english_bio_goes_through_registry_review_and_shows_on_the_english_profile(
    client, client_a, artisan_a, registry_clerk, django_capture_on_commit_callbacks, settings
):
    bio_en = "Potter in Fez, glazed tiles and tableware."
    response = _ask(client_a, field="bio_en", new_value=bio_en)
    assert not response.context["form"].errors
    change = ChangeRequest.objects.get(field="bio_en")
    artisan_a.refresh_from_db()
    assert artisan_a.bio_en in ("", None)
    client.force_login(registry_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:portal_changerequest_change", args=[change.pk]),
            {"decision_reason": "", "_approve": "1"},
        )
    artisan_a.refresh_from_db()
    assert artisan_a.bio_en == bio_en
    services.artisan_set_public_profile(artisan=artisan_a, public=True)
    slug = PublicProfile.objects.get(artisan=artisan_a).slug
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("artisans:profile", args=[slug])).content.decode()
    assert f'<div class="bio">{bio_en}</div>' in html
