"""SERAC: referrals, meetings, agendas, research returns, actions and minutes.

The Slavery and Exploitation Risk Assessment Conference is a monthly
multi-agency meeting where the highest-risk cases are discussed in confidence
and agencies agree a plan. What a person may see is decided in
``serac.selectors`` (the chair and the Modern Slavery Lead see all of SERAC;
a SERAC member sees the meetings their agency is a member of).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "Waiting for the chair"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class SeracReferral(models.Model):
    """A request, by an agency with access to a case, to discuss it at SERAC.

    The four ``criteria_*`` flags are the SERAC referral criteria the referrer
    says are met. ``consent_given`` is whether the person agreed to their
    information being shared; without it ``consent_justification`` records why
    sharing is still necessary. ``is_repeat`` is worked out by Waymark when the
    referral is made: the same person (or, with no person, the same case) was
    referred within the repeat period (12 months) before; ``previous_referral``
    is that last referral.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="serac_referrals")
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referring_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    criteria_high_risk = models.BooleanField("High risk on professional judgement", default=False)
    criteria_significant_indicators = models.BooleanField("Significant indicators", default=False)
    criteria_escalation = models.BooleanField("Escalation", default=False)
    criteria_repeat = models.BooleanField("Repeat", default=False)
    summary = models.TextField()
    consent_given = models.BooleanField(default=False)
    consent_justification = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    decline_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    is_repeat = models.BooleanField(default=False)
    previous_referral = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referred_at", "-pk"]
        indexes = [
            # Repeat detection: a person's (or a case's) latest referral.
            models.Index(fields=["person", "-referred_at"], name="serac_ref_person_latest"),
            models.Index(fields=["case", "-referred_at"], name="serac_ref_case_latest"),
            # The chair's queue and the figures by period.
            models.Index(fields=["status", "referred_at"], name="serac_ref_status"),
        ]

    def __str__(self):
        return f"SERAC referral of {self.case}"

    def get_absolute_url(self):
        return reverse("serac:referral_detail", args=[self.pk])

    @property
    def criteria_labels(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name
            for name in (
                "criteria_high_risk",
                "criteria_significant_indicators",
                "criteria_escalation",
                "criteria_repeat",
            )
            if getattr(self, name)
        ]


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CIRCULATED = "circulated", "Agenda circulated"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class SeracMeeting(models.Model):
    """One SERAC meeting. ``circulated_at`` is when the agenda went to members:
    from then until the set number of days after ``starts_at`` the member
    agencies can see the listed cases."""

    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member_agencies = models.ManyToManyField(
        "accounts.Agency", through="serac.SeracMembership", related_name="serac_meetings"
    )
    confidentiality_agreed = models.BooleanField("Confidentiality statement agreed", default=False)
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            # The SERAC home: upcoming and past meetings by date.
            models.Index(fields=["starts_at"], name="serac_meeting_starts"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"SERAC meeting, {long_date(local)}"

    def get_absolute_url(self):
        return reverse("serac:meeting_detail", args=[self.pk])

    @property
    def meeting_date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_circulated(self) -> bool:
        return self.circulated_at is not None


class SeracMembership(models.Model):
    """An agency that is a member of a meeting, its named representative and
    whether it sent apologies."""

    meeting = models.ForeignKey(SeracMeeting, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    representative = models.CharField(max_length=200, blank=True)
    sent_apologies = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="unique_serac_membership")
        ]

    def __str__(self):
        return f"{self.agency} at {self.meeting}"


class AgendaKind(models.TextChoices):
    REFERRAL = "referral", "New referral"
    REVIEW = "review", "Review"


class AgendaItem(models.Model):
    """A case listed on a meeting's agenda, from a referral or for review,
    with the short summary members read. The chair records ``discussion``,
    ``risks`` identified and ``decisions`` in meeting mode."""

    meeting = models.ForeignKey(SeracMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="serac_items")
    referral = models.ForeignKey(
        SeracReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    kind = models.CharField(max_length=10, choices=AgendaKind.choices)
    order = models.PositiveIntegerField(default=0)
    summary = models.TextField()
    discussion = models.TextField(blank=True)
    risks = models.TextField("Risks identified", blank=True)
    decisions = models.TextField(blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="unique_serac_agenda_case")
        ]

    def __str__(self):
        return f"{self.case} at {self.meeting}"

    @property
    def is_repeat(self) -> bool:
        return bool(self.referral and self.referral.is_repeat)


class ResearchReturn(models.Model):
    """What one member agency knows about one listed case, returned before the
    meeting. Facts and opinion are kept apart; ``withheld`` says what was not
    shared and why. A return is a draft until ``returned_at``."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="research")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    facts = models.TextField(blank=True)
    opinion = models.TextField(blank=True)
    withheld = models.TextField("Not shared, and why", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="unique_serac_research")
        ]

    def __str__(self):
        return f"Research from {self.agency} on {self.item.case}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible"


class SeracAction(models.Model):
    """An action agreed at a meeting: what, which agency (and person) owns it,
    by when. Overdue is not stored: an open action past ``due_on`` is overdue.
    ``due_reminded_at`` and ``overdue_reminded_at`` stamp the two reminders so
    each is sent once."""

    meeting = models.ForeignKey(SeracMeeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="serac_actions")
    description = models.TextField("What")
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=15, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    not_possible_reason = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # Dashboards and reminders: an agency's open actions by due date.
            models.Index(
                fields=["owner_agency", "due_on"],
                condition=models.Q(status="open"),
                name="serac_action_open_due",
            ),
        ]

    def __str__(self):
        return f"Action on {self.case}: {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("serac:action_update", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def status_label(self) -> str:
        return "Overdue" if self.is_overdue else self.get_status_display()

    @property
    def done_on_time(self) -> bool:
        return (
            self.status == ActionStatus.DONE
            and self.completed_on is not None
            and self.completed_on <= self.due_on
        )


@pghistory.track()
class SeracMinutes(models.Model):
    """The minutes of a meeting: drafted by Waymark from what was recorded,
    edited and approved by the chair. Members read them once approved."""

    meeting = models.OneToOneField(SeracMeeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "SERAC minutes"

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None
