from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse

from cases.choices import ConcernClosureReason, PremisesType, ReferringAgencyType
from core.choices import YesNoUnknown


class ConcernSource(models.TextChoices):
    PROFESSIONAL = "professional", "Professional"
    PUBLIC = "public", "Member of the public"
    IMPORT = "import", "Imported"


class ConcernStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_TRIAGE = "awaiting_triage", "Awaiting triage"
    NEW_CASE = "new_case", "Made into a new case"
    LINKED = "linked", "Linked to an existing case"
    CLOSED = "closed", "Closed"


class Concern(models.Model):
    """What someone reported, as they reported it, until the Lead triages it.

    A professional's concern is a draft until they submit it. ``people`` and
    ``perpetrators`` are the records the reporter described; triage attaches them
    (or existing records they duplicate) to a case. The reporter fields hold a
    member of the public's optional contact details.

    ``person_matches`` holds the Lead's judgements at triage that a person
    named in the concern is someone already known, and which details to keep
    where the two records differ: ``{"<concern person id>": {"existing": <person
    id>, "keep": {"<field>": "concern" | "existing"}}}``. They are applied when
    the concern becomes or joins a case (``cases.services.triage``).
    """

    reference = models.CharField(max_length=20, unique=True)
    source = models.CharField(max_length=20, choices=ConcernSource.choices)
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.DRAFT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_reported",
    )
    reporting_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referring_agency_type = models.CharField(
        max_length=30, choices=ReferringAgencyType.choices, default=ReferringAgencyType.OTHER
    )
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_phone = models.CharField(max_length=50, blank=True)
    reporter_email = models.EmailField(blank=True)

    # What was seen
    what_happened = models.TextField(blank=True)
    seen_on = models.DateField(null=True, blank=True)
    people_description = models.TextField(
        blank=True, help_text="Who the concern is about, in the reporter's words"
    )
    exploitation_types = models.ManyToManyField(
        "cases.ExploitationType", blank=True, related_name="+"
    )
    exploitation_subtypes = models.ManyToManyField(
        "cases.ExploitationSubtype", blank=True, related_name="+"
    )
    people = models.ManyToManyField("cases.Person", blank=True, related_name="concerns")
    perpetrators = models.ManyToManyField("cases.Perpetrator", blank=True, related_name="concerns")

    # Where
    location_description = models.TextField(blank=True)
    premises_type = models.CharField(
        max_length=20, choices=PremisesType.choices, default=PremisesType.UNKNOWN
    )
    ward = models.CharField(max_length=100, blank=True)
    is_overseas = models.BooleanField(default=False)
    overseas_country = models.CharField(max_length=2, blank=True)

    # Immediate risk and what the reporter did. Blank until answered: "Not
    # answered" is not the same as an answer of "Unknown".
    is_emergency = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    child_involved = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    adult_at_risk = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    needs_accommodation = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    actions_taken = models.TextField(blank=True)

    # Triage
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The people and perpetrators as the reporter sent them (summary cards,
    # cases.concern_cards): the concern page shows this, never the live
    # records, which change after triage.
    sent_snapshot = models.JSONField(default=dict, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    closure_reason = models.CharField(
        max_length=30, choices=ConcernClosureReason.choices, blank=True
    )
    triage_note = models.TextField(blank=True)
    # When the Lead was emailed about this concern; a beat task sends any the
    # queue missed (Redis down when the concern was submitted).
    lead_notified_at = models.DateTimeField(null=True, blank=True)
    # Where a public report came from, kept only as long as rate limiting needs.
    submitted_from = models.GenericIPAddressField(null=True, blank=True)
    warnings = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    person_matches = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "created_at"]
        indexes = [
            # The triage queue: awaiting triage, oldest first.
            models.Index(fields=["status", "submitted_at"], name="concern_triage_queue"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("cases:concern_detail", args=[self.reference])
