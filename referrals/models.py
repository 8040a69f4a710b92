"""NRM and Duty to Notify episodes, and referrals to support services.

docs/domain.md section 5. Every write goes through ``referrals.services``; the
fields below are what the guide lists for an episode.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.models import AgencyType
from core.choices import YesNoUnknown


class NrmRoute(models.TextChoices):
    NRM = "nrm", "NRM"
    DTN = "dtn", "Duty to Notify"


class EpisodeState(models.TextChoices):
    CONSENT_PENDING = "consent_pending", "Consent being explained"
    CONSENT_GIVEN = "consent_given", "Consent given: referral to submit"
    CONSENT_DECLINED = "consent_declined", "Consent declined: Duty to Notify to submit"
    DTN_SUBMITTED = "dtn_submitted", "Duty to Notify submitted"
    AWAITING_RG = "awaiting_rg", "Awaiting Reasonable Grounds decision"
    RG_NEGATIVE = "rg_negative", "Negative Reasonable Grounds decision"
    RG_RECONSIDERATION = "rg_reconsideration", "Reconsideration of RG requested"
    RECOVERY_PERIOD = "recovery_period", "Recovery period"
    AWAITING_CG = "awaiting_cg", "Awaiting Conclusive Grounds decision"
    CG_NEGATIVE = "cg_negative", "Negative Conclusive Grounds decision"
    CG_RECONSIDERATION = "cg_reconsideration", "Reconsideration of CG requested"
    MOVE_ON = "move_on", "Move-on support"
    EXTENDED_SUPPORT = "extended_support", "Support extended after a Recovery Needs Assessment"
    SHORT_MOVE_ON = "short_move_on", "Short move-on support"
    DISQUALIFIED = "disqualified", "Disqualified (public order or bad faith)"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXITED = "exited", "Exited"


# Which states close an episode, and how an episode moves between them, is
# declared once in referrals/states.py (NRM_EPISODE).


class ReferralConsent(models.TextChoices):
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    NOT_NEEDED = "not_needed", "Not needed (child)"


class CompetentAuthority(models.TextChoices):
    SCA = "sca", "Single Competent Authority"
    IECA = "ieca", "Immigration Enforcement Competent Authority"


class ExploitationPlace(models.TextChoices):
    UK = "uk", "UK"
    OVERSEAS = "overseas", "Overseas"
    BOTH = "both", "Both"


class RgDecision(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class CgDecision(models.TextChoices):
    POSITIVE_TRAFFICKING = "positive_trafficking", "Positive - trafficking"
    POSITIVE_SLAVERY = (
        "positive_slavery",
        "Positive - slavery, servitude or forced labour",
    )
    NEGATIVE = "negative", "Negative"
    # Imported spreadsheets say only "Positive"; Waymark never records this itself.
    POSITIVE_UNSPECIFIED = "positive", "Positive - type not recorded"


POSITIVE_CG = frozenset(
    {CgDecision.POSITIVE_TRAFFICKING, CgDecision.POSITIVE_SLAVERY, CgDecision.POSITIVE_UNSPECIFIED}
)
#: States before anything was sent to the Home Office.
PRE_SUBMISSION_STATES = frozenset(
    {EpisodeState.CONSENT_PENDING, EpisodeState.CONSENT_GIVEN, EpisodeState.CONSENT_DECLINED}
)


def submitted_q() -> models.Q:
    """Episodes sent to the Home Office: a submission date, or (imported rows
    without one) a state only a submitted episode reaches."""
    return models.Q(submitted_on__isnull=False) | ~models.Q(
        state__in=[*PRE_SUBMISSION_STATES, EpisodeState.WITHDRAWN]
    )


class VictimCareSupport(models.TextChoices):
    REFERRED = "referred", "Referred"
    ACCEPTED = "accepted", "Accepted"
    ACCOMMODATED = "accommodated", "Accommodated"
    OUTREACH = "outreach", "Outreach only"


class TemporaryPermission(models.TextChoices):
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    PAUSED = "paused", "Paused"


@pghistory.track()
class NrmEpisode(models.Model):
    """One NRM referral or Duty to Notify for one person, from consent to exit.

    A person may have several (withdrawal and re-referral, further
    exploitation). ``state`` is where the episode stands; each recording
    service moves it and the case's Pre-, During- and Post-NRM pathways.

    - ``route``: NRM (with consent) or Duty to Notify (anonymous, no decision).
    - ``first_responder_agency`` / ``first_responder_officer``: who submitted.
    - ``consent_*``: consent to the referral, to victim care contract support
      and to police contact, each with the date it was given or declined.
    - ``rg_expected_on``: submission + the RG clock (monitor only).
    - ``recovery_period_start`` / ``recovery_period_ends_on``: from a positive
      RG, at least the recovery clock; ``earliest_cg_on`` is RG + the CG clock.
    - ``early_cg_reason``: why a CG was recorded before ``earliest_cg_on``
      (confirmed by the person recording it).
    - ``move_on_*``: move-on support after the CG decision.
    - ``rna_*`` / ``support_extended_until``: Recovery Needs Assessment.
    - ``tps_*``: temporary permission to stay for victims.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="nrm_episodes")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=3, choices=NrmRoute.choices, default=NrmRoute.NRM)
    state = models.CharField(
        max_length=30, choices=EpisodeState.choices, default=EpisodeState.CONSENT_PENDING
    )
    first_responder_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_responder_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The First Responder's kind of organisation, kept for reports even when the
    # agency is not a Waymark agency (an imported referral by "The Salvation Army").
    first_responder_type = models.CharField(max_length=30, choices=AgencyType.choices, blank=True)
    first_responder_name = models.CharField(max_length=200, blank=True)
    consent_referral = models.CharField(max_length=12, choices=ReferralConsent.choices, blank=True)
    consent_referral_on = models.DateField(null=True, blank=True)
    consent_vcc_support = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    consent_vcc_support_on = models.DateField(null=True, blank=True)
    consent_police_contact = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    consent_police_contact_on = models.DateField(null=True, blank=True)
    interpreter_used = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    submitted_on = models.DateField(null=True, blank=True)
    home_office_reference = models.CharField(max_length=60, blank=True)
    competent_authority = models.CharField(
        max_length=10, choices=CompetentAuthority.choices, blank=True
    )
    exploitation_types = models.ManyToManyField(
        "cases.ExploitationType", blank=True, related_name="+"
    )
    exploitation_place = models.CharField(
        max_length=10, choices=ExploitationPlace.choices, blank=True
    )
    rg_expected_on = models.DateField(null=True, blank=True)
    rg_decision = models.CharField(max_length=10, choices=RgDecision.choices, blank=True)
    rg_decision_on = models.DateField(null=True, blank=True)
    recovery_period_start = models.DateField(null=True, blank=True)
    recovery_period_ends_on = models.DateField(null=True, blank=True)
    earliest_cg_on = models.DateField(null=True, blank=True)
    vcc_support = models.CharField(max_length=15, choices=VictimCareSupport.choices, blank=True)
    cg_decision = models.CharField(max_length=25, choices=CgDecision.choices, blank=True)
    cg_decision_on = models.DateField(null=True, blank=True)
    early_cg_reason = models.TextField(blank=True)
    move_on_started_on = models.DateField(null=True, blank=True)
    move_on_ends_on = models.DateField(null=True, blank=True)
    rna_on = models.DateField(null=True, blank=True)
    rna_note = models.TextField(blank=True)
    support_extended_until = models.DateField(null=True, blank=True)
    tps_decision = models.CharField(max_length=10, choices=TemporaryPermission.choices, blank=True)
    tps_decision_on = models.DateField(null=True, blank=True)
    disqualified_on = models.DateField(null=True, blank=True)
    disqualification_reason = models.TextField(blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    exited_on = models.DateField(null=True, blank=True)
    exit_destination = models.CharField(max_length=300, blank=True)
    # Set by the import, so re-importing the same file finds the same episode.
    imported_from = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The tracker and the reminder sweep: open episodes by state.
            models.Index(fields=["state", "submitted_on"], name="nrm_episode_state_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rg_decision_on__isnull=True)
                | models.Q(submitted_on__isnull=True)
                | models.Q(rg_decision_on__gte=models.F("submitted_on")),
                name="nrm_rg_not_before_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(cg_decision_on__isnull=True)
                | models.Q(rg_decision="positive", cg_decision_on__gte=models.F("rg_decision_on")),
                name="nrm_cg_needs_positive_rg",
            ),
        ]

    def __str__(self):
        return f"{self.get_route_display()} for {self.person} on {self.case}"

    def get_absolute_url(self):
        return reverse("referrals:episode_detail", args=[self.case.reference, self.pk])

    @property
    def is_open(self) -> bool:
        # Imported here: the definition imports this module for the states.
        from referrals.states import NRM_EPISODE

        return self.state in NRM_EPISODE.open_states

    @property
    def rg_is_positive(self) -> bool:
        return self.rg_decision == RgDecision.POSITIVE


