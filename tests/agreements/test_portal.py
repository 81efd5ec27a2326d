"""Public pages: only signed, public agreements are listed; only public documents download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.models import Agreement

from .factories import AgreementFactory, DocumentFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_list_shows_signed_public_agreements_only(client, published):
    AgreementFactory(title="مسودة سرية", title_ar="مسودة سرية")
    hidden = AgreementFactory(title="موقعة غير منشورة", title_ar="موقعة غير منشورة", is_public=False)
    Agreement.objects.filter(pk=hidden.pk).update(status=Agreement.Status.SIGNED)
    response = client.get(reverse("agreements:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "اتفاقية منشورة" in body and "جماعة تاونات" in body
    assert "مسودة سرية" not in body and "موقعة غير منشورة" not in body


def test_list_query_count_does_not_grow(client, published, queries):
    client.get(reverse("agreements:list"))  # warm the cached chamber profile
    with queries.at_most(4) as ctx:
        client.get(reverse("agreements:list"))
    few = len(ctx.captured_queries)
    for _i in range(15):
        extra = AgreementFactory()
        PartyFactory(agreement=extra)
        Agreement.objects.filter(pk=extra.pk).update(status=Agreement.Status.SIGNED)
    with queries.exactly(few):
        assert client.get(reverse("agreements:list")).status_code == 200


def test_detail_shows_parties_projects_and_total(client, published):
    response = client.get(reverse("agreements:detail", args=[published.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2.500.000,00" in body
    assert "هدف الاتفاقية" in body and "كدارة" in body and "جماعة تاونات" in body


def test_unsigned_agreement_is_not_public(client, profile):
    draft = AgreementFactory()
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("agreements:fact_sheet", args=[draft.pk])).status_code == 404


def test_only_public_documents_download(client, published):
    public = DocumentFactory(agreement=published, is_public=True, title="ملحق عمومي", title_ar="ملحق عمومي")
    private = DocumentFactory(agreement=published, is_public=False, title="ملحق داخلي", title_ar="ملحق داخلي")
    body = client.get(reverse("agreements:detail", args=[published.pk])).content.decode()
    assert "ملحق عمومي" in body and "ملحق داخلي" not in body
    response = client.get(reverse("agreements:document", args=[published.pk, public.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("agreements:document", args=[published.pk, private.pk])).status_code == 404


def test_signed_scan_downloads_only_when_flagged(client, published):
    from .factories import pdf_file

    published.signed_scan.save("s.pdf", pdf_file(), save=True)
    url = reverse("agreements:signed_scan", args=[published.pk])
    assert client.get(url).status_code == 404
    Agreement.objects.filter(pk=published.pk).update(signed_scan_is_public=True)
    assert client.get(url).status_code == 200


def test_home_page_lists_agreements(client, published):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "اتفاقية منشورة" in response.content.decode()
