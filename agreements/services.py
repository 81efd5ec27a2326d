"""Writes for agreements: creating agreements with their parties and projects, and the lifecycle moves.

The lifecycle is draft → approved (by a general-assembly decision) → signed → in execution → completed, with
expired and terminated as the other ends. Every move goes through a function here; a skipped step is refused
with a ValidationError whose message names the agreement, its current status and the missing step.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    Partner,
    Project,
    ProjectContribution,
)
from agreements.validators import validate_pdf
from chamber.formatting import format_date
from chamber.mail import mail_send
from chamber.roles import PARTNERSHIPS
from chamber.selectors import role_recipients
from chamber.services import record_write
from meetings.models import AgendaItem, Decision

Status = Agreement.Status

# The step that must come before each status, so that a refusal can name it.
_PREVIOUS_STEP: dict[str, tuple[str, ...]] = {
    Status.APPROVED: (Status.DRAFT,),
    Status.SIGNED: (Status.APPROVED,),
    Status.IN_EXECUTION: (Status.SIGNED,),
    Status.COMPLETED: (Status.IN_EXECUTION,),
    Status.EXPIRED: (Status.SIGNED, Status.IN_EXECUTION),
    Status.TERMINATED: (Status.APPROVED, Status.SIGNED, Status.IN_EXECUTION),
}


def _refusal(target: str, current: str) -> str:
    """A whole translated sentence per refused move, so that each language can word it naturally."""
    if target == Status.APPROVED:
        return _(
            "Agreement %(reference)s cannot be approved: it is “%(status)s”; only a draft can be approved."
        )
    if target == Status.SIGNED and current == Status.DRAFT:
        return _(
            "Agreement %(reference)s cannot be signed: it is “%(status)s”; it must first be approved by a "
            "decision of the general assembly."
        )
    if target == Status.SIGNED:
        return _(
            "Agreement %(reference)s cannot be signed: it is “%(status)s”; only an approved agreement can be."
        )
    if target == Status.IN_EXECUTION:
        return _(
            "Agreement %(reference)s cannot be put in execution: it is “%(status)s”; it must first be signed."
        )
    if target == Status.COMPLETED:
        return _(
            "Agreement %(reference)s cannot be marked completed: it is “%(status)s”; its execution must first "
            "be started."
        )
    if target == Status.EXPIRED:
        return _(
            "Agreement %(reference)s cannot be marked expired: it is “%(status)s”; only a signed agreement or "
            "one in execution can expire."
        )
    return _(
        "Agreement %(reference)s cannot be terminated: it is “%(status)s”; only an approved, signed or running "
        "agreement can be terminated."
    )


def _refuse_move(agreement: Agreement, target: str) -> None:
    """Raise unless the agreement is in a status from which `target` may be reached."""
    if agreement.status in _PREVIOUS_STEP[target]:
        return
    raise ValidationError(
        _refusal(target, agreement.status)
        % {"reference": agreement.reference, "status": Status(agreement.status).label},
        code="invalid_transition",
    )


def _lock(agreement: Agreement) -> Agreement:
    """Re-read the agreement under a row lock so that two clerks cannot move it at once."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    return locked


def _decision_date(decision) -> datetime.date | None:
    """The date of an assembly decision: its own date, or its session's date."""
    for path in ("date", "decided_on", "item.session.date", "agenda_item.session.date", "session.date"):
        value = decision
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
    return None


def _decision_is_approval(decision) -> bool:
    """Whether the decision was adopted (meetings' Decision.Outcome.ADOPTED)."""
    outcome = getattr(decision, "outcome", None)
    return outcome is None or outcome == "adopted"


def _about_another_agreement(agreement: Agreement, decision) -> bool:
    """Whether the decision's agenda item put other agreements to the vote, or this one is put to another item."""
    item_id = getattr(decision, "item_id", None)
    if item_id is None:
        return False
    if agreement.approval_item_id is not None:
        return agreement.approval_item_id != item_id
    return Agreement.objects.filter(approval_item_id=item_id).exclude(pk=agreement.pk).exists()


def _end_date_from_duration(agreement: Agreement) -> list[str]:
    """Only a duration was given: store the end date it implies, so that lists and the dashboard can filter on it.
    Returns the fields it set."""
    if not agreement.end_date and agreement.start_date and agreement.duration_months:
        agreement.end_date = agreement.effective_end_date
        return ["end_date"]
    return []


