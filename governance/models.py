"""Information governance: consent, the basis of each disclosure, the
information-sharing agreements (ISAs) that let agencies receive shares,
retention reviews and legal holds.

Consent records and disclosures are append-only in use: a withdrawal is a new
consent record, and a disclosure is decided once.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.choices import DisclosureBasis


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentScope(models.TextChoices):
    AGENCIES = "agencies", "Sharing with named agencies"
    NRM = "nrm", "NRM referral"
    SERAC = "serac", "SERAC referral"
    SERVICE = "service", "Referral to a named service"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "Written"
    VERBAL = "verbal", "Verbal"
    INTERPRETER = "interpreter", "Through an interpreter"


class ConsentRecord(models.Model):
    """What a person said about one use of their information, on one day.

    ``scope`` with ``agencies`` (for sharing) or ``service_name`` (for a
    referral to a named service) says what the answer covers. The person's
    current answer for a scope is their newest record for it: a withdrawal is
    a new record with ``decision`` withdrawn, never an edit. ``decided_on`` is
    the day the person gave their answer; ``recorded_by`` and ``created_at``
    say who wrote it down and when.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    scope = models.CharField(max_length=10, choices=ConsentScope.choices)
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    service_name = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=12, choices=ConsentMethod.choices)
    decided_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Current consent of the people on a case (the case page, every disclosure).
            models.Index(fields=["person", "scope", "created_at"], name="consent_person_scope"),
        ]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.get_scope_display()}"

    @property
    def covers(self) -> str:
        """What the record covers, in words: the agencies or the service named."""
        if self.scope == ConsentScope.AGENCIES:
            return ", ".join(agency.name for agency in self.agencies.all())
        if self.scope == ConsentScope.SERVICE:
            return self.service_name
        return ""


class DisclosureKind(models.TextChoices):
    AGENCY_SHARE = "agency_share", "Share with an agency"
    SERVICE_REFERRAL = "service_referral", "Referral to a service"
    SERAC_REFERRAL = "serac_referral", "SERAC referral"
    SUBJECT_ACCESS = "subject_access", "Subject access pack"


class DisclosureStatus(models.TextChoices):
    MADE = "made", "Made"
    AWAITING_APPROVAL = "awaiting_approval", "Waiting for the Lead's approval"
    REFUSED = "refused", "Refused by the Lead"


@pghistory.track()
class Disclosure(models.Model):
    """One disclosure of a case's information and the ground it rests on.

    ``basis`` is consent when everyone it concerns consented in scope;
    otherwise a lawful basis without consent, with ``basis_reason``. A share
    without consent waits (``awaiting_approval``) until the Lead decides,
    unless ``life_at_risk`` was recorded: then it opens at once and the Lead is
    emailed. ``agreement_override_reason`` is the Lead's recorded reason for
    sharing with an agency that has no current agreement. ``share`` is the
    access it opened; ``reason`` and ``ends_on`` are the share's, kept until
    the Lead approves.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=DisclosureKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    ends_on = models.DateField(null=True, blank=True)
    basis = models.CharField(max_length=20, choices=DisclosureBasis.choices)
    basis_reason = models.TextField(blank=True)
    life_at_risk = models.BooleanField(default=False)
    agreement_override_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=DisclosureStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    share = models.ForeignKey(
        "cases.CaseShare", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A share made on consent that someone named on the case later withdrew
    # (or declined): the access is not cut off but listed for the Lead's review.
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The Lead's queue of shares waiting for approval.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="awaiting_approval"),
                name="disclosure_awaiting",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.case}: {self.get_basis_display()}"


def agreement_path(agreement, filename):
    # A random name: the agency's name never reaches the disk.
    return f"agreements/{agreement.storage_name}"


@pghistory.track()
class SharingAgreement(models.Model):
    """An information-sharing agreement (ISA) the partnership holds with an agency.

    The agency may be given new shares from ``signed_on`` to ``expires_on``
    (inclusive). ``signatory`` signed for the agency. The signed document is
    kept in private storage like case documents and downloaded only through
    the register. ``expiry_warned_at`` stamps the 30-day warning, sent once.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()
    expires_on = models.DateField()
    signatory = models.CharField(max_length=200)
    storage_name = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.FileField(upload_to=agreement_path, max_length=300, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name", "-expires_on"]
        indexes = [
            # The daily expiry warning: agreements expiring soon, not yet warned.
            models.Index(
                fields=["expires_on"],
                condition=models.Q(expiry_warned_at__isnull=True),
                name="agreement_expiry_unwarned",
            ),
        ]

    def __str__(self):
        return f"Agreement with {self.agency} until {self.expires_on}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.signed_on <= on <= self.expires_on


class RetentionStatus(models.TextChoices):
    DUE = "due", "Due for review"
    KEPT = "kept", "Kept"
    # The Lead decided; the worker (which holds the owner's connection, needed
    # to remove personal data from the append-only history) is doing it.
    ANONYMISING = "anonymising", "Being anonymised"
    ANONYMISED = "anonymised", "Anonymised"


@pghistory.track()
class CaseRetention(models.Model):
    """A closed case's place in retention: its legal hold and its reviews.

    ``legal_hold`` (with ``legal_hold_reason``) keeps a case out of review
    until lifted. ``status`` is due when the daily task finds the case
    ``WAYMARK_RETENTION_YEARS`` after closure (or at ``next_review_on``); the
    Lead keeps it (``kept_reason``, ``next_review_on``) or anonymises it.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    legal_hold = models.BooleanField(default=False)
    legal_hold_reason = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=RetentionStatus.choices, blank=True)
    due_since = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    kept_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The Lead's review queue.
            models.Index(
                fields=["due_since"], condition=models.Q(status="due"), name="retention_due"
            ),
        ]

    def __str__(self):
        return f"Retention of {self.case}"
