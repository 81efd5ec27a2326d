"""Exhibitions: the annual programme, each fair with its call for participation, applications, stands, and the
results (visitors per day, sales per participant) that the evaluation report adds up."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chamber.versioning import Versioned


class Scope(models.TextChoices):
    INTERNATIONAL = "international", pgettext_lazy("exhibition scope", "International")
    NATIONAL = "national", pgettext_lazy("exhibition scope", "National")
    REGIONAL = "regional", pgettext_lazy("exhibition scope", "Regional")
    LOCAL = "local", pgettext_lazy("exhibition scope", "Local")


class AnnualProgramme(models.Model):
    """A year's programme of exhibitions (e.g. the regional programme), approved by an assembly decision."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    scope = models.CharField(
        _("scope"),
        max_length=16,
        choices=Scope.choices,
        default=Scope.REGIONAL,
        help_text=_("Which exhibitions the programme plans: most programmes cover the regional fairs."),
    )
    title = models.CharField(_("title"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    approval_decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_exhibition_programmes",
        verbose_name=_("approval decision"),
        help_text=_("The general assembly's decision that approved this programme."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("annual programme")
        verbose_name_plural = _("annual programmes")
        ordering = ["-year", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "scope"], name="exhibitions_programme_one_per_year_scope"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}"


class Exhibition(Versioned, models.Model):
    """One fair: where and when, its stands and capacity, and where it stands in its life cycle."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("exhibition status", "Planned")
        CALL_OPEN = "call_open", pgettext_lazy("exhibition status", "Call for participation open")
        SELECTION = "selection", pgettext_lazy("exhibition status", "Selection")
        CONFIRMED = "confirmed", pgettext_lazy("exhibition status", "Confirmed")
        HELD = "held", pgettext_lazy("exhibition status", "Held")
        EVALUATED = "evaluated", pgettext_lazy("exhibition status", "Evaluated")

    programme = models.ForeignKey(
        AnnualProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitions",
        verbose_name=_("annual programme"),
    )
    title = models.CharField(_("title"), max_length=255)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.REGIONAL)
    city = models.CharField(_("city"), max_length=120)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="MA",
        help_text=_("Two-letter ISO code of the host country, e.g. MA for Morocco, FR for France."),
    )
    province = models.ForeignKey(
        "chamber.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibitions",
        verbose_name=_("prefecture or province"),
        help_text=_("Where in Morocco the exhibition is held; leave empty for an exhibition abroad."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    call_closes_on = models.DateField(
        _("call closes on"),
        null=True,
        blank=True,
        help_text=_("Last day on which artisans may apply from the portal while the call is open."),
    )
    organiser = models.ForeignKey(
        "agreements.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_exhibitions",
        verbose_name=_("organiser"),
        help_text=_("Leave empty when the chamber itself organises the exhibition."),
    )
    partners = models.ManyToManyField(
        "agreements.Partner", blank=True, related_name="exhibitions", verbose_name=_("partners")
    )
    funding_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_exhibitions",
        verbose_name=_("funding agreement"),
    )
    stand_count = models.PositiveIntegerField(
        _("number of stands"),
        default=0,
        help_text=_("Stands are numbered 1 to this number, with the prefix below."),
    )
    stand_prefix = models.CharField(
        _("stand number prefix"),
        max_length=8,
        blank=True,
        help_text=_("Optional, e.g. A gives stands A1, A2…"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), default=0, help_text=_("Maximum number of accepted participants.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    results_published = models.BooleanField(
        _("results published"), default=False, help_text=_("Show the visitors and sales on the public pages.")
    )
    evaluation_notes = models.TextField(_("evaluation notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-start_date", "pk"]
        permissions = [
            ("import_exhibition", _("Can import exhibitions")),
            ("export_exhibition", _("Can export exhibitions and their reports")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="exhibitions_exhibition_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(province__isnull=True) | Q(country="MA"),
                name="exhibitions_exhibition_province_in_morocco",
                violation_error_message=_(
                    "A prefecture or province is only for an exhibition held in Morocco (country MA)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"], name="exhibitions_status_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def country_name(self) -> str:
        """The host country's name in the active language (babel's CLDR names)."""
        from babel import Locale

        from chamber.formatting import current_language

        return Locale.parse(current_language()).territories.get(self.country, self.country)

    def stand_label(self, number: int) -> str:
        return f"{self.stand_prefix}{number}"

    @property
    def is_call_open(self) -> bool:
        from django.utils import timezone

        if self.status != self.Status.CALL_OPEN:
            return False
        return self.call_closes_on is None or self.call_closes_on >= timezone.localdate()


class Application(Versioned, models.Model):
    """An artisan's or a cooperative's request to take part; once accepted, the applicant is a participant."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
        WAITLISTED = "waitlisted", pgettext_lazy("application status", "Waitlisted")
        REFUSED = "refused", pgettext_lazy("application status", "Refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="applications", verbose_name=_("exhibition")
    )
    artisan = models.ForeignKey(
        "artisans.Artisan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibition_applications",
        verbose_name=_("artisan"),
    )
    organisation = models.ForeignKey(
        "artisans.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibition_applications",
        verbose_name=_("cooperative or organisation"),
        help_text=_("Fill either the artisan or the cooperative, not both."),
    )
    activities = models.ManyToManyField(
        "artisans.Activity",
        blank=True,
        related_name="exhibition_applications",
        verbose_name=_("activities shown"),
    )
    products = models.TextField(_("products to show"))
    needs_electricity = models.BooleanField(_("needs electricity"), default=False)
    space_m2 = models.DecimalField(
        _("space needed (m²)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("9.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Shown to the artisan with the decision: say why, in plain words."),
    )
    added_by_staff = models.BooleanField(_("added by staff"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    sales_amount = models.DecimalField(
        _("sales (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("What the participant sold during the exhibition, in dirhams."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["exhibition", "submitted_at", "pk"]
        permissions = [
            ("import_application", _("Can import sales of participants")),
            ("export_application", _("Can export participants")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(artisan__isnull=False) & Q(organisation__isnull=True))
                | (Q(artisan__isnull=True) & Q(organisation__isnull=False)),
                name="exhibitions_application_one_applicant",
            ),
            models.UniqueConstraint(
                fields=["exhibition", "artisan"],
                condition=Q(artisan__isnull=False),
                name="exhibitions_application_once_per_artisan",
            ),
            models.UniqueConstraint(
                fields=["exhibition", "organisation"],
                condition=Q(organisation__isnull=False),
                name="exhibitions_application_once_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(sales_amount__isnull=True) | Q(sales_amount__gte=0),
                name="exhibitions_application_sales_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["exhibition", "status"], name="exhibitions_app_exh_status_idx")]

    def __str__(self) -> str:
        return f"{self.applicant_name} — {self.exhibition}"

    @property
    def applicant_name(self) -> str:
        applicant = self.artisan if self.artisan_id else self.organisation
        return str(applicant) if applicant else ""


class StandAssignment(models.Model):
    """Stand number N of an exhibition goes to one accepted application; the database refuses a second one."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="stands", verbose_name=_("exhibition")
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="stand", verbose_name=_("application")
    )
    number = models.PositiveIntegerField(_("stand number"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("stand assignment")
        verbose_name_plural = _("stand assignments")
        ordering = ["exhibition", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "number"], name="exhibitions_stand_once_per_exhibition"
            ),
        ]

    def __str__(self) -> str:
        return self.exhibition.stand_label(self.number)


class VisitorCount(models.Model):
    """Visitors of one day, or of the whole exhibition when no daily breakdown exists (day left empty)."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="visitor_counts", verbose_name=_("exhibition")
    )
    day = models.DateField(
        _("day"),
        null=True,
        blank=True,
        help_text=_("Leave empty to record a total for the whole exhibition."),
    )
    visitors = models.PositiveIntegerField(_("visitors"))

    class Meta:
        verbose_name = _("visitor count")
        verbose_name_plural = _("visitor counts")
        ordering = ["exhibition", "day"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "day"], name="exhibitions_visitors_one_per_day"),
            models.UniqueConstraint(
                fields=["exhibition"], condition=Q(day__isnull=True), name="exhibitions_visitors_one_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition} — {self.day or '*'}: {self.visitors}"


class ReportAttachment(models.Model):
    """An agenda item of kind "report" presents the exhibitions evaluation report for a period."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        related_name="exhibitions_report",
        verbose_name=_("agenda item"),
        limit_choices_to={"kind": "report"},
    )
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))

    class Meta:
        verbose_name = _("evaluation report attached to an agenda item")
        verbose_name_plural = _("evaluation reports attached to agenda items")
        ordering = ["-end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="exhibitions_report_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item} ({self.start} – {self.end})"
