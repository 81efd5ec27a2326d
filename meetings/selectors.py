"""Reads of the assembly's record: the minutes' data, the public decisions register, the feed and the home page."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chamber.models import OutboxMail
from chamber.richtext import clean_html
from chamber.selectors import chamber_profile
from meetings import signals
from meetings.models import (
    AgendaItem,
    AgendaRequest,
    Attendance,
    Convocation,
    Decision,
    Member,
    Recommendation,
    Session,
)
from meetings.wording import quorum_sentence

Text = str | Promise  # a translated string, lazy or not

HELD_STATUSES = (Session.Status.HELD, Session.Status.MINUTES_DRAFTED, Session.Status.MINUTES_APPROVED)


def sitting_members():
    return Member.objects.filter(status=Member.Status.SITTING).order_by("order", "name")


def bureau_member(role: str) -> Member | None:
    return sitting_members().filter(role=role).order_by("vice_president_rank").first()


def session_items(*, session: Session) -> list[AgendaItem]:
    """The agenda in order, each item with `vote_records` (agenda_items_with_vote_records)."""
    items = list(session.items.select_related("decision", "approves_session").order_by("order"))
    return agenda_items_with_vote_records(items=items)


def agenda_items_with_vote_records(*, items: list[AgendaItem]) -> list[AgendaItem]:
    """`items`, each given `vote_records`: what later apps say it puts to the vote (the agreements of an
    agreement-approval item, through signals.agenda_vote_records), for an agenda to name them. One question for
    all the items, so that a page or a document asks the same few queries whatever the length of its agenda."""
    records: dict[int, list] = {}
    for _receiver, answer in signals.agenda_vote_records.send(sender=AgendaItem, items=items):
        for pk, found in (answer or {}).items():  # type: ignore[union-attr]
            records.setdefault(pk, []).extend(found)
    for item in items:
        item.vote_records = records.get(item.pk, [])  # type: ignore[attr-defined]
    return items


def session_for_minutes(*, session: Session) -> dict:
    """Everything the minutes print, read in a few queries and with the summaries sanitised."""
    attendances = list(
        Attendance.objects.filter(session=session)
        .select_related("member")
        .order_by("member__order", "member__name")
    )
    by_status = {
        status: [a for a in attendances if a.status == status] for status in Attendance.Status.values
    }
    items = session_items(session=session)
    for item in items:
        item.summary_html = clean_html(item.summary)  # type: ignore[attr-defined]
    present = session.present_count if session.present_count is not None else len(by_status["present"])
    sitting = (
        session.sitting_count
        if session.sitting_count is not None
        else Member.objects.filter(kind=Member.Kind.ELECTED, status=Member.Status.SITTING).count()
    )
    secretary = bureau_member(Member.Role.SECRETARY)
    assistant = bureau_member(Member.Role.ASSISTANT_SECRETARY)
    chair = session.chair or bureau_member(Member.Role.PRESIDENT)
    return {
        "session": session,
        "chair": chair,
        "items": items,
        "agenda_has_presenters": any(item.presenter for item in items),
        "present": by_status["present"],
        "excused": by_status["excused"],
        "unexcused": by_status["unexcused"],
        "guests": list(session.guests.all()),
        "refused_requests": list(
            session.requests.filter(status=AgendaRequest.Status.REFUSED).select_related("member")
        ),
        "recommendations": list(session.recommendations.all()),
        "carried_recommendations": list(
            open_recommendations().filter(session__starts_at__lt=session.starts_at).exclude(session=session)
        ),
        "quorum_text": quorum_sentence(present, sitting),
        "present_total": present,
        "sitting_total": sitting,
        "opening_html": clean_html(session.opening_summary),
        "secretary": secretary,
        "assistant_secretary": assistant,
        "secretary_signs": not session.secretary_absent_reason,
    }


def decision_for_item_title(*, session_label: str, title_contains: str) -> Decision | None:
    """The decision on the item of a session (by its Arabic label) whose title contains the given text.

    The agreements' and exhibitions' demo data use it to find the decisions that approved their records.
    """
    return (
        Decision.objects.select_related("item", "session")
        .filter(
            Q(session__label_ar=session_label) | Q(session__label=session_label),
            Q(item__title_ar__icontains=title_contains) | Q(item__title__icontains=title_contains),
        )
        .order_by("session__starts_at", "item__order")
        .first()
    )


def members_flagged_for_absences() -> set[int]:
    """Members with two consecutive unexcused absences from ordinary sessions (grounds for removal)."""
    sessions = list(
        Session.objects.filter(kind=Session.Kind.ORDINARY, status__in=HELD_STATUSES)
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    unexcused: dict[int, set[int]] = {}
    for member_id, session_id in Attendance.objects.filter(
        session_id__in=sessions, status=Attendance.Status.UNEXCUSED
    ).values_list("member_id", "session_id"):
        unexcused.setdefault(member_id, set()).add(session_id)
    flagged = set()
    for member_id, missed in unexcused.items():
        if any(a in missed and b in missed for a, b in itertools.pairwise(sessions)):
            flagged.add(member_id)
    return flagged


def open_recommendations():
    return (
        Recommendation.objects.filter(
            status__in=(Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS)
        )
        .select_related("session")
        .order_by("deadline", "pk")
    )


def published_sessions():
    """Held sessions with their decisions, newest first, for the public decisions register."""
    return (
        Session.objects.filter(status__in=HELD_STATUSES)
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("item").order_by("number"))
        )
        .order_by("-starts_at")
    )


def posting_deadline(session: Session) -> dt.date:
    """Decisions are posted at the seat and on the portal within this many full days after the session."""
    days = chamber_profile().decision_posting_days
    return timezone.localtime(session.starts_at).date() + dt.timedelta(days=days + 1)


def upcoming_sessions():
    return Session.objects.filter(
        status__in=(Session.Status.PLANNED, Session.Status.CONVENED), starts_at__gte=timezone.now()
    ).order_by("starts_at")


def latest_decisions(*, limit: int = 5):
    return (
        Decision.objects.filter(session__status__in=HELD_STATUSES)
        .select_related("item", "session")
        .order_by("-decided_on", "-number")[:limit]
    )


def portal_home_items() -> dict:
    decisions = list(latest_decisions())
    return {
        "key_figures": [
            {
                "label": _("decisions of the general assembly"),
                "value": Decision.objects.filter(session__status__in=HELD_STATUSES).count(),
            },
        ],
        "section": "meetings/portal/_home_section.html",
        "context": {"meetings_latest_decisions": decisions},
    }


# --- stored final documents -------------------------------------------------------------------------------------


def stored_sha256(storage, name: str) -> str:
    """The SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredDocumentCheck:
    record: str
    name: str
    expected: str
    actual: str  # empty when the file is missing

    @property
    def state(self) -> str:
        if not self.actual:
            return "missing"
        return "ok" if self.actual == self.expected else "mismatch"


