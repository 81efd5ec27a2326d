"""Trainings and their enrolments, and the equal-share distributions of equipment that follow them: the kit,
each beneficiary's allocation and its delivery. A training or distribution may name the agreement that funds it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Training(models.Model):
    """A training programme, optionally financed by a partnership agreement (listed on that agreement's page)."""

    title = models.CharField(_("title"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300, help_text=_("For example OFPPT."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    funding_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_trainings",
        verbose_name=_("funding agreement"),
        help_text=_("The partnership agreement that finances this training, if any."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """An artisan enrolled in a training; completing it makes the artisan eligible for its distributions."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped out")

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("training")
    )
    artisan = models.ForeignKey(
        "artisans.Artisan", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("artisan")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["training", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "artisan"], name="enrolment_unique_artisan"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="enrolment_completed_has_date",
            ),
        ]
        permissions = [
            ("import_enrolment", _("Can import enrolments")),
            ("export_enrolment", _("Can export enrolments")),
        ]

    def __str__(self) -> str:
        return f"{self.artisan} — {self.training}"


class Distribution(models.Model):
    """A distribution of equipment or raw materials to the artisans who completed a training, in equal shares."""

    title = models.CharField(_("title"), max_length=300)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    training = models.ForeignKey(
        Training,
        on_delete=models.PROTECT,
        related_name="distributions",
        verbose_name=_("training"),
        help_text=_("The artisans who completed this training are the eligible beneficiaries."),
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    funding_agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_distributions",
        verbose_name=_("funding agreement"),
        help_text=_("The partnership agreement that finances this distribution, if any."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class DistributionItem(models.Model):
    """One line of the standard kit: what every beneficiary receives, and how much."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="items", verbose_name=_("distribution")
    )
    label = models.CharField(_("item"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: piece, kg, metre.")
    )
    quantity_per_beneficiary = models.DecimalField(
        _("quantity per beneficiary"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")
        ordering = ["distribution", "id"]

    def __str__(self) -> str:
        return self.label


class Allocation(models.Model):
    """One beneficiary's share of a distribution, and its delivery (date and receipt) once handed over."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("distribution")
    )
    artisan = models.ForeignKey(
        "artisans.Artisan", on_delete=models.PROTECT, related_name="allocations", verbose_name=_("artisan")
    )
    share = models.DecimalField(
        _("share of the standard kit"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("1 means the full standard kit. Any other value needs a reason."),
    )
    share_reason = models.CharField(_("reason for a different share"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, unique=True, null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["distribution", "id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "artisan"], name="allocation_once_per_artisan"),
            models.CheckConstraint(
                condition=Q(share=1) | ~Q(share_reason=""), name="allocation_unequal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(delivered_on__isnull=False) & Q(receipt_number__isnull=False)),
                name="allocation_delivered_has_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.artisan} — {self.distribution}"
