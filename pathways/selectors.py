"""Reads about pathways, always for a case the user can already see."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Func, Q, Subquery
from django.utils import timezone

from accounts.selectors import user_roles
from cases.permissions import is_lead
from cases.selectors import case_list_visible_to
from pathways.definitions import PATHWAYS
from pathways.diagrams import Diagram, diagram_for
from pathways.engine import Transition, allowed_transitions
from pathways.models import CasePathway


@dataclass
class PathwayView:
    case_pathway: CasePathway
    actions: list[Transition]
    is_overdue: bool
    diagram: Diagram


def case_pathways_for(*, user, case) -> list[PathwayView]:
    """Each pathway the case is on, with the steps this user may take now."""
    agency = getattr(user, "agency", None)
    roles = set(user_roles(user))
    today = timezone.localdate()
    views = []
    for case_pathway in CasePathway.objects.filter(case=case):
        pathway = case_pathway.pathway
        actions = (
            []
            if case_pathway.completed_at
            else allowed_transitions(
                pathway,
                case_pathway.state_key,
                roles=roles,
                agency_type=agency.agency_type if agency else None,
                is_first_responder=bool(agency and agency.is_first_responder),
            )
        )
        views.append(
            PathwayView(
                case_pathway=case_pathway,
                actions=actions,
                is_overdue=bool(case_pathway.due_on and case_pathway.due_on < today),
                diagram=diagram_for(pathway, current=case_pathway.state_key),
            )
        )
    return views


def pathways_not_started(*, case, started: set[str] | None = None) -> list:
    """Pathways not yet on the case (``started``: their keys, when already read)."""
    if started is None:
        started = set(CasePathway.objects.filter(case=case).values_list("pathway_key", flat=True))
    return [pathway for key, pathway in PATHWAYS.items() if key not in started]


def next_steps_for(*, user, limit: int = 10):
    """Open steps the user's agency is responsible for (all of them for the Lead),
    on cases the user can see, soonest due first; and how many are overdue."""
    steps = CasePathway.objects.filter(
        completed_at=None, case__in=case_list_visible_to(user=user)
    ).select_related("case", "responsible_agency")
    if not is_lead(user):
        steps = steps.filter(responsible_agency_id=getattr(user, "agency_id", None))
    today = timezone.localdate()
    # One query: the soonest steps (by the open-steps index), each carrying how
    # many are overdue in all, as an uncorrelated subquery PostgreSQL counts
    # once. (A window count would join every open step before the limit.)
    overdue_count = Subquery(
        steps.filter(due_on__lt=today).order_by().values(total=Func(F("pk"), function="COUNT"))
    )
    upcoming = list(
        steps.exclude(due_on=None)
        .annotate(overdue_total=overdue_count)
        .order_by("due_on", "pk")[:limit]
    )
    overdue = upcoming[0].overdue_total if upcoming else 0
    for step in upcoming:
        step.is_overdue = step.due_on < today
    return upcoming, overdue


def compliance_summary(*, stalled_after_days: int = 30):
    """Overdue and long-stalled open steps, counted in SQL by pathway and by agency."""
    today = timezone.localdate()
    stalled_since = timezone.now() - timedelta(days=stalled_after_days)
    open_steps = CasePathway.objects.filter(completed_at=None)
    counts = {
        "overdue": Count("pk", filter=Q(due_on__lt=today)),
        "stalled": Count("pk", filter=Q(entered_state_at__lt=stalled_since)),
        "open": Count("pk"),
    }
    by_pathway = {
        row["pathway_key"]: row for row in open_steps.values("pathway_key").annotate(**counts)
    }
    pathway_rows = [
        {"pathway": pathway, **by_pathway.get(key, {"overdue": 0, "stalled": 0, "open": 0})}
        for key, pathway in PATHWAYS.items()
    ]
    agency_rows = list(
        open_steps.values("responsible_agency__name")
        .annotate(**counts)
        .filter(Q(overdue__gt=0) | Q(stalled__gt=0))
        .order_by("-overdue", "responsible_agency__name")
    )
    return pathway_rows, agency_rows
