"""The pathways section of the case page (registered in PathwaysConfig.ready)."""

from cases.permissions import can_work_case
from pathways.forms import StartPathwayForm
from pathways.selectors import case_pathways_for, pathways_not_started


def case_pathways_panel(request, case) -> dict:
    views = case_pathways_for(user=request.user, case=case)
    started = {view.case_pathway.pathway_key for view in views}
    return {
        "case": case,
        "can_work": can_work_case(request.user),
        "pathway_views": views,
        "start_pathway_form": StartPathwayForm(
            pathways=pathways_not_started(case=case, started=started)
        ),
    }
