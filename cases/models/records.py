import uuid

from django.conf import settings
from django.db import models


class CaseNote(models.Model):
    """A note on a case. Notes are never edited: a correction is a new note
    that points at the one it corrects."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Note on {self.case} by {self.author}"


def document_path(instance, filename):
    # Stored under a random name: the original name may itself be personal data.
    return f"case-documents/{instance.case_id}/{instance.storage_name}"


class CaseDocument(models.Model):
    """An uploaded file. Kept in private storage and downloaded only through a
    permission-checked view. ``content_type`` is read from the bytes."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    storage_name = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    description = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name


class TimelineKind(models.TextChoices):
    """What kind of thing happened, for every line any service writes on a case's
    timeline. A new kind is added here, so the list of what the audit trail can
    say stays in one place."""

    # The case itself (cases.services)
    CREATED = "created", "Case opened"
    UPDATED = "updated", "Case updated"
    PERSON_ADDED = "person_added", "Person added"
    PERSON_UPDATED = "person_updated", "Person updated"
    CLOSED = "closed", "Case closed"
    REOPENED = "reopened", "Case reopened"
    NOTE = "note", "Note"
    DOCUMENT = "document", "Document"
    TRIAGED = "triaged", "Concern triaged"
    CONCERN_LINKED = "concern_linked", "Concern added to the case"
    IMPORTED = "imported", "Imported"
    # Who has access (cases.services.sharing)
    SHARED = "shared", "Shared with an agency"
    SHARE_REVOKED = "share_revoked", "Access ended"
    SHARE_EXPIRED = "share_expired", "Access expired"
    # Information governance (governance)
    CONSENT = "consent", "Consent recorded"
    SHARE_AWAITING_APPROVAL = "share_awaiting_approval", "Share waiting for the Lead's approval"
    SHARE_REFUSED = "share_refused", "Share refused by the Lead"
    SHARED_WITHOUT_AGREEMENT = "shared_without_agreement", "Shared without an agreement"
    SHARE_FOR_REVIEW = "share_for_review", "Share listed for review (consent withdrawn)"
    DISCLOSURE = "disclosure", "Disclosure recorded"
    LEGAL_HOLD = "legal_hold", "Legal hold"
    RETENTION_KEPT = "retention_kept", "Kept at retention review"
    ANONYMISED = "anonymised", "Anonymised"
    SUBJECT_ACCESS = "subject_access", "Subject access pack produced"
    # Pathways
    PATHWAY_STARTED = "pathway_started", "Pathway started"
    PATHWAY_STEP = "pathway_step", "Pathway step"
    # NRM and referrals to support services
    NRM = "nrm", "NRM or Duty to Notify"
    SERVICE_REFERRAL = "service_referral", "Referral to a support service"
    # SERAC
    SERAC_REFERRED = "serac_referred", "Referred to SERAC"
    SERAC_ACCEPTED = "serac_accepted", "SERAC referral accepted"
    SERAC_DECLINED = "serac_declined", "SERAC referral declined"
    SERAC_LISTED = "serac_listed", "Listed for SERAC"
    SERAC_WINDOW_WITHHELD = "serac_window_withheld", "SERAC access withheld (no agreement)"
    SERAC_UNLISTED = "serac_unlisted", "Taken off a SERAC agenda"
    SERAC_HEARD = "serac_heard", "Discussed at SERAC"
    SERAC_ACTION = "serac_action", "SERAC action agreed"
    SERAC_ACTION_UPDATED = "serac_action_updated", "SERAC action updated"
    # The partnership's reports (reporting)
    TRANSITION_PANEL = "transition_panel", "Discussed at the Transition Panel"
    CASE_STUDY = "case_study", "Case study"


class TimelineEvent(models.Model):
    """Something that happened on a case, newest first on the case page.

    Written by the service that did it, in the same transaction. ``kind`` is
    one of :class:`TimelineKind`. ``concern`` is the concern the line is about,
    where there is one, so the line links to it.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="timeline")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=TimelineKind.choices)
    description = models.TextField()
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Waymark's database role may add timeline lines and read them, never
    # change or remove one (core.database_roles).
    append_only = True

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="timeline_case_newest")]

    def __str__(self):
        return f"{self.case}: {self.description}"
