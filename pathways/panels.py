"""The pathways section of the case page (registered in PathwaysConfig.ready)."""

from cases.permissions import can_change_case
from pathways.forms import StartPathwayForm
from pathways.selectors import case_pathways_for, pathways_not_started


def case_pathways_panel(request, case) -> dict:
    return {
        "case": case,
        "can_work": can_change_case(request.user, case),
        "pathway_views": case_pathways_for(user=request.user, case=case),
        "start_pathway_form": StartPathwayForm(pathways=pathways_not_started(case=case)),
    }
