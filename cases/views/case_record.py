"""The case page and the actions on it: edit, share, close, reopen."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from cases.choices import CaseOutcome
from cases.extensions import case_page_panels, share_request
from cases.forms.cases import (
    CaseEditForm,
    CloseCaseForm,
    DependentChildForm,
    PersonEditForm,
    ReopenCaseForm,
    RevokeShareForm,
    ShareForm,
)
from cases.forms.records import DocumentUploadForm, NoteForm
from cases.models import AccessAction, CasePerson, CaseShare, CaseStatus
from cases.permissions import (
    can_change_case,
    can_close_case,
    can_end_share,
    can_see_perpetrators,
    can_share_case,
    is_lead,
)
from cases.screening import SCREENING_QUESTIONS
from cases.selectors import (
    case_access_log_for,
    case_active_shares,
    case_agencies_with_access,
    case_get_for_user,
    case_people_links,
)
from cases.selectors_records import case_documents, case_notes
from cases.services.cases import (
    case_close,
    case_reopen,
    case_update,
    dependent_child_add,
    dependent_child_remove,
    person_update,
)
from cases.services.common import access_log_record
from cases.services.sharing import case_share_revoke
from cases.services.triage import concern_summary_for_case
from core.errors import ServiceError, StaleEditError


def _case_for(request, reference):
    """Fetch-and-authorise: the case, or 404 if this user may not see it."""
    return case_get_for_user(user=request.user, reference=reference)


def _people_with_link_ids(case):
    people = []
    for link in case_people_links(case=case):
        link.person.case_link_id = link.pk  # person_edit is addressed by the link
        people.append(link.person)
    return people


def _concerns_as_reported(user, case) -> list:
    """Each concern that fed the case, with the reporter's words as ``reported``:
    with the suspected perpetrators' names taken out for anyone who may not
    see perpetrators (the words can name them)."""
    concerns = list(
        case.concerns.select_related("reporting_agency", "reported_by").prefetch_related(
            "perpetrators"
        )
    )
    sees_perpetrators = can_see_perpetrators(user)
    for concern in concerns:
        concern.reported = (
            concern.what_happened if sees_perpetrators else concern_summary_for_case(concern)
        )
    return concerns


def case_detail(request, reference):
    case = _case_for(request, reference)
    access_log_record(user=request.user, action=AccessAction.VIEW_CASE, request=request, case=case)
    agencies = case_agencies_with_access(case=case)
    answers = {answer.question: answer for answer in case.screening_answers.all()}
    screening = [(text, answers.get(key)) for key, text in SCREENING_QUESTIONS]
    show_perpetrators = can_see_perpetrators(request.user)
    context = {
        "case": case,
        "people": _people_with_link_ids(case),
        "outcome_labels": [CaseOutcome(value).label for value in case.outcomes],
        "perpetrators": (
            list(case.case_perpetrators.select_related("perpetrator"))
            if show_perpetrators
            else None
        ),
        "locations": list(case.locations.all()),
        "exploitation_types": list(case.exploitation_types.all()),
        "exploitation_subtypes": list(case.exploitation_subtypes.all()),
        "screening": screening,
        "screening_answered": bool(answers),
        "agencies": agencies,
        "shares": [
            (share, can_end_share(request.user, share)) for share in case_active_shares(case=case)
        ],
        "timeline": list(case.timeline.select_related("actor", "agency", "concern")[:200]),
        # Each concern that fed the case; its own page opens for the Lead and its reporter.
        "concerns": _concerns_as_reported(request.user, case),
        "access_log": case_access_log_for(user=request.user, case=case),
        "is_lead": is_lead(request.user),
        "can_work": can_change_case(request.user, case),
        "can_share": can_share_case(request.user, case),
        "can_close": can_close_case(request.user),
        "notes": case_notes(case=case),
        "documents": case_documents(case=case),
        "note_form": NoteForm(),
        "document_form": DocumentUploadForm(),
        "close_form": CloseCaseForm(),
        "reopen_form": ReopenCaseForm(),
        # Pathways, support services, NRM and SERAC come from the apps above cases.
        "panels": case_page_panels.render(request=request, obj=case),
    }
    return render(request, "cases/case_detail.html", context)


def case_edit(request, reference):
    case = _case_for(request, reference)
    if not can_change_case(request.user, case):
        raise Http404
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail="Case edit page",
    )
    if request.method == "POST":
        form = CaseEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                case_update(actor=request.user, case=case, expected_version=version, **data)
            except StaleEditError as error:
                # The person's own values stay in the form; nothing is lost.
                form.add_error(None, str(error))
            else:
                messages.success(request, "Case details saved")
                return redirect(case)
    else:
        form = CaseEditForm(
            initial={
                "summary": case.summary,
                "risk_level": case.risk_level,
                "is_emergency": case.is_emergency,
                "child_involved": case.child_involved,
                "adult_at_risk": case.adult_at_risk,
                "version": case.version,
            }
        )
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


def person_edit(request, reference, person_id):
    case = _case_for(request, reference)
    if not can_change_case(request.user, case):
        raise Http404
    link = get_object_or_404(CasePerson.objects.select_related("person"), case=case, pk=person_id)
    person = link.person
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail=f"Person edit page (person {person.pk})",
    )
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                person_update(
                    actor=request.user,
                    case=case,
                    person=person,
                    expected_version=version,
                    **data,
                )
            except StaleEditError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Details of {person} saved")
                return redirect(case.get_absolute_url() + "#people")
    else:
        form = PersonEditForm(initial=PersonEditForm.initial_for(person))
    return render(request, "cases/person_edit.html", {"case": case, "person": person, "form": form})


def _person_link_for_work(request, reference, person_id):
    """The case and the survivor's link on it, for someone who may work the case."""
    case = _case_for(request, reference)
    if not can_change_case(request.user, case):
        raise Http404
    link = get_object_or_404(CasePerson.objects.select_related("person"), case=case, pk=person_id)
    return case, link


