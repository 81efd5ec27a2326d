"""Public pages: signed agreements (title, parties, dates, objective, projects) and their public documents."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements import selectors
from agreements.documents import agreement_fact_sheet_pdf
from agreements.models import Agreement, AgreementDocument
from chamber.pdf import document_response

PAGE_SIZE = 20


@require_GET
def agreement_list(request):
    page = Paginator(selectors.public_agreements(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "agreements/portal/agreement_list.html", {"page": page, "agreements": page.object_list}
    )


def _public_or_404(pk: int) -> Agreement:
    try:
        return selectors.public_agreement(pk=pk)
    except Agreement.DoesNotExist:
        raise Http404 from None


@require_GET
def agreement_detail(request, pk: int):
    agreement = _public_or_404(pk)
    projects = [
        {"project": p, "communes": list(p.communes.all()), "gap": selectors.project_gap(p)}
        for p in agreement.projects.all()
    ]
    context = {
        "agreement": agreement,
        "parties": list(agreement.parties.all()),
        "projects": projects,
        "totals": selectors.totals_of(agreement),
        "documents": [d for d in agreement.documents.all() if d.is_public],
    }
    return render(request, "agreements/portal/agreement_detail.html", context)


@require_GET
def agreement_fact_sheet(request, pk: int):
    agreement = _public_or_404(pk)
    return document_response(agreement_fact_sheet_pdf(agreement=agreement), inline=True)


@require_GET
def document_download(request, pk: int, document_pk: int):
    try:
        document = selectors.public_document(agreement_pk=pk, document_pk=document_pk)
    except AgreementDocument.DoesNotExist:
        raise Http404 from None
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"annex-{document.pk}.pdf"
    )


@require_GET
def signed_scan_download(request, pk: int):
    agreement = _public_or_404(pk)
    if not (agreement.signed_scan and agreement.signed_scan_is_public):
        raise Http404
    return FileResponse(
        agreement.signed_scan.open("rb"),
        content_type="application/pdf",
        filename=f"{agreement.reference}-signed.pdf",
    )
