"""Partnership agreements: the partner directory, multi-party agreements with each party's contribution,
the projects they finance, clause follow-up and the annexed documents.

Status moves happen only in agreements.services; models hold data, simple DB constraints and clean() checks.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agreements.validators import validate_pdf
from chamber.identity import normalize_phone
from chamber.versioning import Versioned

ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}


class Partner(models.Model):
    """An organisation that can be party to an agreement: ministry, council, commune, agency, chamber…"""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or state secretariat")
        WILAYA = "wilaya", _("Wilaya, prefecture or province")
        REGION_COUNCIL = "region_council", _("Region council")
        PROVINCE_COUNCIL = "province_council", _("Province council")
        COMMUNE = "commune", _("Commune")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        CHAMBER = "chamber", _("Chamber")
        BANK = "bank", _("Bank")
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Cooperative")
        COMPANY = "company", _("Company")
        INTERNATIONAL = "international", _("International organisation")

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("For example INDH, OFPPT, CNSS.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="MA",
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166-1 country code, e.g. MA or SN."))
        ],
        help_text=_("Two-letter ISO 3166-1 code: MA for Morocco, SN for Senegal, BE for Belgium."),
    )
    commune = models.ForeignKey(
        "chamber.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("commune"),
        help_text=_("For a commune partner: the commune it is, in the chamber's geography."),
    )
    organisation = models.OneToOneField(
        "artisans.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner",
        verbose_name=_("organisation in the register"),
        help_text=_(
            "For a cooperative or craft enterprise already in the artisans register: "
            "link it, don't retype it."
        ),
    )
    address = models.TextField(_("address"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("International format, e.g. +212535000000.")
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        permissions = [
            ("import_partner", _("Can import partners")),
            ("export_partner", _("Can export partners")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(commune__isnull=True) | Q(kind="commune"),
                name="agreements_partner_commune_only_for_communes",
                violation_error_message=_("Only a partner of type commune can be linked to a commune."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone, region=self.country or "MA")
            except ValidationError as exc:
                errors["phone"] = exc.messages
        if self.organisation_id and self.kind not in (self.Kind.COOPERATIVE, self.Kind.COMPANY):
            errors["organisation"] = _(
                "Only a cooperative or a company partner can be linked to the register."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_foreign(self) -> bool:
        return self.country != "MA"


class Agreement(Versioned, models.Model):
    """A partnership or cooperation agreement (اتفاقية) between the chamber and one or more partners."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Framework agreement")
        PARTNERSHIP = "partnership", _("Partnership and cooperation agreement")
        SPECIFIC = "specific", _("Specific agreement")
        FIVE_PARTY = "five_party", _("Five-party agreement")
        PROGRAMME = "programme", _("Programme agreement")
        AMENDMENT = "amendment", _("Amendment")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
        APPROVED = "approved", pgettext_lazy("agreement status", "Approved by the general assembly")
        SIGNED = "signed", pgettext_lazy("agreement status", "Signed")
        IN_EXECUTION = "in_execution", pgettext_lazy("agreement status", "In execution")
        COMPLETED = "completed", pgettext_lazy("agreement status", "Completed")
        EXPIRED = "expired", pgettext_lazy("agreement status", "Expired")
        TERMINATED = "terminated", pgettext_lazy("agreement status", "Terminated")

    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("The chamber's reference number, e.g. TAO-2016."),
    )
    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTNERSHIP)
    objective = models.TextField(_("objective"), blank=True)
    programme = models.CharField(
        _("programme"),
        max_length=300,
        blank=True,
        help_text=_("e.g. the regional development programme 2022–2027."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text=_("Changed only by the lifecycle actions (approve, sign, start, complete, terminate)."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amended agreement"),
        help_text=_(
            "For an amendment (ملحق): the agreement it amends. It has its own approval and signature."
        ),
    )
    approval_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item of the approval vote"),
        help_text=_(
            "The general assembly's agenda item that puts this agreement to the vote: the decision recorded on "
            "it approves the agreement."
        ),
    )
    approval_decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="approved_agreements",
        verbose_name=_("approval decision"),
        help_text=_(
            "The general assembly's decision that approved the agreement; set when that decision is recorded."
        ),
    )
    historical_approval_reference = models.CharField(
        _("approval decision (paper register)"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_(
            "Only for agreements approved before the portal kept the assembly's decisions: "
            "the decision's number in the paper register."
        ),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    signature_date = models.DateField(_("signature date"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty and give a duration if only the duration is known."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    declared_budget = models.DecimalField(
        _("declared budget (MAD)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_(
            "The total written in the agreement. The portal compares it to the sum of the projects "
            "and shows any difference; it never overwrites it."
        ),
    )
    signed_scan = models.FileField(
        _("signed scan"),
        upload_to="agreements/signed/%Y/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("The signed agreement as a PDF."),
    )
    is_public = models.BooleanField(
        _("shown on the portal"),
        default=True,
        help_text=_("Signed agreements with this flag are listed on the portal."),
    )
    signed_scan_is_public = models.BooleanField(
        _("signed scan downloadable"),
        default=False,
        help_text=_("Let visitors of the portal download the signed scan."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True, editable=False)
    termination_reason = models.TextField(_("termination reason"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signature_date", "-created_at"]
        permissions = [
            ("import_agreement", _("Can import agreements")),
            ("export_agreement", _("Can export agreements")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="agreements_agreement_end_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(signature_date__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(signature_date__gte=models.F("approved_on")),
                name="agreements_agreement_signature_not_before_approval",
                violation_error_message=_("The signature date cannot be before the approval date."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(approval_decision__isnull=False)
                | ~Q(historical_approval_reference=""),
                name="agreements_agreement_approval_needs_decision",
                violation_error_message=_("An approved agreement must name the decision that approved it."),
            ),
            models.CheckConstraint(
                condition=Q(declared_budget__isnull=True) | Q(declared_budget__gte=0),
                name="agreements_agreement_budget_non_negative",
                violation_error_message=_("The declared budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end date must be after the start date.")
        if self.signature_date and self.approved_on and self.signature_date < self.approved_on:
            errors["signature_date"] = _("The signature date cannot be before the approval date.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agreement cannot amend itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_end_date(self) -> datetime.date | None:
        """The end date, or the start plus the duration when only a duration was given."""
        if self.end_date:
            return self.end_date
        if self.start_date and self.duration_months:
            month = self.start_date.month - 1 + self.duration_months
            year = self.start_date.year + month // 12
            month = month % 12 + 1
            day = min(self.start_date.day, 28)
            return datetime.date(year, month, day)
        return None

    @property
    def is_past_end(self) -> bool:
        """Flag for agreements still open (not completed/terminated) after their end date."""
        end = self.effective_end_date
        open_statuses = {
            self.Status.DRAFT,
            self.Status.APPROVED,
            self.Status.SIGNED,
            self.Status.IN_EXECUTION,
        }
        return bool(end and end < timezone.localdate() and self.status in open_statuses)


class AgreementParty(Versioned, models.Model):
    """A partner's place in an agreement: its role and what it commits to contribute."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        FINANCER = "financer", _("Financer")
        EXECUTING_AGENCY = "executing_agency", _("Executing agency")
        BENEFICIARY = "beneficiary", _("Beneficiary")
        COMMITTEE_MEMBER = "committee_member", _("Follow-up committee member")

    class ContributionKind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreement_parties", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SIGNATORY)
    contribution = models.DecimalField(
        _("committed contribution (MAD)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    contribution_kind = models.CharField(
        _("contribution kind"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.CASH
    )
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="agreements_party_once_per_agreement",
                violation_error_message=_("This partner is already a party to this agreement."),
            ),
            models.CheckConstraint(
                condition=Q(contribution__gte=0),
                name="agreements_party_contribution_non_negative",
                violation_error_message=_("A contribution cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.get_role_display()}"


class Project(Versioned, models.Model):
    """A project financed by an agreement, in one or more communes."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
        COMPLETED = "completed", pgettext_lazy("project status", "Completed")
        SUSPENDED = "suspended", pgettext_lazy("project status", "Suspended")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="projects", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=300)
    communes = models.ManyToManyField(
        "chamber.Commune", blank=True, related_name="agreement_projects", verbose_name=_("communes")
    )
    douar = models.CharField(
        _("douar"), max_length=120, blank=True, help_text=_("Optional: the douar (village).")
    )
    budget = models.DecimalField(
        _("budget (MAD)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    progress = models.DecimalField(
        _("physical progress (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    disbursed = models.DecimalField(
        _("amount disbursed (MAD)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    beneficiaries_total = models.PositiveIntegerField(_("beneficiaries"), default=0)
    beneficiaries_women = models.PositiveIntegerField(
        _("of whom women"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    beneficiaries_men = models.PositiveIntegerField(
        _("of whom men"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["agreement", "position", "id"]
        permissions = [
            ("import_project", _("Can import projects")),
            ("export_project", _("Can export projects")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(disbursed__gte=0),
                name="agreements_project_money_non_negative",
                violation_error_message=_("Budget and disbursed amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="agreements_project_progress_percent",
                violation_error_message=_("Physical progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(beneficiaries_women__isnull=True)
                | Q(beneficiaries_men__isnull=True)
                | Q(beneficiaries_total__gte=models.F("beneficiaries_women") + models.F("beneficiaries_men")),
                name="agreements_project_beneficiaries_add_up",
                violation_error_message=_("Women and men beneficiaries cannot exceed the total."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectContribution(models.Model):
    """What one party of the agreement puts into one project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("project")
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="project_contributions",
        verbose_name=_("party"),
    )
    amount = models.DecimalField(
        _("amount (MAD)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("project contribution")
        verbose_name_plural = _("project contributions")
        ordering = ["project", "party__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "party"],
                name="agreements_contribution_once_per_party",
                violation_error_message=_("This party already has a contribution to this project."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="agreements_contribution_non_negative",
                violation_error_message=_("A contribution cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party.partner} → {self.project}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.project_id and self.party_id and self.project.agreement_id != self.party.agreement_id:
            raise ValidationError({"party": _("The party must belong to the project's agreement.")})


class Clause(models.Model):
    """An article of the agreement; those followed up carry who, what indicator, when, and how it went."""

    class FollowUpStatus(models.TextChoices):
        NOT_FOLLOWED = "not_followed", _("No follow-up needed")
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        LATE = "late", _("Late")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("article number"))
    summary = models.TextField(_("summary"))
    responsible_party = models.ForeignKey(
        AgreementParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_clauses",
        verbose_name=_("responsible party"),
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=300,
        blank=True,
        help_text=_("How fulfilment is measured, e.g. number of trainees."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_FOLLOWED,
    )
    evaluation_notes = models.TextField(_("evaluation notes"), blank=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_clause_number_unique",
                violation_error_message=_("This agreement already has an article with this number."),
            ),
        ]

    def __str__(self) -> str:
        return _("Article %(number)s") % {"number": self.number}

    @property
    def needs_follow_up(self) -> bool:
        return self.follow_up_status != self.FollowUpStatus.NOT_FOLLOWED


class AgreementDocument(models.Model):
    """An annex or other document of an agreement: PDF only; publicly downloadable only when flagged."""

    class Kind(models.TextChoices):
        ANNEX = "annex", _("Annex")
        REPORT = "report", _("Follow-up report")
        MINUTES = "minutes", _("Committee minutes")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ANNEX)
    file = models.FileField(
        _("file"), upload_to="agreements/documents/%Y/", validators=[validate_pdf], help_text=_("PDF only.")
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Let visitors of the portal download this document.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "kind", "title"]

    def __str__(self) -> str:
        return self.title
