"""Reference data every app shares: the chamber's profile and Morocco's geography; the record of imports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.Model):
    """One of Morocco's 12 regions, keyed by its ISO 3166-2 code (MA-01 … MA-12)."""

    code = models.CharField(_("ISO code"), max_length=5, unique=True, help_text=_("For example MA-03."))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A prefecture (عمالة) or a province (إقليم) within a region."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", pgettext_lazy("territory", "Prefecture")
        PROVINCE = "province", pgettext_lazy("territory", "Province")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("prefecture or province")
        verbose_name_plural = _("prefectures and provinces")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune (جماعة); it gives its province and, through it, its region."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("prefecture or province")
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> Region:
        return self.province.region


class ChamberProfile(models.Model):
    """The chamber this installation serves: its letterhead, officers, and the statute's configurable rules.

    There is one row. The rules the law does not settle ("guess" in the domain notes) live here so that staff can
    change them without a release.
    """

    class QuorumRule(models.TextChoices):
        ABSOLUTE_MAJORITY = "absolute_majority", _("Absolute majority of sitting members (more than half)")
        ONE_THIRD = "one_third", _("One third of sitting members")
        ANY = "any", _("Any number present")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    tifinagh_line = models.CharField(
        _("Tifinagh line"), max_length=200, blank=True, help_text=_("Optional letterhead line in Tifinagh.")
    )
    logo = models.ImageField(_("logo"), upload_to="chamber/", blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    seat = models.CharField(_("seat"), max_length=120, help_text=_("City of the chamber's seat."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("E.164 form, e.g. +212535000000.")
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    president_name = models.CharField(_("president"), max_length=150)
    secretary_name = models.CharField(_("secretary"), max_length=150, blank=True)
    director_name = models.CharField(_("director"), max_length=150, blank=True)

    # Rules of the statute. Defaults follow Law 18-09; the ones the law leaves open are marked as such.
    convocation_min_days = models.PositiveSmallIntegerField(
        _("convocation notice (full days)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Law 18-09: at least 8 full days before an ordinary session."),
    )
    quorum_rule = models.CharField(
        _("quorum rule"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.ABSOLUTE_MAJORITY,
        help_text=_(
            "Law 18-09: an absolute majority of sitting members, counted at the opening of each sitting."
        ),
    )
    second_convening_min_days = models.PositiveSmallIntegerField(
        _("days before a second convening"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A second convening is held at least this many days after the session without quorum."),
    )
    second_convening_needs_quorum = models.BooleanField(
        _("second convening needs a quorum"),
        default=False,
        help_text=_(
            "Not settled by the texts found (a guess): when off, a second convening is valid with any number "
            "of members present."
        ),
    )
    bureau_has_treasurer = models.BooleanField(
        _("the bureau has a treasurer"),
        default=False,
        help_text=_("Not settled by the texts found (a guess): whether the bureau includes a treasurer."),
    )
    publish_approved_minutes = models.BooleanField(
        _("publish approved minutes"),
        default=True,
        help_text=_("When on, approved minutes can be downloaded from the public portal."),
    )
    decision_posting_days = models.PositiveSmallIntegerField(
        _("days to post decisions"),
        default=8,
        help_text=_("Decisions are posted at the seat and on the portal within this many full days."),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        editable=False,
        help_text=_("Set by seed_demo. Only demo data may have its frozen minutes rendered again."),
    )

    class Meta:
        verbose_name = _("chamber profile")
        verbose_name_plural = _("chamber profile")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One applied import of a spreadsheet: who, when, which file (name and SHA-256), what it did.

    Every row the import created or changed has its own audit entry pointing back here
    (`additional_data["import_batch"]`), so the trail shows each change and the batch shows where it came from.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported records"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    updated = models.PositiveIntegerField(_("records changed"), default=0)
    skipped = models.PositiveIntegerField(_("rows unchanged"), default=0)
    audit_entries = models.PositiveIntegerField(_("audit entries written"), default=0)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name or '—'} ({self.started_at:%Y-%m-%d %H:%M})"


class OutgoingMail(models.Model):
    """One entry of the chamber's outgoing-mail register (سجل الصادر): numbered per year, gapless.

    Written only by `chamber.services.outgoing_reference_next`, which takes the number from a locked counter in the
    caller's transaction, so a letter that is not sent (the transaction rolls back) gives its number back.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    sent_on = models.DateField(_("date"))
    addressee = models.CharField(_("addressee"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing-mail register")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="chamber_outgoing_mail_register_number")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The reference printed on the letter: number/year, as in the decisions register."""
        return f"{self.number}/{self.year}"


class JobRecord(models.Model):
    """A piece of long work done by a background job, as staff see it: what, its state, progress, result, error.

    The Procrastinate job is the queue's own row; this record is the one staff read in the admin, in their language.
    """

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job state", "Queued")
        RUNNING = "running", pgettext_lazy("job state", "Running")
        RETRYING = "retrying", pgettext_lazy("job state", "Failed, will retry")
        SUCCEEDED = "succeeded", pgettext_lazy("job state", "Done")
        FAILED = "failed", pgettext_lazy("job state", "Failed")

    task_name = models.CharField(_("task"), max_length=120)
    label = models.CharField(_("description"), max_length=255)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(
        _("to do"),
        null=True,
        blank=True,
        help_text=_("Empty while the job does not yet know how much there is."),
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.CharField(
        _("result file"),
        max_length=255,
        blank=True,
        help_text=_("Name of the file the job wrote in storage."),
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queue_job_id = models.BigIntegerField(_("queue job number"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="chamber_jobrecord_state")]

    def __str__(self) -> str:
        return self.label


class OutboxMail(models.Model):
    """One e-mail the portal sends, as it was rendered for its recipient, and what became of it.

    Written by chamber.mail only: queued in the transaction that decided to write, sent by a background job, marked
    sent only when the mail backend accepted it, and every failure kept here for staff to see and resend.
    """

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("mail state", "Queued")
        SENT = "sent", pgettext_lazy("mail state", "Sent")
        RETRYING = "retrying", pgettext_lazy("mail state", "Not sent, will retry")
        FAILED = "failed", pgettext_lazy("mail state", "Not sent")

    to_address = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    template = models.CharField(_("template"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Holds a sign-in or reset link: not shown, and erased once sent."),
    )
    reply_to = models.CharField(_("reply to"), max_length=255, blank=True)
    message_id = models.CharField(_("message ID"), max_length=255, unique=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="chamber_outboxmail_state")]

    def __str__(self) -> str:
        return self.subject


class ReminderSent(models.Model):
    """A reminder the job worker has sent about one record in one state, so that the next run does not send it
    again (a decision "due in two days", then "late"; a call for participation closing on a given day).

    Written by `chamber.services.reminder_claim` only; the e-mails themselves are in the outbox.
    """

    topic = models.CharField(
        _("reminder"), max_length=60, help_text=_("Which periodic reminder, e.g. meetings.decision_posting.")
    )
    object_id = models.PositiveBigIntegerField(_("record number"))
    state = models.CharField(
        _("state reminded"),
        max_length=40,
        help_text=_("The record's state the reminder was about: a new state gets a reminder of its own."),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "object_id", "state"], name="chamber_remindersent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.object_id} {self.state}"
