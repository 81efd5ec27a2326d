"""Writes of the exhibitions app: status moves, applications and their decisions, stands, visitors, sales.

Every rule lives here so that the admin, the portal and the demo data obey the same checks; a refusal is a
translated ValidationError that names the field or the value.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chamber.mail import mail_send
from chamber.roles import EXHIBITIONS
from chamber.services import office_remind, record_write
from exhibitions.models import Application, Exhibition, StandAssignment, VisitorCount
from exhibitions.selectors import calls_closing

logger = logging.getLogger(__name__)

S = Exhibition.Status
A = Application.Status

# The one path an exhibition follows; each status has exactly one next step.
NEXT_STATUS: dict[str, str] = {
    S.PLANNED: S.CALL_OPEN,
    S.CALL_OPEN: S.SELECTION,
    S.SELECTION: S.CONFIRMED,
    S.CONFIRMED: S.HELD,
    S.HELD: S.EVALUATED,
}
# Staff decide while the call is open, during selection, and once confirmed (to replace a withdrawal).
DECISION_STATUSES = (S.CALL_OPEN, S.SELECTION, S.CONFIRMED)
DECISIONS = {"accept": A.ACCEPTED, "waitlist": A.WAITLISTED, "refuse": A.REFUSED}
RESULT_STATUSES = (S.HELD, S.EVALUATED)


def _locked(exhibition: Exhibition) -> Exhibition:
    """The exhibition row, locked till the transaction ends: two decisions cannot both take the last place."""
    return Exhibition.objects.select_for_update().get(pk=exhibition.pk)


def _field_error(field_name: str, message: str, *, code: str | None = None, params: dict | None = None):
    """A ValidationError attached to a form field, with its placeholders filled in."""
    return ValidationError({field_name: ValidationError(message, code=code, params=params)})


# --- Exhibition life cycle ----------------------------------------------------------------------------------


def _province_in_morocco(exhibition: Exhibition, fields: dict) -> None:
    """The database's constraint, as a message on the field (record_write checks only the fields it is given)."""
    has_province = (
        fields["province"] is not None if "province" in fields else exhibition.province_id is not None
    )
    if has_province and fields.get("country", exhibition.country) != "MA":
        raise ValidationError(
            {
                "province": _(
                    "A prefecture or province is only for an exhibition held in Morocco (country MA)."
                )
            }
        )


@transaction.atomic
def exhibition_create(*, by=None, **fields) -> Exhibition:
    """A new exhibition, "planned"; its status then moves only through exhibition_move."""
    fields.pop("status", None)
    _province_in_morocco(Exhibition(), fields)
    return record_write(instance=Exhibition(), fields=fields)


@transaction.atomic
def exhibition_update(*, exhibition: Exhibition, by=None, **changes) -> Exhibition:
    changes.pop("status", None)
    _province_in_morocco(exhibition, changes)
    return record_write(instance=exhibition, fields=changes)


@transaction.atomic
def exhibition_delete(*, exhibition: Exhibition, by=None) -> None:
    exhibition.delete()


def exhibition_move(*, exhibition: Exhibition, to: str, by=None) -> Exhibition:
    """Move an exhibition one step along planned → call open → selection → confirmed → held → evaluated."""
    with transaction.atomic():
        current = _locked(exhibition)
        expected = NEXT_STATUS.get(current.status)
        if to not in S.values:
            raise ValidationError(_("“%(value)s” is not an exhibition status."), params={"value": to})
        if expected != to:
            if expected is None:
                message = _(
                    "The exhibition “%(title)s” is already evaluated: its status can no longer change."
                )
            else:
                message = _(
                    "The exhibition “%(title)s” cannot go from “%(current)s” to “%(to)s”: "
                    "the next step is “%(next)s”."
                )
            raise ValidationError(
                message,
                code="wrong_move",
                params={
                    "title": current.title,
                    "current": str(S(current.status).label),
                    "to": str(S(to).label),
                    "next": str(S(expected).label) if expected else "",
                },
            )
        if to == S.CALL_OPEN and current.capacity == 0:
            raise ValidationError(
                _(
                    "Set the capacity of “%(title)s” before opening the call: "
                    "no participant could be accepted."
                ),
                code="no_capacity",
                params={"title": current.title},
            )
        if to == S.HELD and current.start_date > timezone.localdate():
            raise ValidationError(
                _("“%(title)s” starts on %(date)s: it cannot be marked as held before it starts."),
                code="not_started",
                params={"title": current.title, "date": current.start_date.isoformat()},
            )
        current.status = to
        current.save(update_fields=["status", "updated_at"])
    exhibition.status = to
    return current


