"""Report runs, and the partnership inputs reports need (training, the 4P plan)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from reporting.disclosure import AUDIENCES, BOARD


class Audience(models.TextChoices):
    INTERNAL = "internal", AUDIENCES["internal"]
    BOARD = "board", AUDIENCES["board"]
    PUBLIC = "public", AUDIENCES["public"]


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


def report_path(instance, filename):
    # A random name: the file is served only through a permission-checked view.
    return f"reports/{instance.public_id}.pdf"


class ReportRun(models.Model):
    """One generated partnership report.

    ``period_code`` names the period (2025-Q3, 2025-26-Q1, 2024, 2025-26 or
    2025-01-01-to-2025-02-28); ``snapshot`` is the figures exactly as the report
    shows them to its ``audience`` (after disclosure control), kept with the PDF
    so the report can be explained later. ``checksum`` is the PDF's SHA-256.
    ``progress`` (0-100) and ``progress_message`` are updated while a worker
    generates it. ``error`` is the reason a failed run gives the Lead, in words;
    ``attempts`` counts the workers that started it (one that dies is replaced,
    up to a limit).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period_code = models.CharField(max_length=40)
    period_from = models.DateField()
    period_to = models.DateField()
    audience = models.CharField(max_length=10, choices=Audience.choices, default=BOARD)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to=report_path, max_length=200, blank=True)
    checksum = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The reports page: a board member's runs, newest first.
            models.Index(fields=["audience", "-created_at"], name="report_run_audience_created"),
        ]

    def __str__(self):
        return f"{self.period_code} ({self.get_audience_display()})"

    def get_absolute_url(self):
        return reverse("reporting:run_detail", args=[self.public_id])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class TrainingAudience(models.TextChoices):
    COUNCIL = "council", "Council staff"
    NON_COUNCIL = "non_council", "Non-council professionals"
    MIXED = "mixed", "Mixed"
    PEOPLE_AT_RISK = "people_at_risk", "People at risk"


class TrainingSession(models.Model):
    """A modern slavery training or awareness session given by the partnership."""

    delivered_on = models.DateField()
    topics = models.CharField(max_length=300)
    audience_type = models.CharField(max_length=20, choices=TrainingAudience.choices)
    organisations = models.CharField(max_length=500, blank=True)
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    attendees = models.PositiveIntegerField()
    average_rating = models.DecimalField(
        "Average feedback rating (out of 5)",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            # Reports sum sessions in a period.
            models.Index(fields=["delivered_on"], name="training_delivered_on"),
        ]

    def __str__(self):
        return f"{self.topics} ({self.delivered_on:%d/%m/%Y})"


class Strand(models.TextChoices):
    PURSUE = "pursue", "Pursue"
    PREVENT = "prevent", "Prevent"
    PROTECT = "protect", "Protect"
    PREPARE = "prepare", "Prepare"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"


class ActionPlanItem(models.Model):
    """One action in the partnership's 4P plan for a financial year (``2025-26``).

    ``kind`` marks an item as a plan action, a success to report, or a
    development opportunity."""

    class Kind(models.TextChoices):
        ACTION = "action", "Action"
        SUCCESS = "success", "Success"
        DEVELOPMENT = "development", "Development opportunity"

    year = models.CharField("Plan year", max_length=7)
    strand = models.CharField(max_length=10, choices=Strand.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ACTION)
    goal = models.CharField(max_length=300)
    action = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        "Progress", max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.ON_TRACK
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "strand", "kind", "pk"]

    def __str__(self):
        return f"{self.year} {self.get_strand_display()}: {self.goal}"
