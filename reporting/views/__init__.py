"""Thin views: fetch-and-authorise, call a service, redirect."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.models import AccessAction
from cases.services.common import access_log_record
from core.errors import ServiceError
from reporting.forms import (
    ActionPlanItemForm,
    ReportRequestForm,
    TrainingImportForm,
    TrainingSessionForm,
)
from reporting.models import RunStatus
from reporting.selectors import (
    action_plan_items_for,
    audiences_for,
    can_manage_inputs,
    report_run_get_for_user,
    report_runs_visible_to,
    training_sessions_for,
)
from reporting.services import (
    TrainingImportError,
    action_plan_item_save,
    report_run_request,
    report_run_retry,
    training_session_save,
    training_sessions_import,
)

# How often the progress page reloads itself while a report is being made.
REFRESH_SECONDS = 2


def home(request):
    """Reports: start one, and the reports made so far for the user's audiences."""
    audiences = audiences_for(request.user)
    if not audiences:
        raise Http404
    form = ReportRequestForm(request.POST or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        try:
            run = report_run_request(
                actor=request.user,
                period=form.cleaned_data["period_obj"],
                audience=form.cleaned_data["audience"],
                age_bands=form.cleaned_data["age_bands"],
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect(run)
    runs = report_runs_visible_to(user=request.user)[:50]
    return render(
        request,
        "reporting/home.html",
        {"form": form, "runs": runs, "can_manage_inputs": can_manage_inputs(request.user)},
    )


def run_detail(request, public_id):
    """A report run: its progress while being made (the page reloads itself),
    then the download."""
    run = report_run_get_for_user(user=request.user, public_id=public_id)
    response = render(
        request,
        "reporting/run_detail.html",
        {"run": run, "can_retry": can_manage_inputs(request.user)},
    )
    if not run.is_finished:
        # The Refresh header reloads the page without any script; CSP allows it.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_POST
def run_retry(request, public_id):
    """The Lead tries a failed report again; nobody else may (404)."""
    run = report_run_get_for_user(user=request.user, public_id=public_id)
    if not can_manage_inputs(request.user):
        raise Http404
    try:
        report_run_retry(actor=request.user, run=run)
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect(run)


def run_download(request, public_id):
    run = report_run_get_for_user(user=request.user, public_id=public_id)
    if run.status != RunStatus.DONE or not run.pdf:
        raise Http404
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD_PDF,
        request=request,
        case=None,
        detail=f"Partnership report {run.period_code} ({run.audience}) {run.public_id}",
    )
    filename = f"waymark-report-{run.period_code}-{run.audience}.pdf"
    return FileResponse(
        run.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


# --- Training sessions -------------------------------------------------------------------------


def training_list(request):
    sessions = training_sessions_for(user=request.user)
    return render(request, "reporting/training_list.html", {"sessions": sessions[:500]})


def training_edit(request, pk=None):
    sessions = training_sessions_for(user=request.user)
    session = get_object_or_404(sessions, pk=pk) if pk else None
    form = TrainingSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            training_session_save(actor=request.user, session=session, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Training session saved")
            return redirect("reporting:training_list")
    return render(request, "reporting/training_form.html", {"form": form, "session": session})


def training_import(request):
    training_sessions_for(user=request.user)  # the Lead only
    form = TrainingImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            added = training_sessions_import(
                actor=request.user, content=form.cleaned_data["file"].read()
            )
        except TrainingImportError as error:
            problems = error.problems
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request, f"{added} training session{'s' if added != 1 else ''} imported"
            )
            return redirect("reporting:training_list")
    return render(request, "reporting/training_import.html", {"form": form, "problems": problems})


# --- The 4P action plan ------------------------------------------------------------------------


def plan_list(request):
    items = list(action_plan_items_for(user=request.user))
    years = sorted({item.year for item in items}, reverse=True)
    return render(request, "reporting/plan_list.html", {"items": items, "years": years})


def plan_edit(request, pk=None):
    items = action_plan_items_for(user=request.user)
    item = get_object_or_404(items, pk=pk) if pk else None
    form = ActionPlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            action_plan_item_save(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action plan saved")
            return redirect(reverse("reporting:plan_list"))
    return render(request, "reporting/plan_form.html", {"form": form, "item": item})