def exhibition_evaluate(*, exhibition: Exhibition, notes: str, by=None) -> Exhibition:
    """Record the evaluation notes of a held exhibition and close it as evaluated."""
    if not (notes or "").strip():
        raise ValidationError(
            {"evaluation_notes": _("Write the evaluation notes before closing the exhibition.")}
        )
    with transaction.atomic():
        current = exhibition_move(exhibition=exhibition, to=S.EVALUATED, by=by)
        current.evaluation_notes = notes.strip()
        current.save(update_fields=["evaluation_notes", "updated_at"])
    exhibition.evaluation_notes = current.evaluation_notes
    return current


def exhibition_publish_results(*, exhibition: Exhibition, published: bool = True, by=None) -> Exhibition:
    if published and exhibition.status not in RESULT_STATUSES:
        raise ValidationError(
            _("Results of “%(title)s” can be published only once it has been held."),
            params={"title": exhibition.title},
        )
    exhibition.results_published = published
    exhibition.save(update_fields=["results_published", "updated_at"])
    return exhibition


# --- Applications -------------------------------------------------------------------------------------------


def _check_space(space_m2) -> Decimal:
    try:
        value = Decimal(str(space_m2))
    except (InvalidOperation, ValueError):
        raise _field_error(
            "space_m2", _("“%(value)s” is not a number of square metres."), params={"value": space_m2}
        ) from None
    if value <= 0 or value > 500:
        raise _field_error(
            "space_m2",
            _("The space must be more than 0 and at most 500 m²; you asked for %(value)s m²."),
            params={"value": value},
        )
    return value


