import pghistory
from django.conf import settings
from django.db import models

from pathways.definitions import PATHWAYS, get_pathway

PATHWAY_CHOICES = [(key, p.display) for key, p in PATHWAYS.items()]


@pghistory.track()
class CasePathway(models.Model):
    """Where one case stands on one pathway.

    ``due_on`` is when the current step should be done (from the state's
    deadline), None when the step has no deadline or the pathway is complete.
    The two ``*_reminded_at`` fields make each reminder go out once per step.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="pathways")
    pathway_key = models.CharField(max_length=40, choices=PATHWAY_CHOICES)
    state_key = models.CharField(max_length=60)
    entered_state_at = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True)
    due_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    responsible_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # 4.8 Transition to Adulthood: the young person's 18th birthday, which its
    # steps are timed from (None when their date of birth is not known).
    timed_from = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pathway_key"], name="unique_case_pathway")
        ]
        indexes = [
            # Overdue and reminder sweeps: open steps by due date.
            models.Index(
                fields=["due_on"],
                condition=models.Q(completed_at__isnull=True, due_on__isnull=False),
                name="case_pathway_open_due_on",
            ),
            # The compliance counts read only this index (pathways.selectors.
            # compliance_summary), not the table of every step ever taken.
            models.Index(
                fields=["pathway_key", "responsible_agency"],
                include=["due_on", "entered_state_at"],
                condition=models.Q(completed_at__isnull=True),
                name="case_pathway_open_counts",
            ),
        ]

    def __str__(self):
        return f"{self.case} on {self.pathway.display}: {self.state.label}"

    @property
    def pathway(self):
        return get_pathway(self.pathway_key)

    @property
    def state(self):
        return self.pathway.state(self.state_key)


class PathwayStep(models.Model):
    """One move on a pathway: who, when, from where to where, and why."""

    case_pathway = models.ForeignKey(CasePathway, on_delete=models.CASCADE, related_name="steps")
    transition_key = models.CharField(max_length=60, blank=True)
    from_state = models.CharField(max_length=60, blank=True)
    to_state = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_state or 'start'} -> {self.to_state}"


class Timescale(models.Model):
    """The Modern Slavery Lead's setting for one step's deadline.

    No row: the deployment's default (the definition's ``Deadline``, or the
    environment variable it names). ``enabled`` false turns the deadline off
    (any deadline may be turned off); ``days`` replaces the number of days and
    is set only for deadlines that are the partnership's local practice. A
    change applies to steps entered after it: an open step keeps its
    ``CasePathway.due_on``. Every change is a :class:`TimescaleChange`.
    """

    pathway_key = models.CharField(max_length=40)
    state_key = models.CharField(max_length=60)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    enabled = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pathway_key", "state_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway_key", "state_key"], name="unique_timescale_per_step"
            )
        ]

    def __str__(self):
        return f"{self.pathway_key}.{self.state_key}"


class TimescaleChange(models.Model):
    """One change the Lead made to a step's deadline: who, when, before, after, why.

    Append-only: written by ``pathways.services.timescale_change`` and never
    edited. ``*_days`` is None where there was no number (the deadline was off).
    """

    pathway_key = models.CharField(max_length=40)
    state_key = models.CharField(max_length=60)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    before_days = models.PositiveSmallIntegerField(null=True, blank=True)
    before_enabled = models.BooleanField()
    after_days = models.PositiveSmallIntegerField(null=True, blank=True)
    after_enabled = models.BooleanField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.pathway_key}.{self.state_key} changed by {self.actor}"

    @property
    def step_name(self) -> str:
        """ "4.5 Access to Housing: Referred to the housing authority" (or the keys, if gone)."""
        try:
            pathway = get_pathway(self.pathway_key)
            return f"{pathway.display}: {pathway.state(self.state_key).label}"
        except KeyError:
            return f"{self.pathway_key}: {self.state_key}"