def final_documents_check() -> Iterator[StoredDocumentCheck]:
    """Every stored final document (the approved minutes), hashed again and compared with the hash frozen with it."""
    storage = Session._meta.get_field("minutes_pdf").storage
    sessions = Session.objects.filter(status=Session.Status.MINUTES_APPROVED).order_by("starts_at", "pk")
    for session in sessions.only("pk", "label", "minutes_pdf", "minutes_sha256", "starts_at"):
        name = session.minutes_pdf.name or ""
        actual = stored_sha256(storage, name) if name and storage.exists(name) else ""
        yield StoredDocumentCheck(
            record=f"session {session.pk} ({session})",
            name=name,
            expected=session.minutes_sha256,
            actual=actual,
        )


def minutes_of_year(*, year: int) -> QuerySet[Session]:
    """The sessions held in `year` (local time), whose minutes exist as a draft or as the approved document."""
    return Session.objects.filter(status__in=HELD_STATUSES, starts_at__year=year).order_by("starts_at", "pk")


@dataclass(frozen=True)
class ConvocationDeliveries:
    """Who the convocations of a session reached, and who not yet (with the mail server's reason)."""

    sent: list[Convocation]
    by_hand: list[Convocation]
    queued: list[Convocation]
    failed: list[Convocation]  # failed for good or waiting for a retry: not reached yet

    @property
    def reached(self) -> list[Convocation]:
        return self.sent + self.by_hand


