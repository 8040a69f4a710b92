"""Case studies: the Lead writes them from a case; another Lead or the SERAC
chair approves them. Only the Lead sees which case a study came from."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import AccessAction
from cases.permissions import is_lead
from cases.selectors import case_get_for_user
from cases.services.common import access_log_record
from core.errors import ServiceError
from reporting.forms import CaseStudyForm, CaseStudyReturnForm, CaseStudySubmitForm
from reporting.models import CaseStudyStatus
from reporting.periods import financial_year_containing
from reporting.selectors import case_studies_for, case_study_get_for_user
from reporting.services.case_studies import case_study_save, case_study_transition, moves_for


def case_study_list(request):
    studies = case_studies_for(user=request.user)
    return render(
        request,
        "reporting/case_study_list.html",
        {"studies": studies[:500], "is_lead": is_lead(request.user)},
    )


def _detail(request, study, *, submit_form=None, return_form=None, status=200):
    show_case = is_lead(request.user)
    if show_case:
        # The Lead sees the case the study came from: a read of that case.
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW_CASE,
            request=request,
            case=study.case,
            detail=f"Case study {study.pk}",
        )
    moves = dict(moves_for(study, request.user))
    return render(
        request,
        "reporting/case_study_detail.html",
        {
            "study": study,
            "show_case": show_case,
            "moves": moves,
            "submit_form": submit_form or CaseStudySubmitForm(),
            "return_form": return_form or CaseStudyReturnForm(),
            "may_edit": show_case and study.status == CaseStudyStatus.DRAFT,
        },
        status=status,
    )


def case_study_detail(request, pk):
    return _detail(request, case_study_get_for_user(user=request.user, pk=pk))


def case_study_edit(request, pk=None):
    if not is_lead(request.user):
        raise Http404
    study = case_study_get_for_user(user=request.user, pk=pk) if pk else None
    if study is not None and study.status != CaseStudyStatus.DRAFT:
        return redirect(study)
    if study is not None:
        initial = {
            "case_reference": study.case.reference,
            "year": study.year,
            "title": study.title,
            "text": study.text,
        }
    else:
        initial = {
            "case_reference": request.GET.get("case", ""),
            "year": financial_year_containing(timezone.localdate()).code,
        }
    form = CaseStudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference = data.pop("case_reference")
        try:
            case = case_get_for_user(user=request.user, reference=reference)
        except Http404:
            form.add_error("case_reference", f"No case has the reference {reference}")
        else:
            try:
                study = case_study_save(actor=request.user, case=case, study=study, **data)
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Case study saved as a draft")
                return redirect(study)
    return render(request, "reporting/case_study_form.html", {"form": form, "study": study})


@require_POST
def case_study_move(request, pk, move):
    study = case_study_get_for_user(user=request.user, pk=pk)
    if move not in dict(moves_for(study, request.user)):
        raise Http404
    submit_form = return_form = None
    values = {}
    if move == "submit":
        submit_form = CaseStudySubmitForm(request.POST)
        if not submit_form.is_valid():
            return _detail(request, study, submit_form=submit_form, status=400)
        values["anonymised"] = True
    elif move == "return":
        return_form = CaseStudyReturnForm(request.POST)
        if not return_form.is_valid():
            return _detail(request, study, return_form=return_form, status=400)
        values["reason"] = return_form.cleaned_data["reason"]
    try:
        study = case_study_transition(actor=request.user, study=study, move=move, **values)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Case study {study.get_status_display().lower()}")
    return redirect(study)
