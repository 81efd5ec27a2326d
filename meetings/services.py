"""Writes of the assembly's record: members, convening, attendance and quorum, votes and decisions, minutes approval.

Every status move happens here and a wrong move is refused with a translated reason. Once a session's minutes are
approved its facts are frozen: any attempt to change them is refused and recorded (FrozenEditAttempt).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chamber.formatting import format_date
from chamber.jobs import (
    JobRefused,
    job_defer_after_commit,
    job_file_store,
    job_progress,
    job_run_again,
    job_start,
)
from chamber.mail import mail_compose, mail_deliver
from chamber.models import JobRecord, OutboxMail
from chamber.richtext import clean_html
from chamber.roles import SECRETARIAT
from chamber.selectors import chamber_profile
from chamber.services import office_remind, outgoing_reference_next, record_write, register_next_number
from meetings.models import (
    FROZEN_MARK,
    RECOMMENDATION_FOLLOW_UP_FIELDS,
    SESSION_FREEZE_TRIGGER,
    AgendaItem,
    AgendaRequest,
    Attendance,
    Convocation,
    Decision,
    FrozenEditAttempt,
    Guest,
    Member,
    Recommendation,
    Session,
    refuse_frozen,
)
from meetings.selectors import decisions_posting_due, minutes_of_year, stored_sha256
from meetings.signals import agenda_item_carried, decision_recorded
from meetings.wording import decision_wording

S = Session.Status
logger = logging.getLogger("meetings.documents")

# The decisions register's counter (django-sequences), one per year: "meetings.decision.2026".
DECISION_REGISTER = "meetings.decision"


# --- members -------------------------------------------------------------------------------------------------


def member_check_associate_limit(*, member: Member) -> None:
    """Associate members may number at most a quarter of the elected members (sitting ones)."""
    if member.kind != Member.Kind.ASSOCIATE or member.status != Member.Status.SITTING:
        return
    sitting = Member.objects.filter(status=Member.Status.SITTING).exclude(pk=member.pk)
    elected = sitting.filter(kind=Member.Kind.ELECTED).count()
    associates = sitting.filter(kind=Member.Kind.ASSOCIATE).count() + 1
    if associates * 4 > elected:
        raise ValidationError(
            {
                "kind": _(
                    "Associate members may number at most a quarter of the elected members: with %(elected)d "
                    "elected members, at most %(limit)d associate members are allowed, and %(member)s would be "
                    "number %(count)d."
                )
                % {"elected": elected, "limit": elected // 4, "member": member, "count": associates}
            }
        )


@transaction.atomic
def member_save(*, member: Member, by=None) -> Member:
    """Create or update a member after checking the model rules and the associate limit."""
    member_check_associate_limit(member=member)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_delete(*, member: Member, by=None) -> None:
    member.delete()


# --- sessions ------------------------------------------------------------------------------------------------

ORDINARY_MONTHS = (2, 6, 10)


def session_warnings(*, session: Session) -> list[str]:
    """Advice that does not block: an ordinary session outside February, June and October."""
    warnings = []
    if (
        session.kind == Session.Kind.ORDINARY
        and session.starts_at
        and session.starts_at.month not in ORDINARY_MONTHS
    ):
        warnings.append(
            _("Ordinary sessions are expected in February, June and October; this one is in another month.")
        )
    if session.starts_at:
        day = timezone.localtime(session.starts_at).date()
        same_day = Session.objects.filter(starts_at__date=day).exclude(pk=session.pk).order_by("starts_at")
        for other in same_day:
            warnings.append(
                _("Another session, %(other)s, is on the same date (%(date)s) at %(venue)s.")
                % {"other": other, "date": format_date(day), "venue": other.venue}
            )
    return warnings


def session_validate(*, session: Session) -> None:
    """The rules that need the database: a members' request for an extraordinary session needs ⅔ of sitting members."""
    session.full_clean()
    if session.kind == Session.Kind.EXTRAORDINARY and session.requested_by == Session.RequestedBy.MEMBERS:
        sitting = sitting_elected_count()
        signed = session.requesting_members or 0
        if signed * 3 < sitting * 2:
            raise ValidationError(
                {
                    "requesting_members": _(
                        "%(signed)d members signed, but two thirds of the %(sitting)d sitting members "
                        "(at least %(needed)d) are needed to request an extraordinary session."
                    )
                    % {"signed": signed, "sitting": sitting, "needed": -(-sitting * 2 // 3)}
                }
            )


def sitting_elected_count() -> int:
    return Member.objects.filter(kind=Member.Kind.ELECTED, status=Member.Status.SITTING).count()


def _clean_rich_text(obj, base: str) -> None:
    """Summaries are stored cleaned (nh3): the field and each of its translations."""
    for field in obj._meta.concrete_fields:
        if field.name == base or field.name.startswith(f"{base}_"):
            value = getattr(obj, field.attname)
            if value:
                setattr(obj, field.attname, clean_html(value))


def _refuse_if_frozen(session: Session, *, target: str, via: str = "service", by=None) -> None:
    if Session.objects.filter(pk=session.pk, status=S.MINUTES_APPROVED).exists():
        raise refuse_frozen(session, target=target, via=via, by=by)


def _frozen_session_id(error: BaseException) -> int | None:
    """The session whose approved minutes a database refusal protected, or None for any other database error."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is None or not (diag.message_primary or "").startswith(FROZEN_MARK):
        return None
    detail = diag.message_detail or ""
    return int(detail.removeprefix("session=")) if detail.startswith("session=") else None


def _frozen_target(error: BaseException) -> str:
    """What was refused, named as a clerk reads it: the refused table's model, in the plural."""
    from django.apps import apps

    table = (str(error.__cause__).split(":", 1)[1].split(" of approved", 1)[0]).strip()
    for model in apps.get_app_config("meetings").get_models():
        if model._meta.db_table == table:
            return str(model._meta.verbose_name_plural)
    return str(_("the session's details"))


@contextlib.contextmanager
def frozen_refusals(*, via: str, by=None, target: str | None = None) -> Iterator[None]:
    """Turn PostgreSQL's refusal of a change to approved minutes into the clerk's message, and record the attempt.

    The block runs in a savepoint, so that after the refusal the attempt can still be recorded: in the caller's
    transaction if there is one, else at once. Other database errors pass through unchanged.
    """
    try:
        with transaction.atomic():
            yield
    except ValidationError as error:
        # A refusal by the models' own check, inside the block: its record went with the savepoint; write it again.
        attempt = getattr(error, "frozen", None)
        if attempt:
            FrozenEditAttempt.objects.create(**attempt)
        raise
    except DatabaseError as error:
        session_id = _frozen_session_id(error)
        if session_id is None:
            raise
        session = Session.objects.get(pk=session_id)
        raise refuse_frozen(session, target=target or _frozen_target(error), via=via, by=by) from error


def _frozen_guard(session_of, describe):
    """Refuse (and record, outside any rollback of the service's own transaction) a change to approved minutes.

    The check here gives the refusal before any work; the database's freeze catches what it cannot see (minutes
    approved by someone else after the check), and `frozen_refusals` gives that refusal the same message.
    """

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            session = session_of(kwargs)
            target = describe(kwargs)
            via, by = kwargs.get("via", "service"), kwargs.get("by")
            _refuse_if_frozen(session, target=target, via=via, by=by)
            with frozen_refusals(via=via, by=by, target=target):
                return function(*args, **kwargs)

        return wrapper

    return decorate


def _translations(obj, *fields: str) -> dict[str, str]:
    """The stored translations (modeltranslation's `<field>_<lang>` columns) of these fields of `obj`."""
    return {
        f"{field}_{lang}": getattr(obj, f"{field}_{lang}") for field in fields for lang in ("ar", "fr", "en")
    }


def _lock_session(session: Session) -> None:
    """Lock the session's row until the transaction ends, so that two clerks adding to it at once take turns
    instead of reading the same MAX(); the caller's object is kept, with whatever it holds that is not saved yet."""
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk", flat=True).first()


def _require_status(session: Session, *allowed: str, action: str) -> None:
    if session.status not in allowed:
        raise ValidationError(
            _("%(session)s cannot be %(action)s: it is “%(status)s”.")
            % {"session": session, "action": action, "status": session.get_status_display()}
        )


def _save_session(session: Session, *, fields: list[str] | None = None) -> None:
    """Every write of a session goes through here, so its `updated_at` (the open data's `updated_since`) moves
    with each change whatever the service."""
    session.updated_at = timezone.now()
    session.save(update_fields=None if fields is None else [*fields, "updated_at"])


def _session_touched(session_id: int) -> None:
    """A decision changed: the session's open-data record, which lists its decisions, changed with it."""
    Session.objects.filter(pk=session_id).update(updated_at=timezone.now())


@transaction.atomic
def session_create(*, by=None, **fields) -> Session:
    session = Session(**fields)
    _clean_rich_text(session, "opening_summary")
    session_validate(session=session)
    _save_session(session)
    return session


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the session's details"))
def session_update(*, session: Session, by=None, via: str = "service", **changes) -> Session:
    for name, value in changes.items():
        setattr(session, name, value)
    _clean_rich_text(session, "opening_summary")
    session_validate(session=session)
    _save_session(session)
    return session


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the session's details"))
def session_delete(*, session: Session, by=None, via: str = "service") -> None:
    session.delete()


def full_days_before(session: Session, *, today: dt.date | None = None) -> int:
    """Full days between today and the session's day, neither counted (sent on the 13th for the 22nd: 8)."""
    today = today or timezone.localdate()
    return (timezone.localtime(session.starts_at).date() - today).days - 1


@transaction.atomic
def session_convene(
    *, session: Session, by, override_reason: str = "", today: dt.date | None = None
) -> Session:
    """Planned → convened. An ordinary session needs the statutory notice unless Management overrides it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_status(session, S.PLANNED, action=_("convened"))
    minimum = chamber_profile().convocation_min_days
    days = full_days_before(session, today=today)
    if session.kind == Session.Kind.ORDINARY and days < minimum:
        if not override_reason:
            if days < 0:
                raise ValidationError(
                    _(
                        "%(session)s is dated %(date)s, which is already past; an ordinary session must be convened "
                        "at least %(minimum)d full days before. Management can override this with a reason."
                    )
                    % {
                        "session": session,
                        "date": format_date(timezone.localtime(session.starts_at).date()),
                        "minimum": minimum,
                    }
                )
            raise ValidationError(
                _(
                    "%(session)s is only %(days)d full days away; an ordinary session must be convened at least "
                    "%(minimum)d full days before. Management can override this with a reason."
                )
                % {"session": session, "days": days, "minimum": minimum}
            )
        if not (by and by.has_perm("meetings.override_convocation_notice")):
            raise ValidationError(_("Only Management can convene a session on short notice."))
        session.notice_override_by = by
        session.notice_override_reason = override_reason
    session.status = S.CONVENED
    session.convened_at = timezone.now()
    _save_session(session, fields=["status", "convened_at", "notice_override_by", "notice_override_reason"])
    return session


@dataclass(frozen=True)
class SendReport:
    sent: int  # convocations queued for delivery; each one's outcome shows in convocation_deliveries()
    without_email: list[str]


CONVOCATION_TASK = "meetings.convocation_deliver"


def _queue_convocation(convocation: Convocation) -> None:
    job_defer_after_commit(
        CONVOCATION_TASK, lock=f"mail-{convocation.mail_id}", convocation_id=convocation.pk
    )


def convocation_send(*, session: Session, by=None, channel: str = Convocation.Channel.EMAIL) -> SendReport:
    """Convene each sitting member: one job per member renders the member's letter in their language and e-mails
    it after commit. Each delivery is recorded on the member's convocation (queued, sent, or failed and why)."""
    if session.status not in (S.CONVENED, S.PLANNED):
        _require_status(session, S.CONVENED, action=_("sent convocations"))
    members = list(Member.objects.filter(status=Member.Status.SITTING).order_by("order", "name"))
    profile = chamber_profile()
    reply_to = [profile.email] if profile.email else []
    now = timezone.now()
    queued, missing = 0, []
    with transaction.atomic():
        for member in members:
            if channel == Convocation.Channel.EMAIL and not member.email:
                missing.append(str(member))
                continue
            mail = None
            if channel == Convocation.Channel.EMAIL:
                mail = mail_compose(
                    to=member.email,
                    template="meetings/email/convocation.txt",
                    context={"session": session, "member": member},
                    language=member.language,
                    reply_to=reply_to,
                )
            convocation, _created = Convocation.objects.update_or_create(
                session=session, member=member, defaults={"sent_at": now, "channel": channel, "mail": mail}
            )
            _convocation_number(convocation, by=by)
            if mail is not None:
                _queue_convocation(convocation)
            queued += 1
    return SendReport(sent=queued, without_email=missing)


def _convocation_number(convocation: Convocation, *, by=None) -> None:
    """The letter's number in the outgoing-mail register, once per member and session (a letter sent again keeps
    its number), taken in the sending transaction: a batch that fails leaves no hole in the register."""
    if convocation.reference_id is not None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Convocation to the %(label)s") % {"label": convocation.session.label}
    convocation.reference = outgoing_reference_next(
        sent_on=timezone.localdate(convocation.sent_at),
        addressee=str(convocation.member),
        subject=subject,
        by=by,
    )
    convocation.save(update_fields=["reference"])


def convocation_deliver(*, convocation: Convocation, last_attempt: bool = True) -> None:
    """Render one member's convocation letter in the member's language and e-mail it (the delivery job's work).

    Raises MailNotSent when the mail server refused it; the convocation's e-mail records why.
    """
    from meetings.documents import convocation_pdf

    mail = convocation.mail
    if mail is None or mail.state == OutboxMail.State.SENT:
        return
    document = convocation_pdf(
        session=convocation.session,
        member=convocation.member,
        lang=mail.language,
        reference=convocation.reference,
    )
    mail_deliver(
        mail=mail,
        attachments=[(document.filename, document.content, document.mimetype)],
        last_attempt=last_attempt,
    )


def convocation_resend(*, session: Session, by=None, convocations: Sequence[int] | None = None) -> int:
    """E-mail the letter again to every member whose convocation e-mail was not sent (or only to those of these
    `convocations`); returns how many."""
    count = 0
    not_sent = Convocation.objects.select_for_update().filter(
        session=session,
        channel=Convocation.Channel.EMAIL,
        mail__state__in=[OutboxMail.State.FAILED, OutboxMail.State.RETRYING],
    )
    if convocations is not None:
        not_sent = not_sent.filter(pk__in=list(convocations))
    with transaction.atomic():
        for convocation in not_sent:
            OutboxMail.objects.filter(pk=convocation.mail_id).update(state=OutboxMail.State.QUEUED)  # type: ignore[misc]
            job_run_again(CONVOCATION_TASK, lock=f"mail-{convocation.mail_id}", convocation_id=convocation.pk)
            count += 1
    return count


def convocation_hand_delivery_record(*, session: Session, member: Member, by=None) -> Convocation:
    """Record that a member received the letter by hand, against signature (for one the e-mail did not reach)."""
    convocation, _created = Convocation.objects.update_or_create(
        session=session,
        member=member,
        defaults={"sent_at": timezone.now(), "channel": Convocation.Channel.HAND},
    )
    _convocation_number(convocation, by=by)
    return convocation


# --- attendance and quorum -----------------------------------------------------------------------------------


def attendance_check(*, session: Session) -> None:
    """Refuse attendance on a session that is not convened yet: what every attendance write checks first (a form
    checks it too, to show the refusal beside the rows)."""
    _require_status(session, S.CONVENED, S.HELD, S.MINUTES_DRAFTED, S.POSTPONED, action=_("given attendance"))


@_frozen_guard(lambda kw: kw["attendance"].session, lambda kw: _("the attendance"))
def attendance_update(*, attendance: Attendance, by=None, via: str = "service", **changes) -> Attendance:
    """Change a recorded attendance (the member, the status, the reason), with attendance_record's rules."""
    attendance_check(session=attendance.session)
    reason = changes.get("reason", attendance.reason) or ""
    if changes.get("status", attendance.status) == Attendance.Status.EXCUSED and not reason.strip():
        member = changes.get("member", attendance.member)
        raise ValidationError(
            {"reason": _("Give the reason for the excused absence of %(member)s.") % {"member": member}}
        )
    return record_write(instance=attendance, fields=changes)


@_frozen_guard(lambda kw: kw["attendance"].session, lambda kw: _("the attendance"))
def attendance_delete(*, attendance: Attendance, by=None, via: str = "service") -> None:
    attendance.delete()


@_frozen_guard(
    lambda kw: kw["session"], lambda kw: _("the attendance of %(member)s") % {"member": kw["member"]}
)
def attendance_record(
    *, session: Session, member: Member, status: str, reason: str = "", by=None
) -> Attendance:
    attendance_check(session=session)
    if status == Attendance.Status.EXCUSED and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for the excused absence of %(member)s.") % {"member": member}}
        )
    attendance, _created = Attendance.objects.update_or_create(
        session=session, member=member, defaults={"status": status, "reason": reason.strip()}
    )
    return attendance


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the desk's attendance grid: a member, a status and, for an excused absence, its reason."""

    member: Member
    status: str
    reason: str = ""


@dataclass(frozen=True)
class AttendanceTally:
    present: int
    excused: int
    unexcused: int
    changed: int


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the attendance"))
def attendance_record_many(
    *, session: Session, entries: list[AttendanceEntry], by=None, via: str = "desk"
) -> AttendanceTally:
    """Record the whole attendance grid at once: every row is checked first, and nothing is written if one is wrong.

    Only the rows whose status or reason changed are saved, each through the model (so the audit trail records it).
    """
    _require_status(session, S.CONVENED, S.HELD, S.MINUTES_DRAFTED, S.POSTPONED, action=_("given attendance"))
    allowed = set(Attendance.Status.values)
    problems = []
    for entry in entries:
        if entry.status not in allowed:
            problems.append(
                _("%(member)s: “%(value)s” is not an attendance status.")
                % {"member": entry.member, "value": entry.status}
            )
        elif entry.status == Attendance.Status.EXCUSED and not entry.reason.strip():
            problems.append(
                _("Give the reason for the excused absence of %(member)s.") % {"member": entry.member}
            )
    if problems:
        raise ValidationError(problems)
    existing = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    changed = 0
    for entry in entries:
        reason = entry.reason.strip() if entry.status == Attendance.Status.EXCUSED else ""
        row = existing.get(entry.member.pk)
        if row is not None and row.status == entry.status and row.reason == reason:
            continue
        if row is None:
            row = Attendance(session=session, member=entry.member)
        row.status, row.reason = entry.status, reason
        row.save()
        changed += 1
    statuses = [entry.status for entry in entries]
    return AttendanceTally(
        present=statuses.count(Attendance.Status.PRESENT),
        excused=statuses.count(Attendance.Status.EXCUSED),
        unexcused=statuses.count(Attendance.Status.UNEXCUSED),
        changed=changed,
    )


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the guests"))
def guest_add(
    *,
    session: Session,
    title: str = "",
    name: str = "",
    kind: str = Guest.Kind.OFFICIAL,
    order: int | None = None,
    by=None,
    **translations,
) -> Guest:
    """A guest of the session; `translations` carries title_ar, title_fr… when the form gives them."""
    _lock_session(session)
    if order is None:
        order = (session.guests.aggregate(m=Max("order"))["m"] or 0) + 1
    fields = {"title": title} if title else {}
    return record_write(
        instance=Guest(session=session),
        fields={**fields, "name": name, "kind": kind, "order": order, **translations},
    )


@_frozen_guard(lambda kw: kw["guest"].session, lambda kw: _("the guests"))
def guest_update(*, guest: Guest, by=None, via: str = "service", **changes) -> Guest:
    return record_write(instance=guest, fields=changes)


@_frozen_guard(lambda kw: kw["guest"].session, lambda kw: _("the guests"))
def guest_delete(*, guest: Guest, by=None, via: str = "service") -> None:
    guest.delete()


def quorum_is_met(*, present: int, sitting: int, second_convening: bool) -> bool:
    profile = chamber_profile()
    if second_convening and not profile.second_convening_needs_quorum:
        return present >= 1
    rule = profile.quorum_rule
    if rule == profile.QuorumRule.ONE_THIRD:
        return present * 3 >= sitting
    if rule == profile.QuorumRule.ANY:
        return present >= 1
    return present * 2 > sitting


def quorum_threshold(*, sitting: int, second_convening: bool) -> int:
    """The smallest number of elected members present that meets the quorum (the desk shows it live)."""
    for present in range(sitting + 1):
        if quorum_is_met(present=present, sitting=sitting, second_convening=second_convening):
            return present
    return sitting + 1


@transaction.atomic
def session_open(*, session: Session, by=None) -> Session:
    """Count the quorum at opening: held when it is met, otherwise postponed for lack of quorum."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_status(session, S.CONVENED, action=_("opened"))
    sitting = sitting_elected_count()
    present = Attendance.objects.filter(
        session=session,
        status=Attendance.Status.PRESENT,
        member__kind=Member.Kind.ELECTED,
        member__status=Member.Status.SITTING,
    ).count()
    met = quorum_is_met(
        present=present, sitting=sitting, second_convening=session.convening == Session.Convening.SECOND
    )
    session.present_count, session.sitting_count, session.quorum_met = present, sitting, met
    session.status = S.HELD if met else S.POSTPONED
    _save_session(session, fields=["present_count", "sitting_count", "quorum_met", "status"])
    return session


@transaction.atomic
def session_second_convening_create(*, session: Session, starts_at: dt.datetime, by=None) -> Session:
    """One action after a lack of quorum: a second convening with the same agenda, at least N days later."""
    _require_status(session, S.POSTPONED, action=_("convened a second time"))
    minimum = chamber_profile().second_convening_min_days
    if starts_at.date() < (session.starts_at + dt.timedelta(days=minimum)).date():
        raise ValidationError(
            {
                "starts_at": _(
                    "A second convening must come at least %(days)d days after the first (%(date)s)."
                )
                % {"days": minimum, "date": timezone.localtime(session.starts_at).date().isoformat()}
            }
        )
    second = Session.objects.create(
        kind=session.kind,
        requested_by=session.requested_by,
        requesting_members=session.requesting_members,
        **_translations(session, "label", "venue"),
        starts_at=starts_at,
        chair=session.chair,
        convening=Session.Convening.SECOND,
        first_convening=session,
    )
    for item in session.items.all():
        copy = AgendaItem.objects.create(
            session=second,
            order=item.order,
            kind=item.kind,
            **_translations(item, "title"),
            presenter=item.presenter,
            approves_session=item.approves_session,
        )
        agenda_item_carried.send(sender=AgendaItem, source=item, copy=copy)
    return second


# --- agenda --------------------------------------------------------------------------------------------------


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the agenda"))
def agenda_item_add(
    *,
    session: Session,
    title: str = "",
    kind: str = AgendaItem.Kind.OTHER,
    order: int | None = None,
    by=None,
    **extra,
) -> AgendaItem:
    """An item at the end of the agenda (or at `order`); `extra` carries title_ar, title_fr, subject…"""
    _lock_session(session)
    if order is None:
        order = (session.items.aggregate(m=Max("order"))["m"] or 0) + 1
    if title:
        extra["title"] = title
    item = AgendaItem(session=session, order=order, kind=kind, **extra)
    _clean_rich_text(item, "summary")
    item.full_clean()
    item.save()
    return item


@_frozen_guard(lambda kw: kw["item"].session, lambda kw: _("the item «%(item)s»") % {"item": kw["item"]})
def agenda_item_update(*, item: AgendaItem, by=None, via: str = "service", **changes) -> AgendaItem:
    for name, value in changes.items():
        setattr(item, name, value)
    _clean_rich_text(item, "summary")
    item.full_clean()
    item.save()
    return item


@_frozen_guard(lambda kw: kw["item"].session, lambda kw: _("the item «%(item)s»") % {"item": kw["item"]})
def agenda_item_delete(*, item: AgendaItem, by=None, via: str = "service") -> None:
    item.delete()


@transaction.atomic
def agenda_request_create(*, session: Session, by=None, **fields) -> AgendaRequest:
    """A member's written request, as received; it is then accepted or refused (below), never written as either."""
    fields = {**fields, "status": AgendaRequest.Status.PENDING}
    return record_write(instance=AgendaRequest(session=session), fields=fields)


@transaction.atomic
def agenda_request_update(*, request: AgendaRequest, by=None, **changes) -> AgendaRequest:
    """Correct a request's details; a change of status accepts it (adding the item) or refuses it (with reasons)."""
    status = changes.pop("status", request.status)
    reason = changes.pop("refusal_reason", request.refusal_reason)
    if changes:
        record_write(instance=request, fields=changes)
    if status == request.status:
        if reason != request.refusal_reason:
            return record_write(instance=request, fields={"refusal_reason": reason})
        return request
    if status == AgendaRequest.Status.ACCEPTED:
        agenda_request_accept(request=request, by=by)
    elif status == AgendaRequest.Status.REFUSED:
        agenda_request_refuse(request=request, reason=reason or "", by=by)
    else:
        raise ValidationError({"status": _("An accepted or refused request cannot go back to pending.")})
    return request


@transaction.atomic
def agenda_request_delete(*, request: AgendaRequest, by=None) -> None:
    request.delete()


@_frozen_guard(lambda kw: kw["request"].session, lambda kw: _("the agenda requests"))
def agenda_request_refuse(*, request: AgendaRequest, reason: str, by=None) -> AgendaRequest:
    if not reason.strip():
        raise ValidationError({"refusal_reason": _("A refusal must state its reasons.")})
    if request.status != AgendaRequest.Status.PENDING:
        raise ValidationError(_("Only a pending request can be refused."))
    request.status, request.refusal_reason = AgendaRequest.Status.REFUSED, reason.strip()
    request.save(update_fields=["status", "refusal_reason"])
    return request


@transaction.atomic
def agenda_request_accept(*, request: AgendaRequest, by=None) -> AgendaItem:
    if request.status != AgendaRequest.Status.PENDING:
        raise ValidationError(_("Only a pending request can be accepted."))
    item = agenda_item_add(session=request.session, title=request.subject, by=by)
    request.status = AgendaRequest.Status.ACCEPTED
    request.save(update_fields=["status"])
    return item


# --- the minutes' texts: summaries and recommendations ---------------------------------------------------------


@_frozen_guard(lambda kw: kw["session"], lambda kw: _("the summaries"))
def minutes_summaries_update(
    *,
    session: Session,
    opening_summary: str,
    item_summaries: Mapping[int, str],
    language: str = "ar",
    by=None,
    via: str = "service",
) -> int:
    """Save the opening summary and each agenda item's summary of the discussion, in `language`, cleaned by nh3
    (through session_update and agenda_item_update); all or nothing. Returns how many texts changed."""
    changed = 0
    opening = clean_html(opening_summary)
    if opening != (getattr(session, f"opening_summary_{language}") or ""):
        session_update(session=session, by=by, via=via, **{f"opening_summary_{language}": opening})
        changed += 1
    items = {item.pk: item for item in session.items.all()}
    for pk, html in item_summaries.items():
        item = items.get(pk)
        if item is None:
            raise ValidationError(
                _("Agenda item %(item)s is not on the agenda of %(session)s.")
                % {"item": pk, "session": session}
            )
        summary = clean_html(html)
        if summary != (getattr(item, f"summary_{language}") or ""):
            agenda_item_update(item=item, by=by, via=via, **{f"summary_{language}": summary})
            changed += 1
    return changed


def _recommendations_target(kw) -> str:
    return _("the recommendations")


@_frozen_guard(lambda kw: kw["session"], _recommendations_target)
def recommendation_create(*, session: Session, by=None, via: str = "service", **fields) -> Recommendation:
    """A recommendation of the session (its text, who carries it out, the deadline), printed in its minutes."""
    return record_write(instance=Recommendation(session=session), fields=fields)


def recommendation_update(
    *, recommendation: Recommendation, by=None, via: str = "service", **changes
) -> Recommendation:
    """Correct a recommendation; once its session's minutes are approved only its follow-up status may change."""
    # What approved minutes print of it is frozen with them; its follow-up (models.RECOMMENDATION_FOLLOW_UP_FIELDS,
    # which the database's freeze lets change too) goes on.
    if set(changes).difference(RECOMMENDATION_FOLLOW_UP_FIELDS):
        sessions = [recommendation.session]
        if isinstance(changes.get("session"), Session):
            sessions.append(changes["session"])
        for session in sessions:
            _refuse_if_frozen(session, target=str(_recommendations_target({})), via=via, by=by)
    else:
        # Only the follow-up: set on the stored row, so that nothing else the caller's instance carries (an admin
        # form's instance reads an empty translation as '' where the row holds NULL) reaches the frozen columns.
        recommendation = Recommendation.objects.get(pk=recommendation.pk)
    # Minutes approved by someone else after the check: the database refuses, the clerk gets the same message.
    with frozen_refusals(via=via, by=by, target=str(_recommendations_target({}))):
        return record_write(instance=recommendation, fields=changes)


@_frozen_guard(lambda kw: kw["session"], _recommendations_target)
def recommendations_edit(
    *,
    session: Session,
    created: Sequence[Mapping[str, object]] = (),
    changed: Mapping[int, Mapping[str, object]] | None = None,
    deleted: Sequence[int] = (),
    by=None,
    via: str = "service",
) -> int:
    """The desk's recommendations table saved at once, all or nothing: rows added, corrected (by id) and deleted
    (by id), each through its own service. Returns how many rows were written."""
    rows = {r.pk: r for r in session.recommendations.all()}
    unknown = (set(changed or {}) | set(deleted)) - set(rows)
    if unknown:
        raise ValidationError(
            _("Recommendation %(id)s is not one of %(session)s.") % {"id": min(unknown), "session": session}
        )
    for pk in deleted:
        recommendation_delete(recommendation=rows[pk], by=by, via=via)
    for pk, changes in (changed or {}).items():
        if pk not in deleted and changes:
            recommendation_update(recommendation=rows[pk], by=by, via=via, **changes)
    for fields in created:
        recommendation_create(session=session, by=by, via=via, **fields)
    return len(deleted) + len([c for c in (changed or {}).values() if c]) + len(created)


@_frozen_guard(lambda kw: kw["recommendation"].session, _recommendations_target)
def recommendation_delete(*, recommendation: Recommendation, by=None, via: str = "service") -> None:
    recommendation.delete()


# --- votes and decisions -------------------------------------------------------------------------------------


def _voters_present(session: Session) -> int:
    return Attendance.objects.filter(
        session=session, status=Attendance.Status.PRESENT, member__kind=Member.Kind.ELECTED
    ).count()


def _subject_of(item: AgendaItem) -> str:
    """The decision reads «صادقت الجمعية العامة على <subject>»: the item's subject, or its title when it has none."""
    with translation.override("ar"):
        arabic = _translations(item, "subject", "title")
        return (arabic["subject_ar"] or item.subject or arabic["title_ar"] or item.title).strip().rstrip(".")


@_frozen_guard(lambda kw: kw["item"].session, lambda kw: _("the vote on «%(item)s»") % {"item": kw["item"]})
def decision_record(
    *,
    item: AgendaItem,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    president_vote: str = "",
    by=None,
) -> Decision:
    """Record the open vote on an item: outcome by absolute majority of votes cast, president's side on a tie.

    The decision gets the next number of the year's register. An adopted minutes-approval item approves the
    previous session's minutes. Then `decision_recorded` is sent, in the same transaction: the agreements app
    answers it by approving the agreements put to that vote.
    """
    session = item.session
    _require_status(session, S.HELD, S.MINUTES_DRAFTED, action=_("given votes"))
    if min(votes_for, votes_against, abstentions) < 0:
        raise ValidationError(_("Vote counts cannot be negative."))
    present = session.present_count if session.present_count is not None else _voters_present(session)
    total = votes_for + votes_against + abstentions
    if total > present:
        raise ValidationError(
            _(
                "The counts for «%(item)s» add up to %(total)d votes (%(for)d for, %(against)d against, "
                "%(abstain)d abstaining), more than the %(present)d members present."
            )
            % {
                "item": item,
                "total": total,
                "for": votes_for,
                "against": votes_against,
                "abstain": abstentions,
                "present": present,
            }
        )
    if votes_for + votes_against == 0:
        raise ValidationError(
            _("No vote was cast for or against «%(item)s»; nothing can be decided.") % {"item": item}
        )
    tie = votes_for == votes_against
    if tie:
        if president_vote not in (Decision.Side.FOR, Decision.Side.AGAINST):
            raise ValidationError(
                {
                    "president_vote": _(
                        "The vote on «%(item)s» is tied (%(n)d–%(n)d): record the president's vote, for or "
                        "against, since the president's side prevails."
                    )
                    % {"item": item, "n": votes_for}
                }
            )
        adopted = president_vote == Decision.Side.FOR
    else:
        adopted = votes_for > votes_against
    wording = decision_wording(
        subject=_subject_of(item),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        adopted=adopted,
        tie=tie,
    )
    decided_on = timezone.localtime(session.starts_at).date()
    existing = Decision.objects.filter(item=item).first()
    if existing is not None:
        decision = existing
    else:
        year = decided_on.year
        number = register_next_number(register=DECISION_REGISTER, year=year)
        decision = Decision(item=item, session=session, year=year, number=number)
    decision.votes_for, decision.votes_against, decision.abstentions = votes_for, votes_against, abstentions
    decision.president_vote = president_vote
    decision.outcome = Decision.Outcome.ADOPTED if adopted else Decision.Outcome.REJECTED
    decision.wording = wording
    decision.decided_on = decided_on
    decision.save()
    _session_touched(session.pk)

    if adopted and item.kind == AgendaItem.Kind.MINUTES_APPROVAL and item.approves_session is not None:
        minutes_approve(session=item.approves_session, by=by, decision=decision)
    decision_recorded.send(sender=Decision, item=item, decision=decision, by=by)
    return decision


@_frozen_guard(
    lambda kw: kw["decision"].session,
    lambda kw: _("the decision %(decision)s") % {"decision": kw["decision"]},
)
def decision_delete(*, decision: Decision, by=None, via: str = "service") -> None:
    decision.delete()
    _session_touched(decision.session_id)


@_frozen_guard(
    lambda kw: kw["decision"].session,
    lambda kw: _("the wording of decision %(decision)s") % {"decision": kw["decision"]},
)
def decision_wording_update(*, decision: Decision, wording: str, by=None, via: str = "service") -> Decision:
    """The secretary corrects the generated wording before the minutes are approved."""
    wording = wording.strip()
    if not wording:
        raise ValidationError(
            {"wording": _("The wording of decision %(decision)s cannot be empty.") % {"decision": decision}}
        )
    decision.wording = wording
    decision.save(update_fields=["wording"])
    _session_touched(decision.session_id)
    return decision


def decision_post(*, decision: Decision, posted_on: dt.date | None = None, by=None) -> Decision:
    """Record the day the decision was posted at the seat (Law 18-09: within 8 full days after the session)."""
    posted_on = posted_on or timezone.localdate()
    if posted_on < decision.decided_on:
        raise ValidationError(
            {
                "posted_on": _("Decision %(decision)s cannot be posted on %(date)s, before it was taken.")
                % {"decision": decision, "date": format_date(posted_on)}
            }
        )
    if posted_on > timezone.localdate():
        raise ValidationError({"posted_on": _("The posting date cannot be in the future.")})
    if decision.posted_on == posted_on:
        return decision
    decision.posted_on = posted_on
    decision.save(update_fields=["posted_on"])
    return decision


# The Secretariat is told when a decision's posting limit is this many days away (and again once it has passed).
POSTING_REMIND_DAYS = 2
POSTING_REMINDER = "meetings.decision_posting"


def decisions_posting_remind(*, today: dt.date | None = None) -> dict:
    """Tell the Secretariat about the decisions not yet posted whose posting limit is near or past: once per
    decision when its limit is POSTING_REMIND_DAYS days away or less, once more when it has passed (one e-mail per
    person, listing the decisions newly in either state). A run with nothing new sends nothing."""
    today = today or timezone.localdate()
    fresh, recipients = office_remind(
        topic=POSTING_REMINDER,
        due=(
            (due, due.decision.pk, "late" if due.late else "soon")
            for due in decisions_posting_due(today=today, within_days=POSTING_REMIND_DAYS)
        ),
        role=SECRETARIAT,
        template="meetings/email/decisions_posting.txt",
        subject=gettext_lazy("Decisions to post at the seat: posting limit near or past"),
        context_name="decisions",
        today=today,
    )
    return {
        "decisions": len(fresh),
        "late": sum(1 for due in fresh if due.late),
        "emails": len(recipients),
    }


# --- minutes -------------------------------------------------------------------------------------------------


@transaction.atomic
def minutes_draft(*, session: Session, by=None) -> Session:
    """Held → minutes drafted: the secretary has written the summaries and the minutes can be proofread."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_status(session, S.HELD, action=_("marked as drafted"))
    session.status = S.MINUTES_DRAFTED
    _save_session(session, fields=["status"])
    return session


@transaction.atomic
def minutes_approve(*, session: Session, by=None, decision: Decision | None = None) -> Session:
    """Approve the minutes (the next session's vote, or a Management action) and freeze them with a final PDF."""
    if decision is None and not (by and by.has_perm("meetings.approve_minutes")):
        raise ValidationError(_("Only Management can approve minutes outside a session's vote."))
    # Minutes approved by a vote are approved on the day of the session that voted, whenever the vote is entered.
    approved_at = decision.item.session.starts_at if decision is not None else None
    return minutes_freeze(session=session, by=by, approved_at=approved_at)


def _minutes_name(session: Session, digest: str) -> str:
    """Stored minutes are named by their content (SHA-256): a different rendering never overwrites a file."""
    return f"meetings/minutes/{timezone.localtime(session.starts_at).year}/{digest}.pdf"


def _store_final_minutes(*, session: Session, content: bytes, digest: str) -> str:
    """Write the final minutes to storage under their content's name and read them back, before the approving
    transaction commits. If storage fails, this raises and the approval rolls back with it: no approved session
    ever points to a file that is not there. (A file written by a transaction that later rolls back stays, under
    its content's name, where the next approval of the same minutes finds it.)"""
    storage = Session._meta.get_field("minutes_pdf").storage
    name = _minutes_name(session, digest)
    try:
        if storage.exists(name) and stored_sha256(storage, name) == digest:
            return name
        stored = storage.save(name, ContentFile(content))
        if stored_sha256(storage, stored) != digest:
            raise OSError(f"{stored} does not read back as written")
    except Exception as error:  # any storage backend's failure: the approval must not go through
        logger.exception("final minutes of session %s could not be stored", session.pk)
        raise ValidationError(
            _(
                "The final minutes of %(session)s could not be stored (%(error)s): the minutes are not approved. "
                "Try again; if it happens again, call IT."
            )
            % {"session": session, "error": type(error).__name__}
        ) from error
    return stored


@transaction.atomic
def minutes_freeze(*, session: Session, by=None, approved_at: dt.datetime | None = None) -> Session:
    """Approve and freeze without a permission check: for minutes_approve and the demo data's historic sessions.

    `approved_at` is when the minutes were approved (the approving session's date; now when not given); it is
    printed on the final minutes, so it can never be before the session itself. The final PDF is stored before the
    approval is written, in the same transaction (house habit 3).
    """
    from meetings.documents import minutes_pdf

    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_status(session, S.HELD, S.MINUTES_DRAFTED, action=_("approved"))
    approved_at = approved_at or timezone.now()
    if approved_at < session.starts_at:
        raise ValidationError(
            _("Minutes cannot be approved on %(date)s, before their own session.")
            % {"date": format_date(timezone.localtime(approved_at).date())}
        )
    session.status = S.MINUTES_APPROVED
    session.minutes_approved_at = approved_at
    session.minutes_approved_by = by if by and by.pk else None
    document = minutes_pdf(session=session, final=True)
    digest = hashlib.sha256(document.content).hexdigest()
    session.minutes_pdf.name = _store_final_minutes(session=session, content=document.content, digest=digest)
    session.minutes_sha256 = digest
    _save_session(
        session,
        fields=["status", "minutes_approved_at", "minutes_approved_by", "minutes_sha256", "minutes_pdf"],
    )
    return session


# --- a year's minutes in one archive, made by a job ------------------------------------------------------------

MINUTES_BUNDLE_TASK = "meetings.minutes_bundle_render"


def minutes_bundle_start(*, year: int, by) -> JobRecord:
    """Queue the archive of `year`'s minutes (ZIP): the approved ones as stored, the others as drafts."""
    count = minutes_of_year(year=year).count()
    if not count:
        raise ValidationError(
            _("No session was held in %(year)s: there are no minutes to bundle.") % {"year": year}
        )
    return job_start(
        task=MINUTES_BUNDLE_TASK,
        label=_("Minutes of %(year)s (ZIP)") % {"year": year},
        by=by,
        total=count,
        year=year,
    )


def minutes_bundle_render(*, record: JobRecord, year: int) -> dict:
    """The job's work: one ZIP with each session's minutes and a SHA256SUMS file, stored for download.

    Approved minutes are the stored legal document, byte for byte, and are checked against the hash frozen with
    them: a missing or changed file fails the job, naming the session, rather than bundling something else. Minutes
    not yet approved are rendered now, with their draft mark."""
    import io
    import zipfile

    from meetings.documents import minutes_pdf

    storage = Session._meta.get_field("minutes_pdf").storage
    sessions = list(minutes_of_year(year=year))
    buffer = io.BytesIO()
    sums, approved = [], 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, session in enumerate(sessions, start=1):
            day = timezone.localtime(session.starts_at).date().isoformat()
            if session.status == S.MINUTES_APPROVED:
                name = session.minutes_pdf.name or ""
                if not name or not storage.exists(name):
                    raise JobRefused(
                        _("The approved minutes of %(session)s are missing from storage.")
                        % {"session": session}
                    )
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                if hashlib.sha256(content).hexdigest() != session.minutes_sha256:
                    raise JobRefused(
                        _("The stored minutes of %(session)s no longer match their approved hash.")
                        % {"session": session}
                    )
                filename = f"{day}-{session.pk}-minutes.pdf"
                approved += 1
            else:
                content = minutes_pdf(session=session).content
                filename = f"{day}-{session.pk}-minutes-draft.pdf"
            archive.writestr(filename, content)
            sums.append(f"{hashlib.sha256(content).hexdigest()}  {filename}\n")
            job_progress(record=record, done=done)
        archive.writestr("SHA256SUMS", "".join(sums))
    job_file_store(
        record=record, folder="minutes-bundles", filename=f"minutes-{year}.zip", content=buffer.getvalue()
    )
    return {"sessions": len(sessions), "approved": approved, "drafts": len(sessions) - approved}


# --- demo data only ------------------------------------------------------------------------------------------


@transaction.atomic
def minutes_rerender_demo(*, session: Session, by=None) -> Session:
    """Render a demo session's approved minutes again and store them in place of the old file, with an audit entry.

    For the demo data only (the chamber profile's demo flag, which seed_demo sets): minutes that an earlier
    `make run` froze with the wrong labels are replaced. Real minutes are a legal record; this refuses them. The
    database refuses any change to stored minutes; this demo-only path is the one place that lifts that refusal
    (pgtrigger.ignore).
    """
    from auditlog.models import LogEntry

    from chamber.selectors import is_demo_data
    from meetings.documents import minutes_pdf

    if not is_demo_data():
        raise ValidationError(demo_only_message())
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_status(session, S.MINUTES_APPROVED, action=_("rendered again"))
    document = minutes_pdf(session=session, final=True)
    digest = hashlib.sha256(document.content).hexdigest()
    old_name, old_digest = session.minutes_pdf.name, session.minutes_sha256
    if digest == old_digest and old_name and default_storage.exists(old_name):
        return session
    stored = _store_final_minutes(session=session, content=document.content, digest=digest)
    # The one path that lifts the database's freeze of stored minutes: demo data only, checked above, and audited.
    with pgtrigger.ignore(f"meetings.Session:{SESSION_FREEZE_TRIGGER}"):
        Session.objects.filter(pk=session.pk).update(
            minutes_sha256=digest, minutes_pdf=stored, updated_at=timezone.now()
        )
    session.refresh_from_db()
    LogEntry.objects.log_create(
        session,
        action=LogEntry.Action.UPDATE,
        changes={"minutes_sha256": [old_digest, digest], "minutes_pdf": [old_name, stored]},
        actor=by if by and by.pk else None,
        additional_data={"reason": "demo minutes rendered again (manage.py rerender_demo_minutes)"},
    )
    if old_name and old_name != stored:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return session


def demo_only_message() -> str:
    return _(
        "This database does not hold the demo data: approved minutes are a legal record and are never rendered "
        "again. Only the demo's minutes (a chamber profile loaded by seed_demo) can be."
    )