def convocation_deliveries(*, session: Session) -> ConvocationDeliveries:
    sent, by_hand, queued, failed = [], [], [], []
    convocations = Convocation.objects.filter(session=session).select_related("member", "mail")
    for convocation in convocations.order_by("member__order", "member__name"):
        if convocation.channel != Convocation.Channel.EMAIL:
            by_hand.append(convocation)
        elif convocation.mail is None or convocation.mail.state == OutboxMail.State.QUEUED:
            queued.append(convocation)
        elif convocation.mail.state == OutboxMail.State.SENT:
            sent.append(convocation)
        else:
            failed.append(convocation)
    return ConvocationDeliveries(sent=sent, by_hand=by_hand, queued=queued, failed=failed)


@dataclass(frozen=True)
class DeliveryRow:
    """What became of one member's convocation, as the desk shows it."""

    member: Member
    state: str  # "sent", "failed", "queued", "hand" or "none" (not sent yet)
    label: Text
    reason: str = ""  # the mail server's answer when it was not sent
    at: dt.datetime | None = None
    convocation_id: int | None = None


def convocation_delivery_rows(*, session: Session) -> list[DeliveryRow]:
    """Every sitting member (and anyone else convened) with the state of their convocation, read from the outbox:
    sent, failed (with the reason; retried or not), queued, handed over, or not sent yet. Two queries."""
    convocations = {
        c.member_id: c for c in Convocation.objects.filter(session=session).select_related("member", "mail")
    }
    members = list(sitting_members())
    seen = {m.pk for m in members}
    members += sorted(
        (c.member for c in convocations.values() if c.member_id not in seen), key=lambda m: (m.order, m.name)
    )
    rows = []
    for member in members:
        c = convocations.get(member.pk)
        if c is None:
            rows.append(DeliveryRow(member, "none", _("Not sent yet")))
        elif c.channel != Convocation.Channel.EMAIL:
            rows.append(
                DeliveryRow(member, "hand", c.get_channel_display(), at=c.sent_at, convocation_id=c.pk)
            )
        elif c.mail is None or c.mail.state == OutboxMail.State.QUEUED:
            rows.append(DeliveryRow(member, "queued", OutboxMail.State.QUEUED.label, at=c.sent_at,
                                    convocation_id=c.pk))  # fmt: skip
        elif c.mail.state == OutboxMail.State.SENT:
            rows.append(DeliveryRow(member, "sent", c.mail.get_state_display(), at=c.mail.sent_at,
                                    convocation_id=c.pk))  # fmt: skip
        else:
            rows.append(
                DeliveryRow(
                    member, "failed", c.mail.get_state_display(), reason=c.mail.error,
                    at=c.mail.last_attempt_at, convocation_id=c.pk,
                )
            )  # fmt: skip
    return rows


def resend_consequences(*, session: Session, convocations: list[int] | None = None) -> list[Text]:
    """What sending the convocations again does: who is e-mailed again."""
    rows = [r for r in convocation_delivery_rows(session=session) if r.state == "failed"]
    if convocations is not None:
        rows = [r for r in rows if r.convocation_id in convocations]
    if not rows:
        return [_("Nobody: every convocation e-mail of this session was sent or is still queued.")]
    return [
        _(
            "%(count)d members are e-mailed their convocation letter again (same letter, same number): %(names)s."
        )
        % {"count": len(rows), "names": "، ".join(str(r.member) for r in rows)},
        _("Each delivery shows on the desk: sent, or not sent with the mail server's reason."),
    ]


# --- the session desk ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskAction:
    key: str
    label: Text
    allowed: bool
    reason: Text = ""


@dataclass
class DeskStep:
    key: str
    label: Text
    current: bool
    actions: list[DeskAction] = field(default_factory=list)


ATTENDANCE_STATUSES = (
    Session.Status.CONVENED,
    Session.Status.HELD,
    Session.Status.MINUTES_DRAFTED,
    Session.Status.POSTPONED,
)
VOTING_STATUSES = (Session.Status.HELD, Session.Status.MINUTES_DRAFTED)