def _save(agreement: Agreement, fields: list[str]) -> Agreement:
    fields = [*fields, *_end_date_from_duration(agreement)]
    agreement.full_clean(exclude=["signed_scan"])
    agreement.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
    return agreement


# --- creation -----------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    reference: str,
    title: str = "",
    kind: str = Agreement.Kind.PARTNERSHIP,
    objective: str = "",
    programme: str = "",
    parent: Agreement | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    duration_months: int | None = None,
    declared_budget: Decimal | None = None,
    is_public: bool = True,
    translations: dict[str, str] | None = None,
    by=None,
    **fields,
) -> Agreement:
    """A new draft agreement; `translations` carries other-language fields such as title_fr, `fields` the admin
    form's other fields (title_ar, the approval item, the signed scan…)."""
    if title:
        fields["title"] = title
    agreement = Agreement(
        reference=reference.strip(),
        kind=kind,
        objective=objective,
        programme=programme,
        parent=parent,
        start_date=start_date,
        end_date=end_date,
        duration_months=duration_months,
        declared_budget=declared_budget,
        is_public=is_public,
    )
    for name, value in {**(translations or {}), **fields}.items():
        setattr(agreement, name, value)
    if parent is not None and kind == Agreement.Kind.PARTNERSHIP:
        agreement.kind = Agreement.Kind.AMENDMENT
    _end_date_from_duration(agreement)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by=None, **changes) -> Agreement:
    """Correct an agreement's details; its status moves have services of their own (below)."""
    for name, value in changes.items():
        setattr(agreement, name, value)
    derived = {name: getattr(agreement, name) for name in _end_date_from_duration(agreement)}
    return record_write(instance=agreement, fields={**changes, **derived})


@transaction.atomic
def agreement_delete(*, agreement: Agreement, by=None) -> None:
    agreement.delete()


@transaction.atomic
def agreement_party_add(
    *,
    agreement: Agreement,
    partner: Partner,
    role: str = AgreementParty.Role.SIGNATORY,
    contribution: Decimal = Decimal("0.00"),
    contribution_kind: str = AgreementParty.ContributionKind.CASH,
    notes: str = "",
    position: int | None = None,
    by=None,
) -> AgreementParty:
    if contribution is None or Decimal(contribution) < 0:
        raise ValidationError(
            _("The contribution of %(partner)s cannot be negative (%(value)s).")
            % {"partner": partner, "value": contribution},
            code="negative",
        )
    party = AgreementParty(
        agreement=agreement,
        partner=partner,
        role=role,
        contribution=Decimal(contribution),
        contribution_kind=contribution_kind,
        notes=notes,
        position=agreement.parties.count() + 1 if position is None else position,
    )
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def agreement_party_update(*, party: AgreementParty, by=None, **changes) -> AgreementParty:
    if "contribution" in changes and (
        changes["contribution"] is None or Decimal(changes["contribution"]) < 0
    ):
        raise ValidationError(
            _("The contribution of %(partner)s cannot be negative (%(value)s).")
            % {"partner": changes.get("partner", party.partner), "value": changes["contribution"]},
            code="negative",
        )
    return record_write(instance=party, fields=changes)


@transaction.atomic
def agreement_party_delete(*, party: AgreementParty, by=None) -> None:
    party.delete()


@transaction.atomic
def project_create(
    *,
    agreement: Agreement,
    title: str = "",
    budget: Decimal,
    communes=(),
    douar: str = "",
    beneficiaries_total: int = 0,
    beneficiaries_women: int | None = None,
    beneficiaries_men: int | None = None,
    progress: Decimal = Decimal("0.00"),
    disbursed: Decimal = Decimal("0.00"),
    status: str = Project.Status.PLANNED,
    translations: dict[str, str] | None = None,
    position: int | None = None,
    by=None,
    **fields,
) -> Project:
    """A project the agreement funds; `translations` and `fields` carry the admin form's other fields."""
    if title:
        fields["title"] = title
    project = Project(
        agreement=agreement,
        budget=Decimal(budget),
        douar=douar,
        beneficiaries_total=beneficiaries_total,
        beneficiaries_women=beneficiaries_women,
        beneficiaries_men=beneficiaries_men,
        progress=Decimal(progress),
        disbursed=Decimal(disbursed),
        status=status,
        position=agreement.projects.count() + 1 if position is None else position,
    )
    for name, value in {**(translations or {}), **fields}.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    if communes:
        project.communes.set(communes)
    return project


@transaction.atomic
def project_update(*, project: Project, by=None, **changes) -> Project:
    return record_write(instance=project, fields=changes)