class ReconsiderationStage(models.TextChoices):
    RG = "rg", "Reasonable Grounds"
    CG = "cg", "Conclusive Grounds"


class ReconsiderationOutcome(models.TextChoices):
    PENDING = "pending", "Awaiting outcome"
    OVERTURNED = "overturned", "Decision changed to positive"
    UPHELD = "upheld", "Negative decision upheld"


class Reconsideration(models.Model):
    """A request that the competent authority reconsider a negative decision."""

    episode = models.ForeignKey(
        NrmEpisode, on_delete=models.CASCADE, related_name="reconsiderations"
    )
    stage = models.CharField(max_length=2, choices=ReconsiderationStage.choices)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    outcome = models.CharField(
        max_length=12,
        choices=ReconsiderationOutcome.choices,
        default=ReconsiderationOutcome.PENDING,
    )
    outcome_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self):
        return f"{self.get_stage_display()} reconsideration ({self.get_outcome_display()})"


class NrmReminder(models.Model):
    """A clock reminder that was sent, so the beat task never sends it twice.

    ``kind`` names the clock ("rg_overdue", "recovery_ended", "awaiting_cg_182",
    "move_on_ending"); the unique constraint is what makes "once" hold even
    when two beat runs overlap.
    """

    episode = models.ForeignKey(NrmEpisode, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "kind"], name="unique_nrm_reminder")
        ]

    def __str__(self):
        return f"{self.kind} for episode {self.episode_id}"