def items_open_for_vote() -> QuerySet[AgendaItem]:
    """The agenda items a vote can be recorded on in the decisions register: those of sessions held or with minutes
    drafted (never a planned or a frozen one) that have no decision yet; the newest session first."""
    return (
        AgendaItem.objects.filter(session__status__in=VOTING_STATUSES, decision__isnull=True)
        .select_related("session")
        .order_by("-session__starts_at", "session_id", "order")
    )


def attendance_grid(*, session: Session) -> list[dict]:
    """Every sitting member in protocol order, with the recorded attendance or, if none yet, an unexcused absence."""
    recorded = {a.member_id: a for a in Attendance.objects.filter(session=session)}
    rows = []
    for member in sitting_members():
        attendance = recorded.get(member.pk)
        rows.append(
            {
                "member": member,
                "elected": member.kind == Member.Kind.ELECTED,
                "status": attendance.status if attendance else Attendance.Status.UNEXCUSED,
                "reason": attendance.reason if attendance else "",
                "recorded": attendance is not None,
            }
        )
    return rows


def _step_of(session: Session) -> str:
    S = Session.Status
    steps: dict[str, str] = {
        S.PLANNED: "preparation",
        S.CONVENED: "sitting",
        S.POSTPONED: "sitting",
        S.HELD: "sitting",
        S.MINUTES_DRAFTED: "minutes",
        S.MINUTES_APPROVED: "approval",
    }
    return steps[session.status]


def desk_steps(*, session: Session, can_edit: bool, can_convene: bool, can_approve: bool) -> list[DeskStep]:
    """The session's life in four steps, the current one marked, each action with the reason it is not allowed yet."""
    S = Session.Status
    status = session.status
    frozen = _("The minutes are approved: the record is frozen.")
    not_secretariat = _("Only the Secretariat can do this.")

    def action(key, label, *, when, wrong_status, right=True, no_right=not_secretariat):
        if status == S.MINUTES_APPROVED:
            return DeskAction(key, label, False, frozen)
        if status not in when:
            return DeskAction(key, label, False, wrong_status)
        if not right:
            return DeskAction(key, label, False, no_right)
        return DeskAction(key, label, True)

    current = _step_of(session)
    steps = [
        DeskStep(
            "preparation",
            _("Preparation: agenda and convocation"),
            current == "preparation",
            [
                action(
                    "convene",
                    _("Mark as convened"),
                    when=(S.PLANNED,),
                    wrong_status=_("The session is already convened."),
                    right=can_convene,
                    no_right=_("Only the Secretariat or Management can convene."),
                ),
                action(
                    "send",
                    _("Send convocations by email"),
                    when=(S.PLANNED, S.CONVENED),
                    wrong_status=_("Convocations are sent before the session is held."),
                    right=can_edit,
                ),
            ],
        ),
        DeskStep(
            "sitting",
            _("The sitting: attendance, quorum and votes"),
            current == "sitting",
            [
                action(
                    "attendance",
                    _("Record the attendance"),
                    when=ATTENDANCE_STATUSES,
                    wrong_status=_("Convene the session first."),
                    right=can_edit,
                ),
                action(
                    "open",
                    _("Open: count the quorum"),
                    when=(S.CONVENED,),
                    wrong_status=_("Only a convened session is opened.")
                    if status == S.PLANNED
                    else _("The quorum has been counted."),
                    right=can_edit,
                ),
                action(
                    "votes",
                    _("Record the votes"),
                    when=VOTING_STATUSES,
                    wrong_status=_("Open the session and count the quorum first."),
                    right=can_edit,
                ),
            ],
        ),
        DeskStep(
            "minutes",
            _("The minutes: summaries, recommendations, draft PDF"),
            current == "minutes",
            [
                action(
                    "draft",
                    _("Minutes drafted"),
                    when=(S.HELD,),
                    wrong_status=_("The session must be held first.")
                    if status != S.MINUTES_DRAFTED
                    else _("The minutes are already drafted."),
                    right=can_edit,
                ),
            ],
        ),
        DeskStep(
            "approval",
            _("Approval of the minutes"),
            current == "approval",
            [
                action(
                    "approve",
                    _("Approve the minutes"),
                    when=VOTING_STATUSES,
                    wrong_status=_("The session must be held first."),
                    right=can_approve,
                    no_right=_("Only Management approves minutes."),
                ),
            ],
        ),
    ]
    return steps


