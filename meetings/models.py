"""The general assembly's record: members, committees, sessions, agenda, attendance, votes, decisions and minutes.

Writes go through meetings.services; once a session's minutes are approved its facts (attendance, votes, decisions,
texts) are frozen, and the models below refuse any change to them, whoever asks (admin, service or import).
"""

from __future__ import annotations

import logging

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chamber.versioning import Versioned

logger = logging.getLogger("meetings.frozen")

# --- Freezes the database enforces ----------------------------------------------------------------------------------
# Once a session's minutes are approved, PostgreSQL itself refuses to change its facts and its stored final minutes,
# whatever the path (admin, service, QuerySet.update(), bulk_update, raw SQL). The triggers raise with FROZEN_MARK
# and the session's id in the detail, so that `meetings.freezes` can turn the refusal into the clerk's message.
FROZEN_MARK = "meetings.frozen"
APPROVED = "minutes_approved"

# The session's own facts frozen by the approval of its minutes, and the stored final minutes.
SESSION_FROZEN_FIELDS = (
    "kind",
    "label_ar",
    "label_fr",
    "starts_at",
    "venue_ar",
    "venue_fr",
    "chair_id",
    "secretary_absent_reason",
    "opening_summary_ar",
    "opening_summary_fr",
    "present_count",
    "sitting_count",
    "quorum_met",
)
SESSION_FINAL_DOCUMENT_FIELDS = (
    "status",
    "minutes_approved_at",
    "minutes_approved_by_id",
    "minutes_pdf",
    "minutes_sha256",
)
SESSION_FREEZE_TRIGGER = "freeze_approved_minutes"


def _refusal(row: str, session_id: str) -> str:
    return (
        f"RAISE EXCEPTION '{FROZEN_MARK}: % of approved minutes', TG_TABLE_NAME "
        f"USING ERRCODE = 'P0001', DETAIL = 'session=' || {row}.{session_id};"
    )


