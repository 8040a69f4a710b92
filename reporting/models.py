"""Report runs, and the partnership inputs reports need (training, the 4P plan)."""

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

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
    (``age_bands`` chose today's survivor age bands, the equality impact
    assessment's, or both)
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
    age_bands = models.CharField(
        "Survivor age bands",
        max_length=10,
        choices=[
            ("standard", "Today's bands"),
            ("eia", "Equality impact assessment bands"),
            ("both", "Both"),
        ],
        default="both",
    )
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

    @property
    def period(self):
        from reporting.periods import from_code

        return from_code(self.period_code)

    @property
    def period_label(self) -> str:
        """How people say the period: "Calendar year 2024", never the raw code."""
        return self.period.label

    @property
    def was_incomplete(self) -> bool:
        """The period had not ended when the report was made: partial figures."""
        return self.period_to >= timezone.localtime(self.created_at).date()


class TrainingAudience(models.TextChoices):
    COUNCIL = "council", "Council staff"
    NON_COUNCIL = "non_council", "Non-council professionals"
    MIXED = "mixed", "Mixed"
    PEOPLE_AT_RISK = "people_at_risk", "People at risk"


class TrainingSession(models.Model):
    """A modern slavery training or awareness session given by the partnership.

    ``ratings_1`` to ``ratings_5`` are how many feedback forms gave each
    overall rating (the distribution); ``average_rating`` is the session's
    mean, worked out from them when they are given. Other questions and their
    answers are :class:`TrainingFeedbackAnswer` rows."""

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
    ratings_1 = models.PositiveIntegerField("Rated 1 (poor)", default=0)
    ratings_2 = models.PositiveIntegerField("Rated 2", default=0)
    ratings_3 = models.PositiveIntegerField("Rated 3", default=0)
    ratings_4 = models.PositiveIntegerField("Rated 4", default=0)
    ratings_5 = models.PositiveIntegerField("Rated 5 (excellent)", default=0)
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

    @property
    def rating_counts(self) -> list[int]:
        """Responses giving 1, 2, 3, 4 and 5."""
        return [getattr(self, f"ratings_{n}") for n in range(1, 6)]


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


# --- Training feedback --------------------------------------------------------------------------


class TrainingFeedbackAnswer(models.Model):
    """How many people gave one answer to one feedback question after a session:
    ("Would you recommend this training?", "Yes", 41) or ("Confidence after",
    "5", 18). A question's answers together are its distribution."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="feedback_answers"
    )
    question = models.CharField(max_length=200)
    answer = models.CharField(max_length=100)
    responses = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question", "answer"], name="unique_training_feedback_answer"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.answer} ({self.responses})"


class ElearningCompletion(models.Model):
    """E-learning completions by an agency's staff in one month, from the
    learning system's monthly return. ``month`` is the first day of the month."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    course = models.CharField(max_length=200)
    month = models.DateField()
    completions = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "agency__name", "course"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "course", "month"], name="unique_elearning_month"
            )
        ]
        indexes = [
            # Reports sum completions by agency over the months of a period.
            models.Index(fields=["month"], name="elearning_month"),
        ]

    def __str__(self):
        return f"{self.agency}: {self.completions} {self.course} ({self.month:%B %Y})"


# --- Ambassadors --------------------------------------------------------------------------------


@pghistory.track()
class Ambassador(models.Model):
    """A Modern Slavery Ambassador: a member of a partner agency trained to
    raise awareness in it. ``trained_on`` is the ambassador training;
    ``refreshed_on`` the latest refresher. ``user`` is their Waymark sign-in,
    if they have one. ``left_on`` is set when they stop being an ambassador;
    the register keeps them for past reports."""

    name = models.CharField(max_length=200)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassador_records",
    )
    trained_on = models.DateField()
    refreshed_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # The import matches an existing ambassador by name and agency.
            models.UniqueConstraint(
                models.functions.Lower("name"), "agency", name="unique_ambassador_per_agency"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.agency})"


class AmbassadorActivityKind(models.TextChoices):
    TRAINING = "training", "Training session delivered"
    TALK = "talk", "Awareness talk or briefing"
    EVENT = "event", "Stall or event"
    OTHER = "other", "Other activity"


class AmbassadorActivity(models.Model):
    """Something an ambassador did: ``sessions`` delivered on ``done_on``,
    ``people_reached`` and, where feedback was collected, its average rating."""

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="activity")
    done_on = models.DateField()
    kind = models.CharField(max_length=10, choices=AmbassadorActivityKind.choices)
    description = models.CharField(max_length=300, blank=True)
    sessions = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    people_reached = models.PositiveIntegerField(default=0)
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
        ordering = ["-done_on", "-pk"]
        verbose_name_plural = "ambassador activity"
        indexes = [
            # Reports count activity in a period.
            models.Index(fields=["done_on"], name="ambassador_activity_done_on"),
        ]

    def __str__(self):
        return f"{self.ambassador.name}: {self.get_kind_display()} ({self.done_on:%d/%m/%Y})"


# --- Events -------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    AWARENESS_DAY = "awareness_day", "Awareness day (such as Anti-Slavery Day)"
    CONFERENCE = "conference", "Conference"
    MARKETPLACE = "marketplace", "Marketplace or information stall"
    CAMPAIGN = "campaign", "Campaign"
    COMMUNITY = "community", "Community event"
    OTHER = "other", "Other"


class AwarenessEvent(models.Model):
    """An awareness event or campaign the partnership ran or took part in
    (the report's Prevent section)."""

    name = models.CharField(max_length=200)
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    audience = models.CharField(max_length=200, blank=True)
    attendees = models.PositiveIntegerField()
    partners = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # Reports list the events in a period.
            models.Index(fields=["held_on"], name="event_held_on"),
        ]

    def __str__(self):
        return f"{self.name} ({self.held_on:%d/%m/%Y})"


# --- Transition Panel ---------------------------------------------------------------------------


class TransitionPanelDiscussion(models.Model):
    """One young person discussed at the Transition Panel on ``discussed_on``.

    ``case`` is the Waymark case where there is one (its Transition to
    Adulthood pathway is then linked); without one, ``reference`` holds the
    presenting agency's own reference, never a name."""

    discussed_on = models.DateField()
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transition_panel_discussions",
    )
    reference = models.CharField("Agency reference", max_length=100, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-discussed_on", "-pk"]
        indexes = [
            # Reports count discussions in a period.
            models.Index(fields=["discussed_on"], name="transition_panel_on"),
        ]

    def __str__(self):
        who = self.case.reference if self.case_id else (self.reference or "no case")
        return f"Transition Panel {self.discussed_on:%d/%m/%Y}: {who}"


# --- Case studies -------------------------------------------------------------------------------


class CaseStudyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"


@pghistory.track()
class CaseStudy(models.Model):
    """A case study for the partnership's reports, written by the Modern Slavery
    Lead from a case. The writer anonymises it and says so when submitting
    (``anonymised_by``/``submitted_at``); a second person, another Lead or the
    SERAC chair, approves it (``approved_by``/``approved_at``) or returns it
    with ``return_reason``. ``year`` is the financial year whose reports show
    it (like the 4P plan). Only approved studies reach a report, and never the
    public one; only the Lead sees which case a study came from."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="case_studies")
    year = models.CharField("Report year", max_length=7)
    title = models.CharField(max_length=200)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=CaseStudyStatus.choices, default=CaseStudyStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name_plural = "case studies"
        indexes = [
            # Reports read a year's approved studies.
            models.Index(fields=["year", "status"], name="case_study_year_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:case_study_detail", args=[self.pk])