@transaction.atomic
def project_delete(*, project: Project, by=None) -> None:
    project.delete()


@transaction.atomic
def project_contribution_set(
    *, project: Project, party: AgreementParty, amount: Decimal
) -> ProjectContribution:
    """Record (or change) what a party puts into a project."""
    contribution = ProjectContribution.objects.filter(
        project=project, party=party
    ).first() or ProjectContribution(project=project, party=party)
    contribution.amount = Decimal(amount)
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def project_contribution_delete(*, contribution: ProjectContribution, by=None) -> None:
    contribution.delete()


@transaction.atomic
def clause_create(*, agreement: Agreement, by=None, **fields) -> Clause:
    _check_responsible_party(agreement, fields.get("responsible_party"), number=fields.get("number"))
    return record_write(instance=Clause(agreement=agreement), fields=fields)


@transaction.atomic
def clause_update(*, clause: Clause, by=None, **changes) -> Clause:
    _check_responsible_party(
        clause.agreement, changes.get("responsible_party"), number=changes.get("number", clause.number)
    )
    return record_write(instance=clause, fields=changes)


@transaction.atomic
def clause_delete(*, clause: Clause, by=None) -> None:
    clause.delete()


def _check_responsible_party(agreement: Agreement, party: AgreementParty | None, *, number) -> None:
    if party is not None and party.agreement_id != agreement.pk:
        raise ValidationError(
            _("Article %(number)s: the responsible party must be a party to agreement %(reference)s.")
            % {"number": number, "reference": agreement.reference}
        )


@transaction.atomic
def document_create(*, agreement: Agreement, by=None, **fields) -> AgreementDocument:
    return record_write(instance=AgreementDocument(agreement=agreement), fields=fields)


@transaction.atomic
def document_update(*, document: AgreementDocument, by=None, **changes) -> AgreementDocument:
    return record_write(instance=document, fields=changes)


@transaction.atomic
def document_delete(*, document: AgreementDocument, by=None) -> None:
    document.delete()


@transaction.atomic
def clause_follow_up_record(
    *,
    clause: Clause,
    status: str,
    evaluation_notes: str = "",
    indicator: str | None = None,
    due_date: datetime.date | None = None,
    responsible_party: AgreementParty | None = None,
) -> Clause:
    """Record the follow-up of one article: who answers for it, by when, how measured, how it went."""
    _check_responsible_party(clause.agreement, responsible_party, number=clause.number)
    clause.follow_up_status = status
    if evaluation_notes:
        clause.evaluation_notes = evaluation_notes
    if indicator is not None:
        clause.indicator = indicator
    if due_date is not None:
        clause.due_date = due_date
    if responsible_party is not None:
        clause.responsible_party = responsible_party
    clause.full_clean()
    clause.save()
    return clause


# --- lifecycle ----------------------------------------------------------------------------------------------


@transaction.atomic
def agreement_approve(*, agreement: Agreement, decision, by=None) -> Agreement:
    """Record that a decision of the general assembly approved the agreement (called by the meetings app).

    Calling it again with the same decision changes nothing, so that the meetings seed and ours can run in
    either order.
    """
    if decision is None:
        raise ValidationError(
            _("Agreement %(reference)s cannot be approved without the assembly decision that approves it.")
            % {"reference": agreement.reference},
            code="decision_required",
        )
    agreement = _lock(agreement)
    if agreement.status != Status.DRAFT and agreement.approval_decision_id == decision.pk:
        return agreement
    _refuse_move(agreement, Status.APPROVED)
    if not _decision_is_approval(decision):
        raise ValidationError(
            _("Decision %(decision)s did not approve agreement %(reference)s.")
            % {"decision": decision, "reference": agreement.reference},
            code="decision_not_approving",
        )
    if _about_another_agreement(agreement, decision):
        raise ValidationError(
            _("Decision %(decision)s is about another agreement, not %(reference)s.")
            % {"decision": decision, "reference": agreement.reference},
            code="decision_other_agreement",
        )
    approved_on = _decision_date(decision) or timezone.localdate()
    if agreement.signature_date and agreement.signature_date < approved_on:
        raise ValidationError(
            _("Agreement %(reference)s: the signature date cannot be before the approval date.")
            % {"reference": agreement.reference},
            code="signature_before_approval",
        )
    agreement.status = Status.APPROVED
    agreement.approved_on = approved_on
    agreement.approval_decision = decision
    return _save(agreement, ["status", "approved_on", "approval_decision"])


