"""The Modern Slavery Lead's triage queue and decisions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from accounts.models import Agency
from cases.forms.triage import CloseConcernForm, LinkCaseForm, NewCaseForm
from cases.models import AccessAction, CasePerson, Concern, ConcernStatus
from cases.permissions import can_triage
from cases.selectors import (
    case_list_visible_to,
    concern_possible_duplicate_cases,
    concern_triage_queue,
    person_possible_duplicates,
)
from cases.services.common import access_log_record, access_log_record_many
from cases.services.triage import (
    concern_close,
    concern_link_to_case,
    concern_summary_for_case,
    concern_triage_new_case,
)
from core.errors import ServiceError


def triage_queue(request):
    if not can_triage(request.user):
        raise Http404
    concerns = list(concern_triage_queue(user=request.user))
    return render(request, "cases/triage_queue.html", {"concerns": concerns})


def _concern_awaiting(request, reference) -> Concern:
    if not can_triage(request.user):
        raise Http404
    try:
        return Concern.objects.select_related("reporting_agency", "reported_by").get(
            reference=reference, status=ConcernStatus.AWAITING_TRIAGE
        )
    except Concern.DoesNotExist:
        raise Http404 from None


def triage_concern(request, reference):
    concern = _concern_awaiting(request, reference)
    people = list(concern.people.all())
    duplicates = {person.pk: person_possible_duplicates(person=person) for person in people}
    forms = {
        "new_case": NewCaseForm(
            people=people,
            duplicates=duplicates,
            initial={"summary": concern_summary_for_case(concern), "risk_level": ""},
        ),
        "link": LinkCaseForm(),
        "close": CloseConcernForm(),
    }
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "new_case":
            form = forms["new_case"] = NewCaseForm(
                request.POST, people=people, duplicates=duplicates
            )
            if form.is_valid():
                candidates = {p.pk: p for found in duplicates.values() for p in found}
                try:
                    case = concern_triage_new_case(
                        actor=request.user,
                        concern=concern,
                        agencies=form.cleaned_data["agencies"],
                        risk_level=form.cleaned_data["risk_level"],
                        summary=form.cleaned_data["summary"],
                        same_as=form.same_as(candidates),
                    )
                except ServiceError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, f"Case {case.reference} opened")
                    return redirect(case)
        elif decision == "link":
            form = forms["link"] = LinkCaseForm(request.POST)
            if form.is_valid():
                reference = form.cleaned_data["reference"].strip().upper()
                case = case_list_visible_to(user=request.user).filter(reference=reference).first()
                if case is None:
                    form.add_error("reference", f"There is no case {reference}")
                else:
                    concern_link_to_case(
                        actor=request.user,
                        concern=concern,
                        case=case,
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, f"Concern added to {case.reference}")
                    return redirect(case)
        elif decision == "close":
            form = forms["close"] = CloseConcernForm(request.POST)
            if form.is_valid():
                concern_close(actor=request.user, concern=concern, **form.cleaned_data)
                messages.success(request, f"Concern {concern.reference} closed")
                return redirect("cases:triage_queue")
    duplicate_cases = concern_possible_duplicate_cases(concern=concern)
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CONCERN,
        request=request,
        detail=f"Triage of concern {concern.reference}",
    )
    # People already known, and cases at the same place, are shown from cases.
    known = [found.pk for matches in duplicates.values() for found in matches]
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        request=request,
        cases=[
            *duplicate_cases,
            *CasePerson.objects.filter(person_id__in=known).values_list("case_id", flat=True),
        ],
        detail=f"Possible match at triage of concern {concern.reference}",
    )
    return render(
        request,
        "cases/triage_concern.html",
        {
            "concern": concern,
            "people_with_duplicates": [(p, duplicates[p.pk]) for p in people],
            "duplicate_cases": duplicate_cases,
            "screening_answers": list(concern.screening_answers.all()),
            "perpetrators": list(concern.perpetrators.all()),
            "agencies": Agency.objects.filter(is_active=True),
            "forms": forms,
            "errors": [f for f in forms.values() if f.is_bound and f.errors],
        },
    )


urlpatterns = [
    path("triage/", triage_queue, name="triage_queue"),
    path("triage/<str:reference>/", triage_concern, name="triage_concern"),
]
