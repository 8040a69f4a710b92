"""A professional's concern: short question pages saved as a draft, check, submit.

Only staff who may report a concern (``can_report_concern``) reach these pages;
a draft is seen and changed by its reporter only, and anyone else gets a 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from cases.choices import PremisesType
from cases.concern_cards import _text, perpetrator_card, person_card
from cases.forms.concerns import (
    ActionsForm,
    ExploitationForm,
    ImmediateRiskForm,
    PerpetratorForm,
    PersonForm,
    WhatWasSeenForm,
    WhereForm,
    children_safeguarding_phone,
)
from cases.models import AccessAction, Concern, ConcernStatus
from cases.permissions import can_report_concern, can_see_perpetrators, can_triage
from cases.screening import SCREENING_TEXT
from cases.selectors import concern_get_for_user, user_may_see_case
from cases.services.common import access_log_record
from cases.services.concerns import (
    ConcernIncomplete,
    concern_delete_draft,
    concern_perpetrator_add,
    concern_perpetrator_remove,
    concern_person_add,
    concern_person_remove,
    concern_save_step,
    concern_start_draft,
    concern_submission_problems,
    concern_submit,
)
from core.choices import YesNoUnknown
from core.errors import ServiceError
from core.fields import country_name

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type


STEPS = [
    Step("immediate-risk", "Immediate risk", ImmediateRiskForm),
    Step("people", "The person or people", PersonForm),
    Step("what-was-seen", "What was seen", WhatWasSeenForm),
    Step("exploitation", "Type of exploitation", ExploitationForm),
    Step("where", "Where it is happening", WhereForm),
    Step("perpetrators", "Suspected perpetrators", PerpetratorForm),
    Step("actions", "What you have already done", ActionsForm),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


# --- Fetch and authorise ------------------------------------------------------------


def _require_reporter(request) -> None:
    if not can_report_concern(request.user):
        raise Http404("No concern found")


def _own_concern(request, reference: str) -> Concern:
    """The signed-in reporter's own concern (draft or submitted), else 404."""
    _require_reporter(request)
    try:
        return Concern.objects.select_related("reporting_agency").get(
            reference=reference, reported_by=request.user
        )
    except Concern.DoesNotExist:
        raise Http404("No concern found") from None


def _step_url(concern: Concern, slug: str, *, to_check: bool = False) -> str:
    url = reverse("cases:concern_step", args=[concern.reference, slug])
    return f"{url}?next=check" if to_check else url


def _check_url(concern: Concern) -> str:
    return reverse("cases:concern_check", args=[concern.reference])


def _after_step(request, concern: Concern, step: Step):
    """Where "Save and continue" goes: the next page, or back to check answers."""
    if request.POST.get("action") == "later":
        messages.success(request, f"Your draft {concern.reference} has been saved")
        return redirect("cases:concern_list_mine")
    if request.GET.get("next") == "check":
        return redirect(_check_url(concern))
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect(_step_url(concern, STEPS[index + 1].slug))
    return redirect(_check_url(concern))


# --- What each page starts with, and what it saves ---------------------------------------


def _initial(step: str, concern: Concern) -> dict:
    if step == "immediate-risk":
        return {
            name: value
            for name in ("is_emergency", "child_involved", "adult_at_risk", "needs_accommodation")
            if (value := getattr(concern, name))
        }
    if step == "people":
        return {"people_description": concern.people_description}
    if step == "what-was-seen":
        initial = {"what_happened": concern.what_happened}
        for answer in concern.screening_answers.all():
            initial[answer.question] = answer.answer
            initial[f"{answer.question}_note"] = answer.note
        return initial
    if step == "exploitation":
        subtypes = list(concern.exploitation_subtypes.all())
        initial = {"exploitation_types": [t.pk for t in concern.exploitation_types.all()]}
        for subtype in subtypes:
            initial.setdefault(f"subtypes_{subtype.exploitation_type_id}", []).append(subtype.pk)
        return initial
    if step == "where":
        return {
            "location_description": concern.location_description,
            "premises_type": ""
            if concern.premises_type == PremisesType.UNKNOWN
            else concern.premises_type,
            "ward": concern.ward,
            "is_overseas": "yes" if concern.is_overseas else "no",
            "overseas_country": concern.overseas_country,
        }
    if step == "actions":
        return {"actions_taken": concern.actions_taken}
    return {}