class DutyToNotifyFlag(models.Model):
    """A case a public authority is involved in with no NRM or Duty to Notify
    recorded in time after triage, flagged once to the Modern Slavery Lead.

    ``resolved_at`` is set when an NRM or Duty to Notify episode is started.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="dtn_flag")
    triaged_on = models.DateField()
    due_on = models.DateField()
    flagged_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["flagged_at", "pk"]

    def __str__(self):
        return f"Duty to Notify check on {self.case}"


# --- Referrals to support services ------------------------------------------------


class StatutoryTeam(models.TextChoices):
    HOUSING = "housing", "Housing authority (duty to refer)"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult Social Care"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_CAPACITY = "no_capacity", "No capacity"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENGAGED = "engaged", "Engaged"
    ENDED = "ended", "Ended"


# Which statuses close a referral, and the moves between them: referrals/states.py
# (SERVICE_REFERRAL).

#: Statuses that answer a referral (for "days to answer").
ANSWER_STATUSES = frozenset(
    {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.NO_CAPACITY}
)


class ServiceReferral(models.Model):
    """A referral of one person on a case to a directory service or a statutory team.

    Exactly one of ``service`` and ``statutory_team`` is set. ``answered_on`` is
    when the service first said yes, no or no capacity; ``outcome_reason`` is
    required when it is declined or ended (no capacity and withdrawn say why
    themselves). ``chased_at`` records the one chase
    email sent while the referral was unanswered.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="service_referrals"
    )
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "directory.SupportService",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    statutory_team = models.CharField(max_length=20, choices=StatutoryTeam.choices, blank=True)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_given = models.BooleanField(default=False)
    consent_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    answered_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(service__isnull=False) & models.Q(statutory_team=""))
                | (models.Q(service__isnull=True) & ~models.Q(statutory_team="")),
                name="service_referral_one_destination",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["declined", "ended"])
                | ~models.Q(outcome_reason=""),
                name="service_referral_closed_has_outcome",
            ),
        ]
        indexes = [
            # The chase sweep: unanswered referrals by date sent.
            models.Index(
                fields=["sent_on"],
                condition=models.Q(status="sent", chased_at__isnull=True),
                name="service_referral_to_chase",
            ),
        ]

    def __str__(self):
        return f"Referral of {self.person} to {self.destination}"

    @property
    def destination(self) -> str:
        return self.service.name if self.service_id else self.get_statutory_team_display()

    @property
    def is_closed(self) -> bool:
        # Imported here: the definition imports this module for the statuses.
        from referrals.states import SERVICE_REFERRAL

        return self.status in SERVICE_REFERRAL.terminal
