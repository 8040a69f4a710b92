"""Thin views: the Protocol pages, and pathway steps on a case."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.permissions import can_change_case, is_lead
from cases.selectors import case_get_for_user
from core.errors import ServiceError
from pathways.definitions import PATHWAYS
from pathways.diagrams import diagram_for
from pathways.forms import StartPathwayForm, TransitionForm
from pathways.models import CasePathway
from pathways.selectors import compliance_summary, pathways_not_started
from pathways.services import pathway_start, pathway_transition


def protocol(request):
    """The partnership's protocol: every pathway, explained, with its diagram."""
    return render(request, "pathways/protocol.html", {"pathways": list(PATHWAYS.values())})


def protocol_pathway(request, key):
    pathway = PATHWAYS.get(key)
    if pathway is None:
        raise Http404
    return render(
        request,
        "pathways/protocol_pathway.html",
        {"pathway": pathway, "diagram": diagram_for(pathway)},
    )


def _workable_case(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    if not can_change_case(request.user, case):
        raise Http404
    return case


@require_POST
def case_pathway_step(request, reference, pathway_key):
    case = _workable_case(request, reference)
    case_pathway = get_object_or_404(CasePathway, case=case, pathway_key=pathway_key)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            pathway_transition(
                actor=request.user,
                case_pathway=case_pathway,
                transition_key=form.cleaned_data["transition"],
                note=form.cleaned_data["note"],
                expected_state=form.cleaned_data["expected_state"],
            )
        except (ServiceError, KeyError) as error:
            messages.error(request, str(error).strip("'\""))
        else:
            messages.success(request, f"{case_pathway.pathway.name}: step recorded")
    return redirect(case.get_absolute_url() + f"#pathway-{pathway_key}")


@require_POST
def case_pathway_start(request, reference):
    case = _workable_case(request, reference)
    form = StartPathwayForm(request.POST, pathways=pathways_not_started(case=case))
    if form.is_valid():
        pathway_start(actor=request.user, case=case, pathway_key=form.cleaned_data["pathway"])
        messages.success(request, "Pathway started")
    else:
        messages.error(request, "Select the pathway to start")
    return redirect(case.get_absolute_url() + "#pathways")


def compliance(request):
    """For the Modern Slavery Lead: overdue and long-stalled steps by pathway and agency."""
    if not is_lead(request.user):
        raise Http404
    pathway_rows, agency_rows = compliance_summary()
    return render(
        request,
        "pathways/compliance.html",
        {"pathway_rows": pathway_rows, "agency_rows": agency_rows},
    )
