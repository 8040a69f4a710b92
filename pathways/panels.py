"""The pathways section of the case page (registered in PathwaysConfig.ready)."""

from cases.permissions import can_change_case
from pathways.forms import StartPathwayForm
from pathways.selectors import case_pathways_for, pathways_not_started


def case_pathways_panel(request, case) -> dict:
    views = case_pathways_for(user=request.user, case=case)
    started = {view.case_pathway.pathway_key for view in views}
    return {
        "case": case,
        "can_work": can_change_case(request.user, case),
        "pathway_views": views,
        "start_pathway_form": StartPathwayForm(
            pathways=pathways_not_started(case=case, started=started)
        ),
    }