def approval_consequences(*, session: Session) -> list[Text]:
    """What approving the minutes does, listed on the confirmation page before anything happens."""
    decisions = list(session.decisions.order_by("number"))
    return [
        _("The session becomes “%(status)s”; this cannot be undone.")
        % {"status": Session.Status.MINUTES_APPROVED.label},
        _(
            "Frozen for good: the session's details, %(attendance)d attendance rows, %(guests)d guests, "
            "%(items)d agenda items with their summaries and %(decisions)d decisions (%(references)s)."
        )
        % {
            "attendance": session.attendances.count(),
            "guests": session.guests.count(),
            "items": session.items.count(),
            "decisions": len(decisions),
            "references": "، ".join(d.reference for d in decisions) or "—",
        },
        _("The final minutes are rendered as a PDF now and stored with their SHA-256 fingerprint."),
        _("No e-mail is sent."),
    ]


def convocation_consequences(*, session: Session) -> list[Text]:
    """What sending the convocations does: who gets an e-mail, who has no address."""
    members = list(sitting_members())
    without = [str(m) for m in members if not m.email]
    lines: list[Text] = [
        _(
            "%(count)d sitting members are e-mailed their convocation letter (PDF attached), once the send is saved."
        )
        % {"count": len(members) - len(without)},
        _("Each send is recorded against the member, with its date."),
    ]
    if without:
        lines.append(
            _("%(count)d members have no e-mail address and get nothing: %(names)s.")
            % {"count": len(without), "names": "، ".join(without)}
        )
    return lines


def report_item(*, title_contains: str) -> AgendaItem | None:
    """The first report item on an agenda whose title contains these words."""
    return (
        AgendaItem.objects.filter(kind=AgendaItem.Kind.REPORT, title__contains=title_contains)
        .order_by("pk")
        .first()
    )


# --- the Secretariat's cards on the staff home (chamber.staff_home), one query each -----------------------------


def _local_date(value) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def card_sessions_to_convene(*, today: dt.date):
    """Planned sessions still ahead, with the last day that keeps the statutory notice for the nearest one."""
    from django.db.models import Count, Min

    from chamber.formatting import format_date
    from chamber.staff_home import Card

    row = Session.objects.filter(status=Session.Status.PLANNED, starts_at__date__gte=today).aggregate(
        count=Count("id"), first=Min("starts_at")
    )
    note, late = "", 0
    first = _local_date(row["first"])
    if first:
        last_day = first - dt.timedelta(days=chamber_profile().convocation_min_days + 1)
        late = int(last_day < today)
        note = _("Nearest on %(date)s: convene it by %(last)s to keep the %(days)s full days' notice.") % {
            "date": format_date(first),
            "last": format_date(last_day),
            "days": chamber_profile().convocation_min_days,
        }
    return Card(
        title=_("Sessions to convene"),
        count=row["count"],
        url_name="admin:meetings_session_changelist",
        query={"status__exact": Session.Status.PLANNED},
        note=note,
        late=late,
    )


def card_minutes_pending(*, today: dt.date):
    from django.db.models import Count

    from chamber.staff_home import Card

    row = Session.objects.aggregate(
        to_draft=Count("id", filter=Q(status=Session.Status.HELD)),
        to_approve=Count("id", filter=Q(status=Session.Status.MINUTES_DRAFTED)),
    )
    return Card(
        title=_("Minutes to draft or approve"),
        count=row["to_draft"] + row["to_approve"],
        url_name="admin:meetings_session_changelist",
        query={"status__in": f"{Session.Status.HELD},{Session.Status.MINUTES_DRAFTED}"},
        note=_("%(draft)s to draft, %(approve)s awaiting approval.")
        % {"draft": row["to_draft"], "approve": row["to_approve"]},
    )


# Decisions whose posting is still followed: those of sessions whose minutes are not approved yet.
POSTING_FOLLOWED = (Session.Status.HELD, Session.Status.MINUTES_DRAFTED)


def decisions_to_post():
    return Decision.objects.filter(posted_on__isnull=True, session__status__in=POSTING_FOLLOWED)