def _step_data(step: str, form) -> dict:
    if step == "what-was-seen":
        return {
            "what_happened": form.cleaned_data["what_happened"].strip(),
            "screening": form.screening_answers(),
        }
    if step == "exploitation":
        types, subtypes = form.chosen()
        return {"exploitation_types": types, "exploitation_subtypes": subtypes}
    if step == "people":
        return {"people_description": form.cleaned_data["people_description"].strip()}
    if step == "perpetrators":
        return {}
    data = dict(form.cleaned_data)
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = value.strip()
    return data


# --- Pages ------------------------------------------------------------------------


def concern_list_mine(request):
    _require_reporter(request)
    concerns = list(Concern.objects.filter(reported_by=request.user).order_by("-created_at", "-pk"))
    return render(
        request,
        "cases/concern_list_mine.html",
        {
            "drafts": [c for c in concerns if c.status == ConcernStatus.DRAFT],
            "submitted": [c for c in concerns if c.status != ConcernStatus.DRAFT],
        },
    )


def concern_start(request):
    _require_reporter(request)
    if request.method == "POST":
        concern = concern_start_draft(actor=request.user)
        return redirect(_step_url(concern, STEPS[0].slug))
    return render(
        request,
        "cases/concern_start.html",
        {"steps": STEPS, "children_phone": children_safeguarding_phone()},
    )


def concern_delete(request, reference):
    """The reporter deletes their own draft, after a question."""
    concern = _own_concern(request, reference)
    if concern.status != ConcernStatus.DRAFT:
        raise Http404("No draft found")
    if request.method == "POST":
        reference = concern_delete_draft(actor=request.user, concern=concern)
        messages.success(request, f"Draft {reference} deleted")
        return redirect("cases:concern_list_mine")
    return render(request, "cases/concern_delete.html", {"concern": concern})


def _render_step(request, concern, step, form, *, status=200):
    index = STEPS.index(step)
    to_check = request.GET.get("next") == "check"
    if to_check:
        back_url = _check_url(concern)
    elif index:
        back_url = _step_url(concern, STEPS[index - 1].slug)
    else:
        back_url = reverse("cases:concern_list_mine")
    context = {
        "concern": concern,
        "step": step,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "form": form,
        "error_items": form.error_summary_items if form.is_bound else [],
        "back_url": back_url,
        "emergency": concern.is_emergency == YesNoUnknown.YES
        or getattr(form, "says_emergency", False),
    }
    if step.slug == "people":
        context["people"] = [person_card(p) for p in concern.people.all()]
    if step.slug == "perpetrators":
        context["perpetrators"] = [perpetrator_card(p) for p in concern.perpetrators.all()]
    return render(request, "cases/concern_step.html", context, status=status)


