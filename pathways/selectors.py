"""Reads about pathways, always for a case the user can already see."""

from dataclasses import dataclass

from django.utils import timezone

from accounts.selectors import user_roles
from pathways.definitions import PATHWAYS
from pathways.diagrams import to_svg
from pathways.engine import Transition, allowed_transitions
from pathways.models import CasePathway


@dataclass
class PathwayView:
    case_pathway: CasePathway
    actions: list[Transition]
    is_overdue: bool
    diagram_svg: str


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
                diagram_svg=to_svg(pathway, current=case_pathway.state_key),
            )
        )
    return views


def pathways_not_started(*, case) -> list:
    started = set(CasePathway.objects.filter(case=case).values_list("pathway_key", flat=True))
    return [pathway for key, pathway in PATHWAYS.items() if key not in started]
