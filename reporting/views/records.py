"""The partnership's records the Lead keeps for reports: ambassadors and their
activity, awareness events, e-learning, training feedback and the Transition
Panel. Thin views: fetch-and-authorise (404 for anyone but the Lead), call a
service, redirect."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.selectors import case_get_for_user
from core.errors import ServiceError
from pathways.models import CasePathway
from reporting.forms import (
    AmbassadorActivityForm,
    AmbassadorForm,
    ElearningForm,
    EventForm,
    RecordsImportForm,
    TrainingFeedbackAnswerForm,
    TransitionPanelForm,
)
from reporting.partnership import TRANSITION_PATHWAY
from reporting.selectors import (
    ambassadors_for,
    elearning_for,
    events_for,
    training_sessions_for,
    transition_panel_for,
)
from reporting.services.common import RecordsImportError
from reporting.services.records import (
    ambassador_activity_add,
    ambassador_save,
    ambassadors_import,
    elearning_record,
    event_save,
    training_feedback_answer_add,
    training_feedback_answer_remove,
    transition_panel_record,
)

FORM_PAGE = "reporting/record_form.html"


def _form_page(request, form, *, title: str, caption: str, back: str, button: str, intro=""):
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back": back,
            "button": button,
            "intro": intro,
        },
    )


def _saved(form, save) -> bool:
    """Call the service; a refusal is shown in the form's error summary."""
    try:
        save()
    except ServiceError as error:
        form.add_error(None, str(error))
        return False
    return True


# --- Ambassadors ---------------------------------------------------------------------------------


def ambassador_list(request):
    ambassadors = ambassadors_for(user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "reporting/ambassador_list.html",
        {"ambassadors": ambassadors[:1000], "today": today},
    )


def ambassador_edit(request, pk=None):
    ambassadors = ambassadors_for(user=request.user)
    ambassador = get_object_or_404(ambassadors, pk=pk) if pk else None
    form = AmbassadorForm(request.POST or None, instance=ambassador)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda: ambassador_save(actor=request.user, ambassador=ambassador, **form.cleaned_data),
        )
    ):
        messages.success(request, "Ambassador saved")
        return redirect("reporting:ambassador_list")
    activity = ambassador.activity.all() if ambassador else []
    return render(
        request,
        "reporting/ambassador_form.html",
        {"form": form, "ambassador": ambassador, "activity": activity},
    )


def ambassador_activity_add_view(request, pk):
    ambassador = get_object_or_404(ambassadors_for(user=request.user), pk=pk)
    form = AmbassadorActivityForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda: ambassador_activity_add(
                actor=request.user, ambassador=ambassador, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, f"Activity of {ambassador.name} added")
        return redirect("reporting:ambassador_edit", pk=ambassador.pk)
    return _form_page(
        request,
        form,
        title=f"Add activity by {ambassador.name}",
        caption="Modern Slavery Ambassadors",
        back=reverse("reporting:ambassador_edit", args=[ambassador.pk]),
        button="Add the activity",
    )


def ambassador_import(request):
    ambassadors_for(user=request.user)  # the Lead only
    form = RecordsImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            added, updated = ambassadors_import(
                actor=request.user, content=form.cleaned_data["file"].read()
            )
        except RecordsImportError as error:
            problems = error.problems
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"{added} ambassadors added, {updated} updated")
            return redirect("reporting:ambassador_list")
    return render(request, "reporting/ambassador_import.html", {"form": form, "problems": problems})


# --- Events --------------------------------------------------------------------------------------


def event_list(request):
    return render(
        request, "reporting/event_list.html", {"events": events_for(user=request.user)[:500]}
    )


def event_edit(request, pk=None):
    events = events_for(user=request.user)  # the Lead only, adding or changing
    event = get_object_or_404(events, pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: event_save(actor=request.user, event=event, **form.cleaned_data))
    ):
        messages.success(request, "Event saved")
        return redirect("reporting:event_list")
    return _form_page(
        request,
        form,
        title="Change the event" if event else "Add an event or campaign",
        caption="Awareness events and campaigns",
        back=reverse("reporting:event_list"),
        button="Save the event",
    )


# --- E-learning ----------------------------------------------------------------------------------


def elearning_list(request):
    records = elearning_for(user=request.user)[:500]
    return render(request, "reporting/elearning_list.html", {"records": records})


def elearning_add(request):
    elearning_for(user=request.user)  # the Lead only
    form = ElearningForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: elearning_record(actor=request.user, **form.cleaned_data))
    ):
        messages.success(request, "E-learning completions saved")
        return redirect("reporting:elearning_list")
    return _form_page(
        request,
        form,
        title="Record e-learning completions",
        caption="E-learning",
        back=reverse("reporting:elearning_list"),
        button="Save the completions",
        intro="From the learning system's monthly return. Recording a month again for the "
        "same agency and course corrects it.",
    )


# --- Training feedback ---------------------------------------------------------------------------


def training_feedback(request, pk):
    session = get_object_or_404(training_sessions_for(user=request.user), pk=pk)
    form = TrainingFeedbackAnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda: training_feedback_answer_add(
                actor=request.user, session=session, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Answer saved")
        return redirect("reporting:training_feedback", pk=session.pk)
    questions: dict[str, list] = {}
    for answer in session.feedback_answers.all():
        questions.setdefault(answer.question, []).append(answer)
    return render(
        request,
        "reporting/training_feedback.html",
        {"session": session, "form": form, "questions": questions},
    )


@require_POST
def training_feedback_remove(request, pk, answer_pk):
    session = get_object_or_404(training_sessions_for(user=request.user), pk=pk)
    answer = get_object_or_404(session.feedback_answers, pk=answer_pk)
    training_feedback_answer_remove(actor=request.user, answer=answer)
    messages.success(request, "Answer removed")
    return redirect("reporting:training_feedback", pk=session.pk)


# --- Transition Panel ----------------------------------------------------------------------------


def transition_panel_list(request):
    discussions = list(transition_panel_for(user=request.user)[:500])
    case_ids = {d.case_id for d in discussions if d.case_id}
    pathways = {
        p.case_id: p
        for p in CasePathway.objects.filter(case_id__in=case_ids, pathway_key=TRANSITION_PATHWAY)
    }
    for discussion in discussions:
        discussion.pathway = pathways.get(discussion.case_id)
    return render(request, "reporting/transition_panel_list.html", {"discussions": discussions})


def transition_panel_add(request):
    transition_panel_for(user=request.user)  # the Lead only
    form = TransitionPanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference = data.pop("case_reference")
        case = None
        if reference:
            try:
                case = case_get_for_user(user=request.user, reference=reference)
            except Http404:
                form.add_error("case_reference", f"No case has the reference {reference}")
        if not form.errors and _saved(
            form, lambda: transition_panel_record(actor=request.user, case=case, **data)
        ):
            messages.success(request, "Transition Panel discussion recorded")
            return redirect("reporting:transition_panel_list")
    return _form_page(
        request,
        form,
        title="Record a young person discussed at the Transition Panel",
        caption="Transition Panel",
        back=reverse("reporting:transition_panel_list"),
        button="Record the discussion",
    )