def concern_step(request, reference, step):
    step = STEPS_BY_SLUG.get(step)
    if step is None:
        raise Http404("No such page")
    concern = _own_concern(request, reference)
    if concern.status != ConcernStatus.DRAFT:
        return redirect(concern)
    if step.slug in ("people", "perpetrators"):
        return _list_step(request, concern, step)
    if request.method != "POST":
        return _render_step(
            request, concern, step, step.form_class(initial=_initial(step.slug, concern))
        )
    form = step.form_class(request.POST)
    if form.is_valid():
        try:
            concern_save_step(
                actor=request.user,
                concern=concern,
                step=step.slug,
                cleaned_data=_step_data(step.slug, form),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return _after_step(request, concern, step)
    return _render_step(request, concern, step, form)


def _list_step(request, concern: Concern, step: Step):
    """People and perpetrators: add one at a time, remove, then continue."""
    is_people = step.slug == "people"
    if request.method != "POST":
        return _render_step(
            request, concern, step, step.form_class(initial=_initial(step.slug, concern))
        )
    remove_key = "remove_person" if is_people else "remove_perpetrator"
    if remove_key in request.POST:
        return _remove_from_list(request, concern, step, request.POST[remove_key])
    adding = request.POST.get("action") == "add"
    flag = "require_person" if is_people else "require_perpetrator"
    form = step.form_class(request.POST, **{flag: adding})
    if form.is_valid():
        has_record = form.has_person() if is_people else form.has_perpetrator()
        try:
            with transaction.atomic():
                concern_save_step(
                    actor=request.user,
                    concern=concern,
                    step=step.slug,
                    cleaned_data=_step_data(step.slug, form),
                )
                if has_record and is_people:
                    concern_person_add(actor=request.user, concern=concern, **form.person_fields())
                elif has_record:
                    concern_perpetrator_add(
                        actor=request.user, concern=concern, **form.perpetrator_fields()
                    )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if adding:
                what = "Person" if is_people else "Suspected perpetrator"
                messages.success(request, f"{what} added. Add another, or save and continue.")
                return redirect(request.get_full_path())
            return _after_step(request, concern, step)
    return _render_step(request, concern, step, form)


def _remove_from_list(request, concern: Concern, step: Step, raw_id: str):
    is_people = step.slug == "people"
    related = concern.people if is_people else concern.perpetrators
    try:
        record = related.get(pk=int(raw_id))
    except (ValueError, related.model.DoesNotExist):
        raise Http404("Not on this concern") from None
    try:
        if is_people:
            concern_person_remove(actor=request.user, concern=concern, person=record)
        else:
            concern_perpetrator_remove(actor=request.user, concern=concern, perpetrator=record)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{record} removed")
    return redirect(request.get_full_path())


def concern_check(request, reference):
    concern = _own_concern(request, reference)
    if concern.status != ConcernStatus.DRAFT:
        return redirect(concern)
    problems = []
    if request.method == "POST":
        try:
            concern = concern_submit(actor=request.user, concern=concern)
        except ConcernIncomplete as error:
            problems = error.problems
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect(concern)
        else:
            messages.success(
                request,
                f"Concern {concern.reference} submitted. The Modern Slavery Lead will triage it.",
            )
            return redirect(concern)
    else:
        problems = concern_submission_problems(concern)
    missing = [
        {"message": p.message, "url": f"{_step_url(concern, p.step, to_check=True)}#{p.field_id}"}
        for p in problems
    ]
    return render(
        request,
        "cases/concern_check.html",
        {
            "concern": concern,
            "sections": concern_summary_sections(concern, editable=True, show_perpetrators=True),
            "missing": missing,
            "submitted_too_soon": request.method == "POST" and bool(problems),
        },
        status=200,
    )


def concern_detail(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference)
    is_reporter = concern.reported_by_id == request.user.pk
    if concern.status == ConcernStatus.DRAFT:
        if is_reporter and can_report_concern(request.user):
            return redirect(_check_url(concern))
        raise Http404("No concern found")
    # What was reported, as it was sent, unless the reader may open the case
    # (or it has none yet and they are the Lead): a reporter who lost access
    # never sees the live person record through their concern.
    may_see_live = (
        user_may_see_case(user=request.user, case=concern.case)
        if concern.case_id
        else can_triage(request.user)
    )
    as_sent = bool(concern.sent_snapshot) or not may_see_live
    if not is_reporter:
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW_CONCERN,
            request=request,
            case=concern.case,
            detail=concern.reference,
        )
    return render(
        request,
        "cases/concern_detail.html",
        {
            "concern": concern,
            "is_reporter": is_reporter,
            "sections": concern_summary_sections(
                concern,
                editable=False,
                show_perpetrators=is_reporter or can_see_perpetrators(request.user),
                as_sent=as_sent,
            ),
        },
    )