def application_submit(
    *,
    exhibition: Exhibition,
    artisan=None,
    products: str,
    needs_electricity: bool = False,
    space_m2: Decimal | int | str = Decimal("9"),
    activities=None,
    organisation=None,
    by_staff=None,
) -> Application:
    """An artisan (or a cooperative) applies while the call is open; staff (`by_staff`) may add one at any
    time before the exhibition is held, as an accepted participant when capacity allows."""
    if (artisan is None) == (organisation is None):
        raise ValidationError(_("An application is made either by an artisan or by a cooperative."))
    if not (products or "").strip():
        raise ValidationError({"products": _("Describe the products you will show.")})
    space = _check_space(space_m2)
    with transaction.atomic():
        current = _locked(exhibition)
        if by_staff is None and not current.is_call_open:
            raise ValidationError(
                _("The call for participation in “%(title)s” is not open: applications are not accepted."),
                code="call_closed",
                params={"title": current.title},
            )
        if by_staff is not None and current.status in RESULT_STATUSES:
            raise ValidationError(
                _("“%(title)s” has already been held: participants can no longer be added."),
                params={"title": current.title},
            )
        duplicate = Application.objects.filter(exhibition=current)
        duplicate = (
            duplicate.filter(artisan=artisan)
            if artisan is not None
            else duplicate.filter(organisation=organisation)
        )
        if duplicate.exists():
            raise ValidationError(
                _(
                    "%(name)s has already applied to “%(title)s”: "
                    "only one application per exhibition is allowed."
                ),
                code="duplicate",
                params={"name": str(artisan or organisation), "title": current.title},
            )
        application = Application(
            exhibition=current,
            artisan=artisan,
            organisation=organisation,
            products=products.strip(),
            needs_electricity=bool(needs_electricity),
            space_m2=space,
            added_by_staff=by_staff is not None,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            # Two submissions at the same instant: the unique constraint keeps one.
            raise ValidationError(
                _(
                    "%(name)s has already applied to “%(title)s”: "
                    "only one application per exhibition is allowed."
                ),
                code="duplicate",
                params={"name": str(artisan or organisation), "title": current.title},
            ) from None
        if activities is None and artisan is not None:
            activities = [artisan.main_activity_id]
        if activities:
            application.activities.set(activities)
    return application


def participant_add_check(*, exhibition: Exhibition, artisan=None, organisation=None) -> None:
    """What `participant_add` would refuse, checked up front so that a form can show it beside its fields."""
    if (artisan is None) == (organisation is None):
        raise ValidationError(_("An application is made either by an artisan or by a cooperative."))
    if exhibition.status in RESULT_STATUSES:
        raise ValidationError(
            _("“%(title)s” has already been held: participants can no longer be added."),
            params={"title": exhibition.title},
        )
    if exhibition.status not in DECISION_STATUSES:
        # participant_add accepts the participant at once, which application_decide allows only in these statuses.
        raise ValidationError(
            _("Applications to “%(title)s” cannot be decided while it is “%(status)s”."),
            code="wrong_status",
            params={"title": exhibition.title, "status": str(S(exhibition.status).label)},
        )
    duplicate = Application.objects.filter(exhibition=exhibition)
    duplicate = (
        duplicate.filter(artisan=artisan)
        if artisan is not None
        else duplicate.filter(organisation=organisation)
    )
    if duplicate.exists():
        raise ValidationError(
            _("%(name)s has already applied to “%(title)s”: only one application per exhibition is allowed."),
            code="duplicate",
            params={"name": str(artisan or organisation), "title": exhibition.title},
        )
    accepted = Application.objects.filter(exhibition=exhibition, status=A.ACCEPTED).count()
    if accepted >= exhibition.capacity:
        raise ValidationError(
            _(
                "“%(title)s” is full: %(accepted)s participants are accepted "
                "for a capacity of %(capacity)s. "
                "Waitlist the application or raise the capacity."
            ),
            code="over_capacity",
            params={"title": exhibition.title, "accepted": accepted, "capacity": exhibition.capacity},
        )


def participant_add(
    *,
    exhibition: Exhibition,
    by,
    artisan=None,
    organisation=None,
    products: str,
    space_m2=Decimal("9"),
    needs_electricity: bool = False,
    reason: str = "",
    activities=None,
) -> Application:
    """Staff add a participant directly: the application is created and accepted at once, if there is room."""
    with transaction.atomic():
        application = application_submit(
            exhibition=exhibition,
            artisan=artisan,
            organisation=organisation,
            products=products,
            space_m2=space_m2,
            needs_electricity=needs_electricity,
            activities=activities,
            by_staff=by,
        )
        application_decide(application=application, decision="accept", reason=reason, by=by, notify=False)
    return application


@transaction.atomic
def application_update(*, application: Application, by=None, **changes) -> Application:
    """Staff correct an application's details; its sales go through sales_record, its status through
    application_decide and application_withdraw."""
    if "sales_amount" in changes:
        amount = changes.pop("sales_amount")
        if amount is not None:
            sales_record(application=application, amount=amount, by=by)
        else:
            changes["sales_amount"] = None
    if "space_m2" in changes:
        changes["space_m2"] = _check_space(changes["space_m2"])
    return record_write(instance=application, fields=changes) if changes else application


@transaction.atomic
def application_delete(*, application: Application, by=None) -> None:
    application.delete()


def application_withdraw(*, application: Application, by_artisan=None) -> Application:
    """The applicant withdraws; only while the call is still open (before selection starts)."""
    if by_artisan is not None and application.artisan_id != getattr(by_artisan, "pk", None):
        raise ValidationError(_("You can only withdraw your own application."), code="not_yours")
    with transaction.atomic():
        exhibition = _locked(application.exhibition)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if exhibition.status not in (S.PLANNED, S.CALL_OPEN):
            raise ValidationError(
                _("The selection for “%(title)s” has started: the application can no longer be withdrawn."),
                code="too_late",
                params={"title": exhibition.title},
            )
        if app.status in (A.WITHDRAWN, A.REFUSED):
            raise ValidationError(
                _("This application is already “%(status)s”."), params={"status": str(A(app.status).label)}
            )
        app.status = A.WITHDRAWN
        app.save(update_fields=["status"])
        StandAssignment.objects.filter(application=app).delete()
    application.status = app.status
    return app


def application_decide(
    *, application: Application, decision: str, reason: str = "", by=None, notify: bool = True
) -> Application:
    """Accept, waitlist or refuse an application, with a reason shown to the artisan; capacity is enforced.

    The applicant is told by email once the transaction has committed.
    """
    if decision not in DECISIONS:
        raise ValidationError(
            _("“%(value)s” is not a decision: choose accept, waitlist or refuse."), params={"value": decision}
        )
    reason = (reason or "").strip()
    if decision == "refuse" and not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal: the artisan will read it.")})
    new_status = DECISIONS[decision]
    with transaction.atomic():
        exhibition = _locked(application.exhibition)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if exhibition.status not in DECISION_STATUSES:
            raise ValidationError(
                _("Applications to “%(title)s” cannot be decided while it is “%(status)s”."),
                code="wrong_status",
                params={"title": exhibition.title, "status": str(S(exhibition.status).label)},
            )
        if app.status == A.WITHDRAWN:
            raise ValidationError(_("This application was withdrawn by the applicant: it cannot be decided."))
        if new_status == A.ACCEPTED and app.status != A.ACCEPTED:
            accepted = Application.objects.filter(exhibition=exhibition, status=A.ACCEPTED).count()
            if accepted >= exhibition.capacity:
                raise ValidationError(
                    _(
                        "“%(title)s” is full: %(accepted)s participants are accepted "
                        "for a capacity of %(capacity)s. "
                        "Waitlist the application or raise the capacity."
                    ),
                    code="over_capacity",
                    params={"title": exhibition.title, "accepted": accepted, "capacity": exhibition.capacity},
                )
        if new_status != A.ACCEPTED:
            StandAssignment.objects.filter(application=app).delete()
        app.status = new_status
        app.reason = reason
        app.decided_at = timezone.now()
        app.decided_by = by if getattr(by, "pk", None) else None
        app.save(update_fields=["status", "reason", "decided_at", "decided_by"])
        if notify:
            _notify_decision(app)
    application.status, application.reason, application.decided_at = app.status, app.reason, app.decided_at
    return app


def _recipient(application: Application) -> str:
    artisan = application.artisan
    if artisan is None:
        return ""
    if getattr(artisan, "email", ""):
        return artisan.email
    user = getattr(artisan, "user", None)
    return getattr(user, "email", "") or ""


def _notify_decision(application: Application) -> None:
    """Tell the applicant, in their language, through the outbox (sent after commit, retried, visible to staff)."""
    application = Application.objects.select_related("exhibition", "artisan", "artisan__user").get(
        pk=application.pk
    )
    artisan = application.artisan
    mail_send(
        to=_recipient(application),
        template="exhibitions/email/decision.txt",
        context={"application": application, "exhibition": application.exhibition},
        language=artisan.language if artisan is not None else None,
    )


# --- Reminders -----------------------------------------------------------------------------------------------

# The Exhibitions office is told once about each open call for participation that closes within this many days.
CALL_REMIND_DAYS = 7
CALL_REMINDER = "exhibitions.call_closing"


def calls_closing_remind(*, today: dt.date | None = None) -> dict:
    """Tell the Exhibitions office, once per call, about the calls for participation that close within
    CALL_REMIND_DAYS days (one e-mail per person listing them). A call whose closing day is moved is a new call
    and is reminded again; a run with nothing new sends nothing."""
    today = today or timezone.localdate()
    fresh, recipients = office_remind(
        topic=CALL_REMINDER,
        # The closing date is the state: a call whose closing day moves is reminded again.
        due=(
            (exhibition, exhibition.pk, str(exhibition.call_closes_on))
            for exhibition in calls_closing(today=today, within_days=CALL_REMIND_DAYS)
        ),
        role=EXHIBITIONS,
        template="exhibitions/email/calls_closing.txt",
        subject=gettext_lazy("Calls for participation closing soon"),
        context_name="exhibitions",
        today=today,
    )
    return {"calls": len(fresh), "emails": len(recipients)}


# --- Stands -------------------------------------------------------------------------------------------------


def stand_assign(*, application: Application, number: int, by=None) -> StandAssignment:
    """Give stand `number` to an accepted application; a stand already taken is refused."""
    exhibition = application.exhibition
    if application.status != A.ACCEPTED:
        raise ValidationError(_("Only an accepted participant gets a stand."), code="not_accepted")
    if not 1 <= int(number) <= exhibition.stand_count:
        raise _field_error(
            "number",
            _("Stand %(number)s does not exist: “%(title)s” has stands 1 to %(count)s."),
            params={"number": number, "title": exhibition.title, "count": exhibition.stand_count},
        )
    try:
        with transaction.atomic():
            assignment, _created = StandAssignment.objects.update_or_create(
                application=application, defaults={"exhibition": exhibition, "number": int(number)}
            )
    except IntegrityError:
        raise _field_error(
            "number",
            _("Stand %(label)s of “%(title)s” is already assigned to another participant."),
            code="stand_taken",
            params={"label": exhibition.stand_label(int(number)), "title": exhibition.title},
        ) from None
    return assignment


@transaction.atomic
def stand_unassign(*, assignment: StandAssignment, by=None) -> None:
    assignment.delete()


def stands_assign_remaining(*, exhibition: Exhibition, by=None) -> int:
    """Give free stands, in order, to accepted participants without one; returns how many were given."""
    with transaction.atomic():
        current = _locked(exhibition)
        taken = set(StandAssignment.objects.filter(exhibition=current).values_list("number", flat=True))
        free = (n for n in range(1, current.stand_count + 1) if n not in taken)
        waiting = Application.objects.filter(
            exhibition=current, status=A.ACCEPTED, stand__isnull=True
        ).order_by("decided_at", "pk")
        given = []
        for application in waiting:
            number = next(free, None)
            if number is None:
                break
            given.append(StandAssignment(exhibition=current, application=application, number=number))
        StandAssignment.objects.bulk_create(given)
    return len(given)


# --- Results ------------------------------------------------------------------------------------------------


def _check_results_allowed(exhibition: Exhibition) -> None:
    if exhibition.status not in (S.CONFIRMED, *RESULT_STATUSES):
        raise ValidationError(
            _(
                "Results of “%(title)s” can be recorded once it is confirmed or held, "
                "not while it is “%(status)s”."
            ),
            params={"title": exhibition.title, "status": str(S(exhibition.status).label)},
        )


def visitors_record(*, exhibition: Exhibition, visitors: int, day=None, by=None) -> VisitorCount:
    """Record the visitors of one day (or, with no day, of the whole exhibition); recording again replaces."""
    _check_results_allowed(exhibition)
    if visitors is None or int(visitors) < 0:
        raise ValidationError({"visitors": _("The number of visitors cannot be negative.")})
    if day is not None and not exhibition.start_date <= day <= exhibition.end_date:
        raise _field_error(
            "day",
            _("%(day)s is not a day of “%(title)s” (%(start)s – %(end)s)."),
            params={
                "day": day.isoformat(),
                "title": exhibition.title,
                "start": exhibition.start_date.isoformat(),
                "end": exhibition.end_date.isoformat(),
            },
        )
    others = VisitorCount.objects.filter(exhibition=exhibition)
    # Mixing a whole-exhibition total with daily counts would count the same visitors twice.
    if others.filter(day__isnull=(day is not None)).exists():
        raise ValidationError(
            _("Record visitors either per day or as one total for “%(title)s”, not both."),
            params={"title": exhibition.title},
        )
    count, _created = VisitorCount.objects.update_or_create(
        exhibition=exhibition, day=day, defaults={"visitors": int(visitors)}
    )
    return count


@transaction.atomic
def visitors_update(*, count: VisitorCount, by=None, **changes) -> VisitorCount:
    """Correct a recorded count (its day or its number), with visitors_record's rules."""
    visitors, day = changes.get("visitors", count.visitors), changes.get("day", count.day)
    exhibition = count.exhibition
    count.delete()
    return visitors_record(exhibition=exhibition, visitors=visitors, day=day, by=by)


@transaction.atomic
def visitors_delete(*, count: VisitorCount, by=None) -> None:
    count.delete()


def _check_amount(value, *, where: str) -> Decimal:
    try:
        amount = (
            Decimal(str(value).replace(" ", "").replace(",", "."))
            if not isinstance(value, Decimal)
            else value
        )
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(where)s: “%(value)s” is not an amount in dirhams."), params={"where": where, "value": value}
        ) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError(
            _("%(where)s: the amount %(value)s must be zero or more."),
            params={"where": where, "value": value},
        )
    return amount.quantize(Decimal("0.01"))