def dependent_child_add_view(request, reference, person_id):
    case, link = _person_link_for_work(request, reference, person_id)
    person = link.person
    form = DependentChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dependent_child_add(actor=request.user, case=case, person=person, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Dependent child of {person} added")
            return redirect(case.get_absolute_url() + "#people")
    return render(request, "cases/child_add.html", {"case": case, "person": person, "form": form})


@require_POST
def dependent_child_remove_view(request, reference, person_id, child_id):
    case, link = _person_link_for_work(request, reference, person_id)
    child = get_object_or_404(link.person.children, pk=child_id)
    dependent_child_remove(actor=request.user, case=case, child=child)
    messages.success(request, f"Dependent child of {link.person} removed")
    return redirect(case.get_absolute_url() + "#people")


def case_share_add(request, reference):
    case = _case_for(request, reference)
    if not can_share_case(request.user, case):
        raise Http404
    form = ShareForm(request.POST or None, may_override_agreement=is_lead(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            # Governance checks the agreement and the basis before the share opens.
            outcome = share_request(actor=request.user, case=case, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, outcome)
            return redirect(case.get_absolute_url() + "#sharing")
    return render(request, "cases/case_share.html", {"case": case, "form": form})


def case_share_end(request, reference, share_id):
    case = _case_for(request, reference)
    share = get_object_or_404(CaseShare, case=case, pk=share_id, revoked_at__isnull=True)
    if not can_end_share(request.user, share):
        raise Http404
    form = RevokeShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_share_revoke(actor=request.user, share=share, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Access for {share.agency} ended")
            return redirect(case.get_absolute_url() + "#sharing")
    return render(
        request, "cases/case_share_end.html", {"case": case, "share": share, "form": form}
    )


@require_POST
def case_close_view(request, reference):
    case = _case_for(request, reference)
    if not can_close_case(request.user):
        raise Http404
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        try:
            case_close(actor=request.user, case=case, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Case closed")
            return redirect(case)
    return render(request, "cases/case_close.html", {"case": case, "form": form})


@require_POST
def case_reopen_view(request, reference):
    case = _case_for(request, reference)
    if not can_close_case(request.user) or case.status != CaseStatus.CLOSED:
        raise Http404
    form = ReopenCaseForm(request.POST)
    if form.is_valid():
        case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        messages.success(request, "Case reopened")
        return redirect(case)
    return render(request, "cases/case_close.html", {"case": case, "reopen_form": form})


urlpatterns = [
    path("<str:reference>/", case_detail, name="case_detail"),
    path("<str:reference>/edit/", case_edit, name="case_edit"),
    path("<str:reference>/people/<int:person_id>/edit/", person_edit, name="person_edit"),
    path(
        "<str:reference>/people/<int:person_id>/children/add/",
        dependent_child_add_view,
        name="child_add",
    ),
    path(
        "<str:reference>/people/<int:person_id>/children/<int:child_id>/remove/",
        dependent_child_remove_view,
        name="child_remove",
    ),
    path("<str:reference>/share/", case_share_add, name="case_share"),
    path("<str:reference>/shares/<int:share_id>/end/", case_share_end, name="case_share_end"),
    path("<str:reference>/close/", case_close_view, name="case_close"),
    path("<str:reference>/reopen/", case_reopen_view, name="case_reopen"),
]
