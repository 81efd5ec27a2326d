"""Uploaded documents are PDFs by content, within the size cap."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from agreements.validators import validate_pdf

from .factories import PDF_BYTES, DocumentFactory, pdf_file

pytestmark = pytest.mark.django_db


def test_a_real_pdf_passes():
    validate_pdf(pdf_file())


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n....", b"%PDF-1.4 truncated without trailer", b"MZ" + PDF_BYTES],
)
def test_a_renamed_or_broken_file_is_refused(content):
    with pytest.raises(ValidationError) as exc:
        validate_pdf(pdf_file("looks-like.pdf", content))
    assert "looks-like.pdf" in exc.value.messages[0]


def test_the_size_cap_comes_from_settings(settings):
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        validate_pdf(pdf_file())
    assert exc.value.code == "too_large"


def test_annex_model_validates_the_file(profile):
    document = DocumentFactory.build(
        agreement=DocumentFactory().agreement, file=pdf_file("x.pdf", b"not a pdf")
    )
    with pytest.raises(ValidationError) as exc:
        document.full_clean()
    assert "file" in exc.value.message_dict


def test_partner_phone_is_stored_in_e164_and_checked(profile):
    from agreements.models import Partner

    from .factories import PartnerFactory

    partner = PartnerFactory.build(phone="0535 60 12 34")
    partner.full_clean()
    assert partner.phone == "+212535601234"
    bad = PartnerFactory.build(phone="12")
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert "phone" in exc.value.message_dict
    senegal = PartnerFactory.build(kind=Partner.Kind.CHAMBER, country="SN", phone="+221 33 991 11 11")
    senegal.full_clean()
    assert senegal.phone.startswith("+221")