def agreement_approve_on_decision(
    *, item: AgendaItem, decision: Decision, by=None, **_signal
) -> list[Agreement]:
    """meetings' `decision_recorded`: an adopted vote on an agreement-approval item approves the agreements put to
    that vote (those whose approval item it is). Runs inside the transaction that records the decision."""
    if decision.outcome != Decision.Outcome.ADOPTED or item.kind != AgendaItem.Kind.AGREEMENT_APPROVAL:
        return []
    return [
        agreement_approve(agreement=agreement, decision=decision, by=by)
        for agreement in Agreement.objects.filter(approval_item=item).order_by("pk")
    ]


@transaction.atomic
def agreement_follow_carried_item(*, source: AgendaItem, copy: AgendaItem, **_signal) -> int:
    """meetings' `agenda_item_carried`: when a session without quorum is convened again, the agreements put to
    its item are put to the same item of the second convening, where the vote will take place."""
    moved = 0
    for agreement in Agreement.objects.select_for_update().filter(approval_item=source):
        agreement.approval_item = copy
        agreement.save(update_fields=["approval_item", "updated_at"])
        moved += 1
    return moved


@transaction.atomic
def agreement_set_approval_item(*, agreement: Agreement, item: AgendaItem | None, by=None) -> Agreement:
    """Name the agenda item that puts the agreement to the vote; once the agreement is approved it stays."""
    agreement = _lock(agreement)
    if agreement.approval_item_id == (item.pk if item else None):
        return agreement
    if agreement.status != Status.DRAFT:
        raise ValidationError(
            {
                "approval_item": _(
                    "Agreement %(reference)s is “%(status)s”: the vote that approved it can no longer change."
                )
                % {"reference": agreement.reference, "status": Status(agreement.status).label}
            }
        )
    agreement.approval_item = item
    return _save(agreement, ["approval_item"])


@transaction.atomic
def agreement_sign(
    *, agreement: Agreement, signature_date: datetime.date | None, signed_scan: File | None = None, by=None
) -> Agreement:
    """Mark an approved agreement signed: it needs the signature date and the signed scan (PDF)."""
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.SIGNED)
    errors: dict[str, str | list[str]] = {}
    if signature_date is None:
        errors["signature_date"] = _("Agreement %(reference)s: give the signature date.") % {
            "reference": agreement.reference
        }
    elif agreement.approved_on and signature_date < agreement.approved_on:
        errors["signature_date"] = _(
            "Agreement %(reference)s: the signature date (%(signed)s) cannot be before "
            "the approval (%(approved)s)."
        ) % {
            "reference": agreement.reference,
            "signed": format_date(signature_date),
            "approved": format_date(agreement.approved_on),
        }
    elif signature_date > timezone.localdate():
        errors["signature_date"] = _(
            "Agreement %(reference)s: the signature date cannot be in the future."
        ) % {"reference": agreement.reference}
    if signed_scan is None and not agreement.signed_scan:
        errors["signed_scan"] = _("Agreement %(reference)s: attach the signed scan (PDF).") % {
            "reference": agreement.reference
        }
    elif signed_scan is not None:
        try:
            validate_pdf(signed_scan)
        except ValidationError as exc:
            errors["signed_scan"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if signed_scan is not None:
        name = getattr(signed_scan, "name", "") or "signed.pdf"
        agreement.signed_scan.save(
            f"{agreement.reference}-{name.rsplit('/', 1)[-1]}", signed_scan, save=False
        )
    agreement.status = Status.SIGNED
    agreement.signature_date = signature_date
    return _save(agreement, ["status", "signature_date", "signed_scan"])


@transaction.atomic
def agreement_start_execution(
    *, agreement: Agreement, start_date: datetime.date | None = None, by=None
) -> Agreement:
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.IN_EXECUTION)
    start = start_date
    if start is None:
        # The planned start, unless the signature came later: execution cannot precede it.
        candidates = [d for d in (agreement.start_date, agreement.signature_date) if d]
        start = max(candidates) if candidates else timezone.localdate()
    if start and agreement.signature_date and start < agreement.signature_date:
        raise ValidationError(
            {
                "start_date": _("Agreement %(reference)s: execution cannot start before the signature.")
                % {"reference": agreement.reference}
            }
        )
    agreement.status = Status.IN_EXECUTION
    agreement.start_date = start
    return _save(agreement, ["status", "start_date"])


