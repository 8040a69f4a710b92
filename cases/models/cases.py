import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.choices import (
    CaseOutcome,
    DisclosureBasis,
    PerpetratorRole,
    PremisesType,
    ReferringAgencyType,
    RiskLevel,
)
from cases.screening import SCREENING_QUESTIONS
from core.choices import YesNoUnknown


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


@pghistory.track()
class Case(models.Model):
    """The partnership's record of one situation of exploitation.

    A case may have no named survivor (a suspicious car wash is still a case).
    ``date_reported`` is when the concern was first reported; reports count
    cases by it. ``raised_by_agency`` is the agency whose concern started the
    case (none for a public report or an import). ``version`` goes up on every
    edit so a stale form is refused.
    """

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    summary = models.TextField(blank=True)
    risk_level = models.CharField(
        max_length=10, choices=RiskLevel.choices, default=RiskLevel.UNKNOWN
    )
    date_reported = models.DateField()
    referring_agency_type = models.CharField(
        max_length=30, choices=ReferringAgencyType.choices, default=ReferringAgencyType.OTHER
    )
    referring_agency_name = models.CharField(max_length=200, blank=True)
    raised_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exploitation_types = models.ManyToManyField(
        "cases.ExploitationType", blank=True, related_name="cases"
    )
    exploitation_subtypes = models.ManyToManyField(
        "cases.ExploitationSubtype", blank=True, related_name="cases"
    )
    # Sub-types an import did not recognise, kept as "Other: <value>".
    other_subtypes = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    is_emergency = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    child_involved = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    adult_at_risk = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    outcomes = ArrayField(
        models.CharField(max_length=30, choices=CaseOutcome.choices), default=list, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_note = models.TextField(blank=True)
    people = models.ManyToManyField(
        "cases.Person", through="cases.CasePerson", related_name="cases"
    )
    perpetrators = models.ManyToManyField(
        "cases.Perpetrator", through="cases.CasePerpetrator", related_name="cases"
    )
    imported_from = models.CharField(max_length=300, blank=True)
    notes_from_import = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_reported", "-reference"]
        indexes = [
            # The case list: newest first, filtered by status.
            models.Index(fields=["status", "-date_reported"], name="case_status_reported"),
            # Reports count cases by the date reported.
            models.Index(fields=["date_reported"], name="case_date_reported"),
            # Counting the open cases a person may see (the home page) joins
            # their agency's permission rows to these ids alone, not to the
            # pages of every open case: a worker's count 14 ms to 6 ms.
            models.Index(
                fields=["id"], condition=models.Q(status=CaseStatus.OPEN), name="case_open_ids"
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("cases:case_detail", args=[self.reference])


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key table for per-user case permissions."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's direct foreign-key table: an agency's group may view a case."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CasePerson(models.Model):
    """A person in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_people")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="unique_case_person")
        ]

    def __str__(self):
        return f"{self.person} in {self.case}"


class CasePerpetrator(models.Model):
    """A suspected perpetrator linked to a case, with their role in it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_perpetrators")
    perpetrator = models.ForeignKey("cases.Perpetrator", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=20, choices=PerpetratorRole.choices, default=PerpetratorRole.UNKNOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "perpetrator"], name="unique_case_perpetrator")
        ]

    def __str__(self):
        return f"{self.perpetrator} in {self.case}"


class Location(models.Model):
    """A place where exploitation happens or is suspected, in the UK or overseas."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="locations")
    description = models.CharField(max_length=300, blank=True)
    premises_type = models.CharField(
        max_length=20, choices=PremisesType.choices, default=PremisesType.UNKNOWN
    )
    ward = models.CharField(max_length=100, blank=True)
    is_overseas = models.BooleanField(default=False)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.description or self.ward or self.get_premises_type_display()


class ScreeningAnswer(models.Model):
    """One screening question answered on a concern, or on the case made from it."""

    concern = models.ForeignKey(
        "cases.Concern",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening_answers",
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="screening_answers"
    )
    question = models.CharField(max_length=40, choices=SCREENING_QUESTIONS)
    answer = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(concern__isnull=False) | models.Q(case__isnull=False),
                name="screening_answer_belongs_somewhere",
            ),
            models.UniqueConstraint(
                fields=["concern", "question"], name="unique_concern_screening_question"
            ),
            models.UniqueConstraint(
                fields=["case", "question"], name="unique_case_screening_question"
            ),
        ]

    def __str__(self):
        return f"{self.get_question_display()}: {self.get_answer_display()}"


class ShareKind(models.TextChoices):
    RAISED = "raised", "Raised the concern"
    SHARED = "shared", "Shared"
    SERAC = "serac", "SERAC meeting"


class CaseShare(models.Model):
    """One agency's access to one case: who gave it, why, until when.

    The record is the reason; a guardian group permission (view_case on the
    agency's group) is the enforcement, kept in step by the sharing services.
    ``ends_on`` is the last day of access; a beat task ends expired shares.
    ``basis`` is the ground the disclosure rests on (consent, or a lawful basis
    without consent, with ``basis_note`` saying why); blank for the raising
    agency's own access and a SERAC meeting's window, which disclose nothing new.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ShareKind.choices, default=ShareKind.SHARED)
    reason = models.TextField()
    basis = models.CharField(max_length=20, choices=DisclosureBasis.choices, blank=True)
    basis_note = models.TextField(blank=True)
    ends_on = models.DateField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            # The expiry task: active shares with an end date.
            models.Index(
                fields=["ends_on"],
                condition=models.Q(revoked_at__isnull=True, ends_on__isnull=False),
                name="case_share_active_ends_on",
            ),
        ]

    def __str__(self):
        return f"{self.case} shared with {self.agency}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
