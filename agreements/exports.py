"""XLSX export of agreements and their projects (one workbook, two sheets), built with openpyxl."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from agreements import selectors
from agreements.models import Agreement
from chamber.spreadsheets import workbook_bytes

MONEY_FORMAT = "#,##0.00"


def _sheet(workbook, title: str, headers: list[str], rows, money_columns: set[int]):
    sheet = workbook.create_sheet(title)
    sheet.sheet_view.rightToLeft = True
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = MONEY_FORMAT
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(60, len(header) + 4))
    return sheet


def agreements_workbook() -> bytes:
    """Agreements (with totals, discrepancy and execution rate) and projects (with communes and gaps)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    agreements = selectors.with_totals(Agreement.objects.order_by("reference")).prefetch_related(
        "parties__partner"
    )
    rows = []
    for a in agreements:
        totals = selectors.totals_of(a)
        rows.append(
            [
                a.reference,
                a.title,
                a.get_kind_display(),
                a.get_status_display(),
                a.programme,
                a.approved_on,
                a.signature_date,
                a.start_date,
                a.end_date,
                len(a.parties.all()),
                "، ".join(p.partner.name for p in a.parties.all()),
                a.declared_budget,
                totals.projects_total,
                totals.discrepancy,
                totals.committed_total,
                totals.disbursed_total,
                float(totals.execution_rate) if totals.execution_rate is not None else None,
                totals.beneficiaries,
            ]
        )
    _sheet(
        workbook,
        _("Agreements"),
        [
            _("Reference"),
            _("Title"),
            _("Kind"),
            _("Status"),
            _("Programme"),
            _("Approved on"),
            _("Signed on"),
            _("Start"),
            _("End"),
            _("Number of parties"),
            _("Parties"),
            _("Declared budget (MAD)"),
            _("Total of the projects (MAD)"),
            _("Discrepancy (MAD)"),
            _("Committed (MAD)"),
            _("Disbursed (MAD)"),
            _("Execution rate (%)"),
            _("Beneficiaries"),
        ],
        rows,
        {12, 13, 14, 15, 16},
    )
    projects = (
        selectors.projects_with_gaps()
        .select_related("agreement")
        .order_by("agreement__reference", "position")
    )
    project_rows = [
        [
            p.agreement.reference,
            p.title,
            "، ".join(c.name for c in p.communes.all()),
            p.douar,
            p.budget,
            p.contributed,
            selectors.project_gap(p),
            p.disbursed,
            float(p.progress),
            p.get_status_display(),
            p.beneficiaries_total,
            p.beneficiaries_women,
            p.beneficiaries_men,
        ]
        for p in projects
    ]
    _sheet(
        workbook,
        _("Projects"),
        [
            _("Agreement"),
            _("Project"),
            _("Communes"),
            _("Douar"),
            _("Budget (MAD)"),
            _("Contributions (MAD)"),
            _("Contribution gap (MAD)"),
            _("Disbursed (MAD)"),
            _("Physical progress (%)"),
            _("Status"),
            _("Beneficiaries"),
            _("Women"),
            _("Men"),
        ],
        project_rows,
        {5, 6, 7, 8},
    )
    return workbook_bytes(workbook)