def session_freeze_trigger() -> pgtrigger.Trigger:
    """Approved minutes: no UPDATE of the frozen fields or of the stored document, no DELETE."""
    columns = (*SESSION_FROZEN_FIELDS, *SESSION_FINAL_DOCUMENT_FIELDS)
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    return pgtrigger.Trigger(
        name=SESSION_FREEZE_TRIGGER,
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF OLD.status = '{APPROVED}' AND (TG_OP = 'DELETE' OR ROW({old}) IS DISTINCT FROM ROW({new})) THEN
                {_refusal("OLD", "id")}
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        """,
    )


# What approved minutes print of a recommendation is frozen with them; its follow-up goes on (the columns that
# meetings.services.recommendation_update and the recommendations' freeze trigger let change after approval).
RECOMMENDATION_FOLLOW_UP_FIELDS = ("status",)


def facts_freeze_trigger(*, follow_up: tuple[str, ...] = ()) -> pgtrigger.Trigger:
    """A fact of approved minutes (attendance, guest, agenda item, decision, recommendation): no INSERT, UPDATE or
    DELETE.

    An UPDATE that changes nothing passes, as it changes no fact (and the version trigger leaves it alone too); so
    does one that changes only the `follow_up` columns (a recommendation's status). The rest of the row is compared
    whole (as JSON without those columns), so a column added later is frozen without touching the trigger.
    """

    def approved(row: str) -> str:
        # Built from constants of this module only (OLD/NEW and a status), never from input.
        return f"EXISTS (SELECT 1 FROM meetings_session s WHERE s.id = {row}.session_id AND s.status = '{APPROVED}')"  # noqa: S608

    unchanged = "OLD IS NOT DISTINCT FROM NEW"
    if follow_up:
        columns = "ARRAY[" + ", ".join(f"'{column}'" for column in follow_up) + "]"
        unchanged = f"(to_jsonb(OLD) - {columns}) = (to_jsonb(NEW) - {columns})"
    return pgtrigger.Trigger(
        name=SESSION_FREEZE_TRIGGER,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF TG_OP = 'UPDATE' AND {unchanged} THEN RETURN NEW; END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') AND {approved("OLD")} THEN
                {_refusal("OLD", "session_id")}
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND {approved("NEW")} THEN
                {_refusal("NEW", "session_id")}
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        """,
    )


class Member(models.Model):
    """A member of the general assembly: elected (votes) or associate (advises, does not vote)."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("Elected member")
        ASSOCIATE = "associate", _("Associate member")

    class Category(models.TextChoices):
        ARTISANS = "artisans", _("Traditional artisans")
        MASTER_ARTISANS = "master_artisans", _("Master artisans")
        COOPERATIVES = "cooperatives", _("Cooperatives")
        ENTERPRISES = "enterprises", _("Traditional industry enterprises")

    class Role(models.TextChoices):
        PRESIDENT = "president", pgettext_lazy("assembly role", "President")
        VICE_PRESIDENT = "vice_president", pgettext_lazy("assembly role", "Vice-president")
        SECRETARY = "secretary", pgettext_lazy("assembly role", "Secretary")
        ASSISTANT_SECRETARY = "assistant_secretary", pgettext_lazy("assembly role", "Assistant secretary")
        TREASURER = "treasurer", pgettext_lazy("assembly role", "Treasurer")
        MEMBER = "member", pgettext_lazy("assembly role", "Member")

    class Status(models.TextChoices):
        SITTING = "sitting", pgettext_lazy("member status", "Sitting")
        RESIGNED = "resigned", pgettext_lazy("member status", "Resigned")
        REMOVED = "removed", pgettext_lazy("member status", "Removed")
        DECEASED = "deceased", pgettext_lazy("member status", "Deceased")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ELECTED)
    category = models.CharField(
        _("electoral category"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("The category the member was elected in; empty for associate members."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    vice_president_rank = models.PositiveSmallIntegerField(
        _("vice-president rank"),
        null=True,
        blank=True,
        help_text=_("1 for the first vice-president, 2 for the second…; only for vice-presidents."),
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SITTING)
    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assembly_memberships",
        verbose_name=_("artisan"),
        help_text=_("Optional: the member's record in the artisans register."),
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Convocations are sent to this address."))
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ar",
        help_text=_("Convocations and e-mails to the member are written in this language."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position in attendance sheets and lists (bureau first).")
    )

    class Meta:
        verbose_name = _("assembly member")
        verbose_name_plural = _("assembly members")
        ordering = ["order", "name"]
        permissions = [("import_member", "Can import members"), ("export_member", "Can export members")]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="vice_president", vice_president_rank__isnull=False)
                | (~Q(role="vice_president") & Q(vice_president_rank__isnull=True)),
                name="meetings_member_vp_rank_iff_vp",
                violation_error_message=_(
                    "A vice-president needs a rank, and only a vice-president has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="meetings_member_term_order",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["vice_president_rank"],
                condition=Q(status="sitting", role="vice_president"),
                name="meetings_member_unique_vp_rank",
                violation_error_message=_("Another sitting vice-president already has this rank."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sitting_elected(self) -> bool:
        return self.kind == self.Kind.ELECTED and self.status == self.Status.SITTING

    def role_display(self) -> str:
        if self.role == self.Role.VICE_PRESIDENT and self.vice_president_rank:
            from chamber.formatting import format_number

            return f"{self.get_role_display()} {format_number(self.vice_president_rank)}"
        return self.get_role_display()


class Committee(models.Model):
    """A standing committee (لجنة دائمة) with its chair, vice-chair and members, elected by the assembly."""

    name = models.CharField(_("name"), max_length=200)
    remit = models.TextField(_("remit"), blank=True)
    chair = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_committees",
        verbose_name=_("chair"),
    )
    vice_chair = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vice_chaired_committees",
        verbose_name=_("vice-chair"),
    )
    members = models.ManyToManyField(Member, blank=True, related_name="committees", verbose_name=_("members"))

    class Meta:
        verbose_name = _("standing committee")
        verbose_name_plural = _("standing committees")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(chair__isnull=True) | ~Q(chair=models.F("vice_chair")),
                name="meetings_committee_chair_not_vice",
                violation_error_message=_("The chair and the vice-chair must be different members."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Session(Versioned, models.Model):
    """A session (دورة) of the general assembly, from planning to approved minutes."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary session")
        EXTRAORDINARY = "extraordinary", _("Extraordinary session")

    class RequestedBy(models.TextChoices):
        PRESIDENT = "president", _("The president")
        MINISTRY = "ministry", _("The ministry")
        GOVERNOR = "governor", _("The governor")
        MEMBERS = "members", _("Two thirds of sitting members")

    class Convening(models.TextChoices):
        FIRST = "first", _("First convening")
        SECOND = "second", _("Second convening")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("session status", "Planned")
        CONVENED = "convened", pgettext_lazy("session status", "Convened")
        HELD = "held", pgettext_lazy("session status", "Held")
        POSTPONED = "postponed", pgettext_lazy("session status", "Postponed for lack of quorum")
        MINUTES_DRAFTED = "minutes_drafted", pgettext_lazy("session status", "Minutes drafted")
        MINUTES_APPROVED = "minutes_approved", pgettext_lazy("session status", "Minutes approved")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    requested_by = models.CharField(
        _("requested by"),
        max_length=12,
        choices=RequestedBy.choices,
        blank=True,
        help_text=_("Only for an extraordinary session: who asked for it."),
    )
    requesting_members = models.PositiveSmallIntegerField(
        _("members who signed the request"),
        null=True,
        blank=True,
        help_text=_("When two thirds of sitting members asked: how many signed."),
    )
    label = models.CharField(_("label"), max_length=120, help_text=_("For example دورة يونيو 2023."))
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=255)
    convening = models.CharField(
        _("convening"), max_length=8, choices=Convening.choices, default=Convening.FIRST
    )
    first_convening = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_convenings",
        verbose_name=_("first convening"),
        help_text=_("The session postponed for lack of quorum that this second convening repeats."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    chair = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    secretary_absent_reason = models.CharField(
        _("reason the secretary does not sign"),
        max_length=255,
        blank=True,
        help_text=_("When filled, the assistant secretary signs the minutes and this reason is noted."),
    )
    opening_summary = models.TextField(
        _("opening summary"), blank=True, help_text=_("Simple formatting only.")
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    notice_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("short notice allowed by"),
    )
    notice_override_reason = models.CharField(_("reason for the short notice"), max_length=255, blank=True)
    present_count = models.PositiveSmallIntegerField(_("members present at opening"), null=True, blank=True)
    sitting_count = models.PositiveSmallIntegerField(_("sitting members at opening"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    minutes_pdf = models.FileField(_("final minutes (PDF)"), upload_to="meetings/minutes/%Y/", blank=True)
    minutes_sha256 = models.CharField(_("SHA-256 of the final minutes"), max_length=64, blank=True)
    updated_at = models.DateTimeField(
        _("updated at"),
        default=timezone.now,
        editable=False,
        help_text=_(
            "Moved by every change of the session or of its decisions (the open data's updated_since)."
        ),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        triggers = [session_freeze_trigger()]
        ordering = ["-starts_at"]
        permissions = [
            ("approve_minutes", "Can approve minutes"),
            ("override_convocation_notice", "Can convene a session on short notice"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="extraordinary") | Q(requested_by=""),
                name="meetings_session_requested_by_extraordinary",
                violation_error_message=_("Only an extraordinary session records who requested it."),
            ),
            models.CheckConstraint(
                condition=Q(convening="first", first_convening__isnull=True)
                | Q(convening="second", first_convening__isnull=False),
                name="meetings_session_second_convening_link",
                violation_error_message=_("A second convening must point to the session it repeats."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    # The session's own facts frozen by the approval of its minutes.
    FROZEN_FIELDS = SESSION_FROZEN_FIELDS

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED

    def clean(self) -> None:
        if self.kind == self.Kind.EXTRAORDINARY and not self.requested_by:
            raise ValidationError({"requested_by": _("Say who requested this extraordinary session.")})
        if self.requested_by == self.RequestedBy.MEMBERS and not self.requesting_members:
            raise ValidationError(
                {"requesting_members": _("Give the number of members who signed the request.")}
            )


class FrozenEditAttempt(models.Model):
    """An attempt to change a fact of approved minutes, refused and kept here for the record."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    target = models.CharField(_("what"), max_length=200)
    via = models.CharField(_("through"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("refused edit of approved minutes")
        verbose_name_plural = _("refused edits of approved minutes")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.session} — {self.target}"


def refuse_frozen(session: Session, *, target: str, via: str, by=None) -> ValidationError:
    """Record the attempt and return the error to raise: approved minutes are the legal record."""
    FrozenEditAttempt.objects.create(
        session=session, target=target[:200], via=via, by=by if by and by.pk else None
    )
    logger.warning("refused edit of approved minutes: session=%s target=%s via=%s", session.pk, target, via)
    error = ValidationError(
        _("The minutes of %(session)s are approved: %(target)s can no longer be changed.")
        % {"session": session, "target": target}
    )
    # What frozen_refusals needs to record the attempt again when the transaction it was written in rolls back.
    error.frozen = {
        "session": session,
        "target": target[:200],
        "via": via,
        "by": by if by and by.pk else None,
    }
    return error


class FrozenWithSession(models.Model):
    """Base for the facts of a session (agenda items, attendance, guests, decisions). Once the minutes are approved,
    PostgreSQL refuses to write them (facts_freeze_trigger), whatever the path; the services check first and turn
    the refusal into the clerk's message (meetings.services.frozen_refusals)."""

    class Meta:
        abstract = True


class AgendaItem(Versioned, FrozenWithSession):
    """One ordered item of a session's agenda, with the secretary's summary of the discussion."""

    class Kind(models.TextChoices):
        MINUTES_APPROVAL = "minutes_approval", _("Approval of the previous session's minutes")
        REPORT = "report", _("Report (literary or financial)")
        PRESENTATION = "presentation", _("Presentation by a partner organisation")
        AGREEMENT_APPROVAL = "agreement_approval", _("Approval of an agreement")
        PROGRAMME_APPROVAL = "programme_approval", _("Approval of the annual exhibition programme")
        COMMITTEES = "committees", _("Formation of committees")
        DELIBERATION = "deliberation", _("Deliberation")
        OTHER = "other", _("Other business")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name=_("session")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    subject = models.CharField(
        _("subject of the decision"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the decision is about, as it reads after «صادقت الجمعية العامة على», for example "
            "«مشروع اتفاقية الشراكة والتعاون بين …». Empty: the title is used."
        ),
    )
    presenter = models.CharField(
        _("presented by"),
        max_length=200,
        blank=True,
        help_text=_("For a presentation: the partner organisation."),
    )
    summary = models.TextField(
        _("summary of the discussion"),
        blank=True,
        help_text=_("Simple formatting only: paragraphs, bold, italics, lists. Other markup is removed."),
    )
    approves_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approving_items",
        verbose_name=_("minutes approved"),
        help_text=_("For a minutes-approval item: the session whose minutes are put to the vote."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        triggers = [facts_freeze_trigger()]
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="meetings_item_unique_order"),
            models.CheckConstraint(
                condition=Q(kind="minutes_approval") | Q(approves_session__isnull=True),
                name="meetings_item_approves_only_minutes",
                violation_error_message=_("Only a minutes-approval item links to a previous session."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_vote(self) -> bool:
        return self.kind in {
            self.Kind.MINUTES_APPROVAL,
            self.Kind.AGREEMENT_APPROVAL,
            self.Kind.PROGRAMME_APPROVAL,
            self.Kind.COMMITTEES,
            self.Kind.DELIBERATION,
        }


class AgendaRequest(models.Model):
    """A member's written request to add an item; a refusal's reasons are read at opening and go in the minutes."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("request status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
        REFUSED = "refused", pgettext_lazy("request status", "Refused")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="requests", verbose_name=_("session")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    subject = models.CharField(_("requested item"), max_length=300)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    refusal_reason = models.TextField(_("reasons for refusal"), blank=True)

    class Meta:
        verbose_name = _("agenda request")
        verbose_name_plural = _("agenda requests")
        ordering = ["session", "received_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="meetings_request_refusal_has_reason",
                violation_error_message=_("A refusal must state its reasons."),
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Attendance(FrozenWithSession):
    """Whether a member attended a session; an excused absence records its reason."""

    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        EXCUSED = "excused", pgettext_lazy("attendance", "Excused absence")
        UNEXCUSED = "unexcused", pgettext_lazy("attendance", "Unexcused absence")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason for absence"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        triggers = [facts_freeze_trigger()]
        ordering = ["session", "member__order", "member__name"]
        permissions = [
            ("import_attendance", "Can import attendance"),
            ("export_attendance", "Can export attendance"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="meetings_attendance_once"),
            models.CheckConstraint(
                condition=~Q(status="excused") | ~Q(reason=""),
                name="meetings_attendance_excuse_reason",
                violation_error_message=_("An excused absence needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class Guest(FrozenWithSession):
    """A non-voting attendee: an official (the governor's representative, a director, a parliamentarian) or an expert."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        EXPERT = "expert", _("Expert")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="guests", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    name = models.CharField(_("name"), max_length=150, blank=True)
    title = models.CharField(_("title"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        triggers = [facts_freeze_trigger()]
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return self.name or self.title


class Decision(Versioned, FrozenWithSession):
    """The vote on an agenda item and the decision it produced, numbered per year in the decisions register."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("decision", "Adopted")
        REJECTED = "rejected", pgettext_lazy("decision", "Rejected")

    class Side(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "For")
        AGAINST = "against", pgettext_lazy("vote", "Against")
        ABSTAIN = "abstain", pgettext_lazy("vote", "Abstention")

    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision", verbose_name=_("item")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("session")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    president_vote = models.CharField(
        _("president's vote"),
        max_length=8,
        choices=Side.choices,
        blank=True,
        help_text=_("Needed on a tie: the president's side prevails."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    wording = models.TextField(
        _("wording"), help_text=_("Generated from the counts when the vote is recorded.")
    )
    decided_on = models.DateField(_("decided on"))
    posted_on = models.DateField(
        _("posted at the seat on"),
        null=True,
        blank=True,
        help_text=_("Law 18-09: decisions are posted at the seat within 8 full days after the session."),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        triggers = [facts_freeze_trigger()]
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="meetings_decision_register_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def unanimous(self) -> bool:
        return self.votes_against == 0 and self.abstentions == 0 and self.votes_for > 0


class Recommendation(models.Model):
    """A recommendation (توصية) of a session, followed up across sessions until it is done or dropped. Once the
    minutes are approved PostgreSQL refuses to add, delete or reword one; only its follow-up status moves."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("recommendation", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("recommendation", "In progress")
        DONE = "done", pgettext_lazy("recommendation", "Done")
        DROPPED = "dropped", pgettext_lazy("recommendation", "Dropped")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("session")
    )
    text = models.TextField(_("text"))
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Who must carry it out."))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["deadline", "pk"]
        triggers = [facts_freeze_trigger(follow_up=RECOMMENDATION_FOLLOW_UP_FIELDS)]

    def __str__(self) -> str:
        return self.text[:80]


class Convocation(models.Model):
    """When and how a member was convened to a session."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        HAND = "hand", _("Hand delivery against signature")
        REGISTERED_MAIL = "registered_mail", _("Registered mail")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="convocations", verbose_name=_("session")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    sent_at = models.DateTimeField(_("sent at"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    mail = models.ForeignKey(
        "chamber.OutboxMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
        help_text=_("The e-mail that carries the letter: whether it was sent, or why not."),
    )
    reference = models.OneToOneField(
        "chamber.OutgoingMail",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outgoing reference"),
        help_text=_("The letter's number in the outgoing-mail register, printed on it."),
    )

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["session", "member__order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="meetings_convocation_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.member}"