def sales_record(*, application: Application, amount, by=None) -> Application:
    """Record what an accepted participant sold, in MAD."""
    _check_results_allowed(application.exhibition)
    if application.status != A.ACCEPTED:
        raise ValidationError(_("Sales are recorded only for accepted participants."))
    application.sales_amount = _check_amount(amount, where=str(application.applicant_name))
    application.save(update_fields=["sales_amount"])
    return application


SALES_HEADERS = ("application", "participant", "stand", "sales_mad")


@dataclass
class SalesImportResult:
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def sales_import(*, exhibition: Exhibition, file: IO[bytes], by=None) -> SalesImportResult:
    """Import the participants' sales from an XLSX sheet (the one `sales_template_xlsx` produces).

    All or nothing: if any row is wrong, nothing is saved and every wrong row is reported by its number.
    """
    from openpyxl import load_workbook

    _check_results_allowed(exhibition)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("The file is not an XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip().lower() for c in next(rows, ())]
    if "application" not in header or "sales_mad" not in header:
        raise ValidationError(
            _("The first row must hold the column names; “application” and “sales_mad” are required.")
        )
    col_app, col_amount = header.index("application"), header.index("sales_mad")
    participants = {
        a.pk: a
        for a in Application.objects.filter(exhibition=exhibition, status=A.ACCEPTED).select_related(
            "artisan", "organisation"
        )
    }
    result = SalesImportResult()
    seen: set[int] = set()
    changes: list[Application] = []
    for index, row in enumerate(rows, start=2):
        if row is None or all(c in (None, "") for c in row):
            continue
        where = _("Row %(row)s") % {"row": index}
        raw_app = row[col_app] if col_app < len(row) else None
        raw_amount = row[col_amount] if col_amount < len(row) else None
        try:
            pk = int(raw_app)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            result.errors.append(
                _("%(where)s: “%(value)s” is not an application number.")
                % {"where": where, "value": raw_app or ""}
            )
            continue
        application = participants.get(pk)
        if application is None:
            result.errors.append(
                _("%(where)s: application %(value)s is not an accepted participant of this exhibition.")
                % {"where": where, "value": pk}
            )
            continue
        if pk in seen:
            result.errors.append(
                _("%(where)s: application %(value)s appears twice in the file.")
                % {"where": where, "value": pk}
            )
            continue
        seen.add(pk)
        if raw_amount in (None, ""):
            continue
        try:
            application.sales_amount = _check_amount(raw_amount, where=where)
        except ValidationError as exc:
            result.errors.extend(exc.messages)
            continue
        changes.append(application)
    if result.errors:
        raise ValidationError(result.errors)
    with transaction.atomic():
        Application.objects.bulk_update(changes, ["sales_amount"])
    result.updated = len(changes)
    return result