@dataclass(frozen=True)
class PostingDue:
    """A decision not yet posted, its posting limit and the days left before it (negative: late by that many)."""

    decision: Decision
    limit: dt.date
    days_left: int

    @property
    def late(self) -> bool:
        return self.days_left < 0


def decisions_posting_due(*, today: dt.date, within_days: int) -> list[PostingDue]:
    """The decisions to post (those the staff home's card counts) whose posting limit is at most `within_days`
    days away or already past, nearest limit first; the days left are counted as on that card."""
    days = chamber_profile().decision_posting_days
    # posting_deadline() is the session's day + days + 1: within reach when that day is at most today + within_days.
    last_session_day = today + dt.timedelta(days=within_days - days - 1)
    decisions = (
        decisions_to_post()
        .filter(session__starts_at__date__lte=last_session_day)
        .select_related("session", "item")
        .order_by("session__starts_at", "year", "number")
    )
    due = []
    for decision in decisions:
        limit = posting_deadline(decision.session)
        due.append(PostingDue(decision=decision, limit=limit, days_left=(limit - today).days))
    return due


def card_decisions_to_post(*, today: dt.date):
    """Decisions not yet posted, the days left before the nearest posting limit, and how many are late."""
    from django.db.models import Count, Min

    from chamber.staff_home import Card

    days = chamber_profile().decision_posting_days
    # posting_deadline(): the session's day + days + 1; late when that day is before today.
    late_before = today - dt.timedelta(days=days + 1)
    row = decisions_to_post().aggregate(
        count=Count("id"),
        late=Count("id", filter=Q(session__starts_at__date__lt=late_before)),
        first=Min("session__starts_at", filter=Q(session__starts_at__date__gte=late_before)),
    )
    note = ""
    first = _local_date(row["first"])
    if first:
        left = (first + dt.timedelta(days=days + 1) - today).days
        note = _(
            "Days left to post the nearest ones: %(left)s (limit: %(days)s full days after the session)."
        ) % {
            "left": left,
            "days": days,
        }
    if row["late"]:
        note = (
            _("%(late)s past the posting limit.") % {"late": row["late"]} + (" " + note if note else "")
        ).strip()
    return Card(
        title=_("Decisions to post at the seat"),
        count=row["count"],
        url_name="admin:meetings_decision_changelist",
        query={"posting": "due"},
        note=note,
        late=row["late"],
    )


def card_recommendations_overdue(*, today: dt.date):
    from chamber.staff_home import Card

    count = open_recommendations().filter(deadline__lt=today).count()
    return Card(
        title=_("Open recommendations past their deadline"),
        count=count,
        url_name="admin:meetings_recommendation_changelist",
        query={"status__in": "open,in_progress", "deadline__lt": today.isoformat()},
        late=count,
    )


def home_figures(*, today: dt.date):
    from django.db.models import Count

    from chamber.formatting import format_number
    from chamber.staff_home import Figure

    row = Decision.objects.filter(year=today.year).aggregate(n=Count("id"))
    held = Session.objects.filter(status__in=HELD_STATUSES, starts_at__year=today.year).count()
    return [
        Figure(label=_("Sessions held this year"), value=format_number(held)),
        Figure(label=_("Decisions this year"), value=format_number(row["n"])),
    ]


# --- Open data (portal/api) ----------------------------------------------------------------------------------


def open_data_sessions(
    *, year: int | None = None, status: str | None = None, updated_since: dt.datetime | None = None
) -> QuerySet[Session]:
    """The sessions of the public decisions register (held ones), each with its decisions and their items;
    `updated_since`: only those whose record or decisions changed at or after that moment."""
    qs = Session.objects.filter(status__in=HELD_STATUSES).prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("item").order_by("number"))
    )
    if year:
        qs = qs.filter(starts_at__year=year)
    if status:
        qs = qs.filter(status=status)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs


def open_data_decisions(*, year: int | None = None, outcome: str | None = None) -> QuerySet[Decision]:
    """Decisions of held sessions, as the public register lists them."""
    qs = Decision.objects.filter(session__status__in=HELD_STATUSES).select_related("item", "session")
    if year:
        qs = qs.filter(year=year)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs
