"""The lifecycle moves only through services; skipped steps and inconsistent dates are refused with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from agreements import services
from agreements.models import Agreement

from .factories import AgreementFactory, pdf_file

pytestmark = pytest.mark.django_db


def _approved(**kwargs) -> Agreement:
    agreement = AgreementFactory(**kwargs)
    return services.agreement_approve_historical(
        agreement=agreement, approved_on=datetime.date(2024, 2, 1), register_reference="2024/01"
    )


def test_it_refuses_to_sign_a_draft_without_approval():
    agreement = AgreementFactory()
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=pdf_file()
        )
    assert "يجب أولا أن تصادق عليها الجمعية العامة بمقرر" in exc.value.messages[0]
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.signed_scan


def test_the_refusal_is_translated():
    agreement = AgreementFactory(reference="X-1")
    with translation.override("ar"), pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=pdf_file()
        )
    assert "X-1" in exc.value.messages[0]
    assert "الجمعية العامة" in exc.value.messages[0]


def test_it_needs_a_signature_date_and_a_scan_to_sign():
    agreement = _approved()
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(agreement=agreement, signature_date=None)
    assert set(exc.value.message_dict) == {"signature_date", "signed_scan"}


def test_it_refuses_a_signature_before_the_approval():
    agreement = _approved()
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            agreement=agreement, signature_date=datetime.date(2024, 1, 15), signed_scan=pdf_file()
        )
    assert "signature_date" in exc.value.message_dict


def test_it_refuses_a_scan_that_is_not_a_pdf_by_content():
    agreement = _approved()
    fake = pdf_file("scan.pdf", b"GIF89a not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=fake
        )
    assert "signed_scan" in exc.value.message_dict


def test_it_refuses_a_scan_over_the_size_cap(settings):
    settings.DOCUMENT_MAX_BYTES = 50
    agreement = _approved()
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            agreement=agreement,
            signature_date=datetime.date(2024, 3, 1),
            signed_scan=pdf_file(content=b"%PDF-" + b"x" * 100 + b"%%EOF"),
        )
    assert "signed_scan" in exc.value.message_dict


def test_the_full_lifecycle_in_order():
    agreement = _approved()
    agreement = services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=pdf_file()
    )
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signed_scan.read().startswith(b"%PDF-")
    agreement = services.agreement_start_execution(agreement=agreement)
    assert agreement.status == Agreement.Status.IN_EXECUTION
    agreement = services.agreement_complete(agreement=agreement, completed_on=datetime.date(2025, 1, 1))
    assert agreement.status == Agreement.Status.COMPLETED
    with pytest.raises(ValidationError):
        services.agreement_terminate(agreement=agreement, reason="late")


def test_it_refuses_to_start_execution_before_signature():
    agreement = _approved()
    with pytest.raises(ValidationError) as exc:
        services.agreement_start_execution(agreement=agreement)
    assert "يجب توقيعها أولا" in exc.value.messages[0]


def test_termination_needs_a_reason():
    agreement = _approved()
    with pytest.raises(ValidationError):
        services.agreement_terminate(agreement=agreement, reason="  ")
    agreement = services.agreement_terminate(agreement=agreement, reason="الشريك انسحب")
    assert agreement.status == Agreement.Status.TERMINATED


def test_expiry_only_after_the_end_date():
    agreement = _approved(end_date=datetime.date(2024, 12, 31))
    services.agreement_sign(
        agreement=agreement, signature_date=datetime.date(2024, 3, 1), signed_scan=pdf_file()
    )
    with pytest.raises(ValidationError):
        services.agreement_expire(agreement=agreement, today=datetime.date(2024, 6, 1))
    assert services.agreements_expire_overdue(today=datetime.date(2025, 1, 2)) == 1
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.EXPIRED


def test_the_end_must_be_after_the_start():
    agreement = AgreementFactory.build(
        start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 4, 1)
    )
    with pytest.raises(ValidationError) as exc:
        agreement.full_clean()
    assert "end_date" in exc.value.message_dict
    with pytest.raises(IntegrityError):
        agreement.save()


def test_a_duration_gives_the_end_date():
    agreement = services.agreement_create(
        reference="T-DUR", title="اتفاقية", start_date=datetime.date(2024, 1, 15), duration_months=24
    )
    assert Agreement.objects.get(pk=agreement.pk).end_date == datetime.date(2026, 1, 15)
    services.agreement_update(agreement=agreement, end_date=None, duration_months=12)
    assert Agreement.objects.get(pk=agreement.pk).end_date == datetime.date(2025, 1, 15)


def test_approval_needs_a_decision():
    with pytest.raises(ValidationError):
        services.agreement_approve(agreement=AgreementFactory(), decision=None)