# --- Check answers / read-only summary ---------------------------------------------------


def _answer(concern: Concern, name: str, *, editable: bool):
    """A Yes / No / Unknown answer, or "Not answered" (a link back to the
    question while the concern can still be changed)."""
    if getattr(concern, name):
        return getattr(concern, f"get_{name}_display")()
    if not editable:
        return NOT_ANSWERED
    url = _step_url(concern, "immediate-risk", to_check=True)
    return format_html('<a class="govuk-link" href="{}#id_{}_1">{}</a>', url, name, NOT_ANSWERED)


def concern_summary_sections(
    concern: Concern, *, editable: bool, show_perpetrators: bool, as_sent: bool = False
) -> list:
    """The concern, section by section. ``as_sent``: the people and
    perpetrators as they were when it was submitted (``Concern.sent_snapshot``),
    never the live records, which the Lead and others may have changed since."""
    answers = list(concern.screening_answers.all())
    if as_sent:
        snapshot = concern.sent_snapshot or {}
        people_cards = snapshot.get("people", [])
        perpetrator_cards = snapshot.get("perpetrators", [])
    else:
        people_cards = [person_card(p) for p in concern.people.all()]
        perpetrator_cards = [perpetrator_card(p) for p in concern.perpetrators.all()]
    where = _text(concern.location_description)
    sections = [
        {
            "step": "immediate-risk",
            "rows": [
                (label, _answer(concern, name, editable=editable))
                for name, label in (
                    ("is_emergency", "Anyone in immediate danger"),
                    ("child_involved", "Child involved"),
                    ("adult_at_risk", "Adult at risk"),
                    ("needs_accommodation", "Needs somewhere safe to stay"),
                )
            ],
        },
        {
            "step": "people",
            "cards": people_cards,
            "empty": "No one added",
            "rows": [("Description of the people", _text(concern.people_description))],
        },
        {
            "step": "what-was-seen",
            "rows": [
                ("What you saw", _text(concern.what_happened)),
                *[
                    (
                        SCREENING_TEXT.get(a.question, a.question),
                        a.get_answer_display() + (f": {a.note}" if a.note else ""),
                    )
                    for a in answers
                ],
            ],
        },
        {
            "step": "exploitation",
            "rows": [
                ("Types", _text([t.name for t in concern.exploitation_types.all()])),
                ("Sub-types", _text([s.name for s in concern.exploitation_subtypes.all()])),
            ],
        },
        {
            "step": "where",
            "rows": [
                ("Place", where),
                ("Kind of place", concern.get_premises_type_display()),
                ("Ward or area", _text(concern.ward)),
                (
                    "Outside the UK",
                    f"Yes: {country_name(concern.overseas_country)}"
                    if concern.is_overseas
                    else "No",
                ),
            ],
        },
    ]
    if show_perpetrators:
        sections.append(
            {
                "step": "perpetrators",
                "cards": perpetrator_cards,
                "empty": "No one added",
                "rows": [],
            }
        )
    sections.append(
        {"step": "actions", "rows": [("What you have done", _text(concern.actions_taken))]}
    )
    for section in sections:
        section.setdefault("cards", None)
        section["title"] = STEPS_BY_SLUG[section["step"]].title
        section["change_url"] = (
            _step_url(concern, section["step"], to_check=True) if editable else ""
        )
    return sections


urlpatterns = [
    path("concerns/", concern_list_mine, name="concern_list_mine"),
    path("concerns/new/", concern_start, name="concern_start"),
    path("concerns/<str:reference>/check/", concern_check, name="concern_check"),
    path("concerns/<str:reference>/delete/", concern_delete, name="concern_delete"),
    path("concerns/<str:reference>/<slug:step>/", concern_step, name="concern_step"),
    path("concerns/<str:reference>/", concern_detail, name="concern_detail"),
]
