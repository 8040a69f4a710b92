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
from pathways.forms import StartPathwayForm, TimescaleForm, TransitionForm
from pathways.models import CasePathway
from pathways.selectors import (
    compliance_summary,
    deadline_texts,
    effective_deadline,
    effective_deadlines,
    pathways_not_started,
    timescale_changes,
)
from pathways.services import pathway_start, pathway_transition, timescale_change


def protocol(request):
    """The partnership's protocol: every pathway, explained, with its diagram."""
    return render(request, "pathways/protocol.html", {"pathways": list(PATHWAYS.values())})


def protocol_pathway(request, key):
    pathway = PATHWAYS.get(key)
    if pathway is None:
        raise Http404
    effective = effective_deadlines(pathway_key=key)
    return render(
        request,
        "pathways/protocol_pathway.html",
        {
            "pathway": pathway,
            "diagram": diagram_for(pathway, deadlines=deadline_texts(pathway, effective)),
            "steps": [(state, effective.get((key, state.key))) for state in pathway.states],
        },
    )


def _workable_case(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    if not can_change_case(request.user, case):
        raise Http404
    return case


@require_POST
def case_pathway_step(request, reference, pathway_key):
    """Record a step. A step that needs a note and has none, or that is
    refused, comes back on a page of its own with the GOV.UK error summary
    linked to the note, keeping what was typed."""
    case = _workable_case(request, reference)
    case_pathway = get_object_or_404(CasePathway, case=case, pathway_key=pathway_key)
    form = TransitionForm(request.POST)
    transition = None
    if form.is_valid():
        try:
            transition = case_pathway.pathway.transition(form.cleaned_data["transition"])
        except KeyError:
            form.add_error(None, "That step is not on this pathway")
    missing_note = transition is not None and transition.requires_note
    if missing_note and not form.cleaned_data["note"].strip():
        form.add_error("note", f'Enter a note explaining why you chose "{transition.label}"')
    if not form.errors:
        try:
            pathway_transition(
                actor=request.user,
                case_pathway=case_pathway,
                transition_key=form.cleaned_data["transition"],
                note=form.cleaned_data["note"],
                expected_state=form.cleaned_data["expected_state"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Step recorded on {case_pathway.pathway.display}")
            return redirect(case.get_absolute_url() + f"#pathway-{pathway_key}")
    return render(
        request,
        "pathways/step_form.html",
        {
            "case": case,
            "case_pathway": case_pathway,
            "transition": transition,
            "form": form,
            "error_items": form.error_summary_items,
        },
        status=400,
    )


@require_POST
def case_pathway_start(request, reference):
    case = _workable_case(request, reference)
    form = StartPathwayForm(request.POST, pathways=pathways_not_started(case=case))
    if form.is_valid():
        try:
            pathway_start(
                actor=request.user,
                case=case,
                pathway_key=form.cleaned_data["pathway"],
                date_of_birth_unknown=form.cleaned_data["date_of_birth_unknown"],
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
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


def timescales(request):
    """For the Modern Slavery Lead: every deadline with its source; changes recorded."""
    if not is_lead(request.user):
        raise Http404
    return render(
        request,
        "pathways/timescales.html",
        {"deadlines": list(effective_deadlines().values()), "changes": timescale_changes()},
    )


def timescale_edit(request, key, state_key):
    if not is_lead(request.user):
        raise Http404
    pathway = PATHWAYS.get(key)
    if pathway is None or not pathway.has_state(state_key):
        raise Http404
    deadline = effective_deadline(pathway_key=key, state_key=state_key)
    if deadline is None:
        raise Http404
    initial = {"applies": "yes" if deadline.enabled else "no", "days": deadline.days}
    form = TimescaleForm(
        request.POST or None, initial=initial, local_practice=deadline.is_local_practice
    )
    if request.method == "POST" and form.is_valid():
        try:
            timescale_change(
                actor=request.user,
                pathway_key=key,
                state_key=state_key,
                days=form.cleaned_data.get("days"),
                enabled=form.cleaned_data["applies"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error("days" if "days" in form.fields else "applies", str(error))
        else:
            messages.success(
                request,
                f"{pathway.display}, {deadline.state.label}: timescale changed for steps "
                "entered from now on",
            )
            return redirect("pathways:timescales")
    return render(
        request,
        "pathways/timescale_form.html",
        {"pathway": pathway, "deadline": deadline, "form": form},
    )