@transaction.atomic
def agreement_complete(
    *, agreement: Agreement, completed_on: datetime.date | None = None, by=None
) -> Agreement:
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.COMPLETED)
    completed_on = completed_on or timezone.localdate()
    if agreement.start_date and completed_on < agreement.start_date:
        raise ValidationError(
            _("Agreement %(reference)s: the completion date cannot be before the start.")
            % {"reference": agreement.reference}
        )
    agreement.status = Status.COMPLETED
    agreement.completed_on = completed_on
    return _save(agreement, ["status", "completed_on"])


@transaction.atomic
def agreement_terminate(
    *, agreement: Agreement, reason: str, terminated_on: datetime.date | None = None, by=None
) -> Agreement:
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.TERMINATED)
    if not (reason or "").strip():
        raise ValidationError(
            {
                "termination_reason": _("Agreement %(reference)s: say why it is terminated.")
                % {"reference": agreement.reference}
            }
        )
    agreement.status = Status.TERMINATED
    agreement.terminated_on = terminated_on or timezone.localdate()
    agreement.termination_reason = reason.strip()
    return _save(agreement, ["status", "terminated_on", "termination_reason"])


@transaction.atomic
def agreement_expire(*, agreement: Agreement, today: datetime.date | None = None, by=None) -> Agreement:
    """Mark a signed or running agreement expired once its end date has passed."""
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.EXPIRED)
    today = today or timezone.localdate()
    end = agreement.effective_end_date
    if end is None or end >= today:
        raise ValidationError(
            _("Agreement %(reference)s has not reached its end date; it cannot expire yet.")
            % {"reference": agreement.reference}
        )
    agreement.status = Status.EXPIRED
    return _save(agreement, ["status"])


def clauses_overdue_remind(*, today: datetime.date | None = None) -> int:
    """Flag the followed articles past their due date as late and tell the Partnerships office: at once when an
    article has just become late, and every Monday while any stays late (one e-mail per person listing them all).
    Returns how many articles are late."""
    today = today or timezone.localdate()
    F = Clause.FollowUpStatus
    late = list(
        Clause.objects.filter(due_date__lt=today, follow_up_status__in=[F.PENDING, F.IN_PROGRESS, F.LATE])
        .select_related("agreement", "responsible_party__partner")
        .order_by("due_date", "agreement__reference", "number")
    )
    newly_late = [clause for clause in late if clause.follow_up_status != F.LATE]
    with transaction.atomic():
        for clause in newly_late:
            clause.follow_up_status = F.LATE
            clause.save(update_fields=["follow_up_status"])
        if newly_late or (late and today.isoweekday() == 1):
            for address in role_recipients(role=PARTNERSHIPS):
                mail_send(
                    to=address,
                    template="agreements/email/clauses_late.txt",
                    subject=gettext_lazy("Articles of agreements past their due date"),
                    context={"clauses": late, "today": today, "new": {c.pk for c in newly_late}},
                    language=settings.LANGUAGE_CODE,
                )
    return len(late)


def agreements_expire_overdue(*, today: datetime.date | None = None) -> int:
    """Expire every signed or running agreement past its end date; returns how many moved."""
    today = today or timezone.localdate()
    count = 0
    candidates = Agreement.objects.filter(status__in=_PREVIOUS_STEP[Status.EXPIRED], end_date__lt=today)
    for agreement in candidates:
        agreement_expire(agreement=agreement, today=today)
        count += 1
    return count


@transaction.atomic
def agreement_approve_historical(
    *, agreement: Agreement, approved_on: datetime.date, register_reference: str, by=None
) -> Agreement:
    """Record an approval voted before the portal kept decisions, citing the paper register's decision number.

    New approvals go through agreement_approve with the recorded decision; this is for the archive only.
    """
    agreement = _lock(agreement)
    _refuse_move(agreement, Status.APPROVED)
    if not (register_reference or "").strip() or approved_on is None:
        raise ValidationError(
            _(
                "Agreement %(reference)s: give the approval date and the decision's number in the paper register."
            )
            % {"reference": agreement.reference},
            code="decision_required",
        )
    if approved_on > timezone.localdate():
        raise ValidationError(
            _("Agreement %(reference)s: the approval date cannot be in the future.")
            % {"reference": agreement.reference}
        )
    agreement.status = Status.APPROVED
    agreement.approved_on = approved_on
    agreement.historical_approval_reference = register_reference.strip()
    return _save(agreement, ["status", "approved_on", "historical_approval_reference"])
