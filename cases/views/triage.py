"""The Modern Slavery Lead's triage queue and decisions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from accounts.models import Agency
from cases.forms.triage import CloseConcernForm, LinkCaseForm, NewCaseForm, PersonMatchForm
from cases.models import AccessAction, CasePerson, Concern, ConcernStatus, Person
from cases.permissions import can_see_perpetrators, can_triage
from cases.person_merge import compare, is_exact_match
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
    concern_person_match,
    concern_person_unmatch,
    concern_summary_for_case,
    concern_triage_new_case,
)
from cases.views.concerns import concern_summary_sections
from core.choices import YesNoUnknown
from core.errors import ServiceError

# Concerns a page of the queue shows.
TRIAGE_PAGE_SIZE = 50


def triage_queue(request):
    if not can_triage(request.user):
        raise Http404
    waiting = concern_triage_queue(user=request.user)
    concerns = Paginator(waiting, TRIAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    in_danger = waiting.filter(is_emergency=YesNoUnknown.YES).count()
    return render(
        request, "cases/triage_queue.html", {"concerns": concerns, "in_danger": in_danger}
    )


def _concern_awaiting(request, reference) -> Concern:
    if not can_triage(request.user):
        raise Http404
    try:
        return Concern.objects.select_related("reporting_agency", "reported_by").get(
            reference=reference, status=ConcernStatus.AWAITING_TRIAGE
        )
    except Concern.DoesNotExist:
        raise Http404 from None


def _people_and_matches(concern: Concern):
    """Each person named in the concern: (person, candidates, the match chosen).

    A candidate is (person, whether name and date of birth match exactly)."""
    existing_ids = [match["existing"] for match in concern.person_matches.values()]
    matched = Person.objects.prefetch_related("cases").in_bulk(existing_ids)
    rows = []
    for person in concern.people.all():
        candidates = [
            (candidate, is_exact_match(person, candidate))
            for candidate in person_possible_duplicates(person=person)
        ]
        match = concern.person_matches.get(str(person.pk))
        rows.append((person, candidates, matched.get(match["existing"]) if match else None))
    return rows


def triage_concern(request, reference):
    concern = _concern_awaiting(request, reference)
    forms = {
        "new_case": NewCaseForm(
            initial={"summary": concern_summary_for_case(concern), "risk_level": ""}
        ),
        "link": LinkCaseForm(),
        "close": CloseConcernForm(),
    }
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "new_case":
            form = forms["new_case"] = NewCaseForm(request.POST)
            if form.is_valid():
                try:
                    case = concern_triage_new_case(
                        actor=request.user,
                        concern=concern,
                        agencies=form.cleaned_data["agencies"],
                        risk_level=form.cleaned_data["risk_level"],
                        summary=form.cleaned_data["summary"],
                        lawful_basis=form.cleaned_data["lawful_basis"],
                        basis_reason=form.cleaned_data["basis_reason"],
                        emergency_reason=form.cleaned_data["emergency_reason"],
                    )
                except ServiceError as error:
                    field = "agencies" if error.field == "agency" else error.field
                    form.add_error(field if field in form.fields else None, str(error))
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
                    try:
                        concern_link_to_case(
                            actor=request.user,
                            concern=concern,
                            case=case,
                            note=form.cleaned_data["note"],
                        )
                    except ServiceError as error:
                        form.add_error(None, str(error))
                    else:
                        messages.success(
                            request, f"Concern {concern.reference} added to case {case.reference}"
                        )
                        return redirect(case)
        elif decision == "close":
            form = forms["close"] = CloseConcernForm(request.POST)
            if form.is_valid():
                concern_close(actor=request.user, concern=concern, **form.cleaned_data)
                messages.success(request, f"Concern {concern.reference} closed")
                return redirect("cases:triage_queue")
    duplicate_cases = concern_possible_duplicate_cases(concern=concern)
    people_with_duplicates = _people_and_matches(concern)
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CONCERN,
        request=request,
        detail=f"Triage of concern {concern.reference}",
    )
    # People already known, and cases at the same place, are shown from cases.
    known = [found.pk for _, candidates, _ in people_with_duplicates for found, _ in candidates]
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
            "people_with_duplicates": people_with_duplicates,
            "duplicate_cases": duplicate_cases,
            # What the Lead decides on: risk, people, warning signs, types,
            # place and (for those who may see them) suspected perpetrators.
            "sections": concern_summary_sections(
                concern, editable=False, show_perpetrators=can_see_perpetrators(request.user)
            ),
            "agencies": Agency.objects.filter(is_active=True),
            "forms": forms,
            "errors": [f for f in forms.values() if f.is_bound and f.errors],
        },
    )


def triage_match(request, reference, person_id, existing_id):
    """The concern's person and someone already known, side by side; the Lead
    chooses what to keep where they differ."""
    concern = _concern_awaiting(request, reference)
    person = concern.people.filter(pk=person_id).first()
    candidates = person_possible_duplicates(person=person) if person else []
    existing = next((c for c in candidates if c.pk == existing_id), None)
    if existing is None:
        raise Http404
    comparison = compare(person, existing)
    form = PersonMatchForm(request.POST or None, comparison=comparison, existing_name=existing)
    if request.method == "POST" and form.is_valid():
        try:
            concern_person_match(
                actor=request.user,
                concern=concern,
                person=person,
                existing=existing,
                keep=form.keep(),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{person} will be recorded as {existing} when you open or choose the case",
            )
            return redirect("cases:triage_concern", reference=concern.reference)
    return render(
        request,
        "cases/triage_match.html",
        {
            "concern": concern,
            "person": person,
            "existing": existing,
            "exact": is_exact_match(person, existing),
            "form": form,
            "error_items": form.error_summary_items if form.is_bound else [],
            "safety_differs": any(row.is_safety and row.differs for row in comparison),
        },
    )


def triage_unmatch(request, reference, person_id):
    concern = _concern_awaiting(request, reference)
    person = concern.people.filter(pk=person_id).first()
    if person is None or request.method != "POST":
        raise Http404
    concern_person_unmatch(actor=request.user, concern=concern, person=person)
    messages.success(request, f"{person} will be recorded as a new person")
    return redirect("cases:triage_concern", reference=concern.reference)


urlpatterns = [
    path("triage/", triage_queue, name="triage_queue"),
    path("triage/<str:reference>/", triage_concern, name="triage_concern"),
    path(
        "triage/<str:reference>/people/<int:person_id>/same-as/<int:existing_id>/",
        triage_match,
        name="triage_match",
    ),
    path(
        "triage/<str:reference>/people/<int:person_id>/not-known/",
        triage_unmatch,
        name="triage_unmatch",
    ),
]
