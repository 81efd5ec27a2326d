"""Printable documents of the agreements app: the agreement fact sheet, in Arabic, through chamber.pdf."""

from __future__ import annotations

from agreements import selectors
from agreements.models import Agreement
from chamber.pdf import Document, render_pdf


def agreement_fact_sheet_context(*, agreement: Agreement) -> dict:
    sheet = selectors.agreement_for_sheet(agreement_id=agreement.pk)
    totals = selectors.totals_of(sheet)
    projects = [
        {"project": p, "communes": list(p.communes.all()), "gap": selectors.project_gap(p)}
        for p in sheet.projects.all()
    ]
    return {
        "agreement": sheet,
        "parties": list(sheet.parties.all()),
        "projects": projects,
        "totals": totals,
        "followed_clauses": [c for c in sheet.clauses.all() if c.needs_follow_up],
    }


def agreement_fact_sheet_pdf(*, agreement: Agreement, lang: str = "ar") -> Document:
    """The fact sheet: parties with roles and contributions, projects with communes and budgets, totals and
    execution rate."""
    content = render_pdf(
        "agreements/pdf/fact_sheet.html", agreement_fact_sheet_context(agreement=agreement), lang=lang
    )
    return Document(filename=f"agreement-{agreement.reference}.pdf", content=content)
