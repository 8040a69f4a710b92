"""Thin views: fetch-and-authorise, call a service, redirect."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.models import Agency
from cases.models import AccessAction, CasePerson
from cases.permissions import can_change_case, is_lead
from cases.selectors import case_get_for_user
from cases.services.common import access_log_record, access_log_record_many
from core.dates import long_date
from core.errors import ServiceError
from core.pdf import pdf_response, render_pdf
from directory.models import SupportService
from referrals import forms, selectors, services
from referrals.models import (
    EpisodeState,
    NrmEpisode,
    ServiceReferral,
)
from referrals.prompt_sheet import prompt_sheet_context
from referrals.states import FIRST_RESPONDER, NRM_EPISODE, SERVICE_REFERRAL


@dataclass(frozen=True)
class Step:
    """How a person records one of ``NRM_EPISODE``'s steps: its form and service.
    Where it may be recorded, and by whom, is the definition's to say."""

    key: str
    label: str
    form: type
    service: object


def _done_message(label: str) -> str:
    """ "Record the NRM submission" -> "NRM submission recorded"."""
    what = label.removeprefix("Record ")
    for article in ("the ", "a "):
        what = what.removeprefix(article)
    return f"{what[:1].upper()}{what[1:]} recorded"


STEPS = {
    step.key: step
    for step in (
        Step(
            "consent",
            "Record consent",
            forms.ConsentForm,
            services.nrm_record_consent,
        ),
        Step(
            "submission",
            "Record the NRM submission",
            forms.SubmissionForm,
            services.nrm_record_submission,
        ),
        Step(
            "dtn",
            "Record the Duty to Notify submission",
            forms.DtnForm,
            services.nrm_record_dtn_submission,
        ),
        Step(
            "rg",
            "Record the Reasonable Grounds decision",
            forms.RgForm,
            services.nrm_record_rg_decision,
        ),
        Step(
            "reconsideration",
            "Record a reconsideration request",
            forms.ReconsiderationForm,
            services.nrm_request_reconsideration,
        ),
        Step(
            "cg",
            "Record the Conclusive Grounds decision",
            forms.CgForm,
            services.nrm_record_cg_decision,
        ),
        Step(
            "move-on",
            "Record move-on support",
            forms.MoveOnForm,
            services.nrm_record_move_on,
        ),
        Step(
            "rna",
            "Record a Recovery Needs Assessment",
            forms.RnaForm,
            services.nrm_record_rna,
        ),
        Step(
            "temporary-permission",
            "Record temporary permission to stay",
            forms.TemporaryPermissionForm,
            services.nrm_record_temporary_permission,
        ),
        Step(
            "disqualification",
            "Record a public-order disqualification",
            forms.DisqualificationForm,
            services.nrm_record_disqualification,
        ),
        Step(
            "withdrawal",
            "Record a withdrawal",
            forms.WithdrawalForm,
            services.nrm_record_withdrawal,
        ),
        Step(
            "exit",
            "Record the exit from support",
            forms.ExitForm,
            services.nrm_record_exit,
        ),
    )
}


def steps_for(episode: NrmEpisode, user) -> list[Step]:
    """The recording steps that fit the episode's state and the user (NRM_EPISODE)."""
    available = NRM_EPISODE.available_steps(record=episode, actor=user)
    return [step for key, step in STEPS.items() if key in available]


def _workable_case(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    if not can_change_case(request.user, case):
        raise Http404
    return case


def _people(case):
    return [link.person for link in CasePerson.objects.filter(case=case).select_related("person")]


# --- Tracker ----------------------------------------------------------------------------


def nrm_tracker(request):
    """Open NRM and Duty to Notify episodes with their clocks (see selectors for who sees what)."""
    if not selectors.can_use_tracker(request.user):
        raise Http404
    state = request.GET.get("state", "")
    state = state if state in EpisodeState.values else ""
    age = request.GET.get("age", "")
    age = age if age in selectors.AGE_FILTERS else ""
    try:
        agency_id = int(request.GET.get("agency", "") or 0) or None
    except ValueError:
        agency_id = None
    tracker = selectors.nrm_tracker(
        user=request.user,
        state=state,
        agency_id=agency_id,
        age=age,
        page=request.GET.get("page"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        request=request,
        cases=[row.episode.case_id for row in tracker["rows"]]
        + [flag.case_id for flag in tracker["dtn_flags"]],
        detail="NRM tracker",
    )
    if is_lead(request.user):
        agencies = Agency.objects.filter(is_first_responder=True, is_active=True)
    else:
        agencies = Agency.objects.filter(pk=request.user.agency_id)
    return render(
        request,
        "referrals/nrm_tracker.html",
        {
            **tracker,
            "states": [
                (s.value, s.label) for s in EpisodeState if s.value in NRM_EPISODE.open_states
            ],
            "ages": [(key, label) for key, (label, _, _) in selectors.AGE_FILTERS.items()],
            "agencies": agencies,
            "chosen": {"state": state, "age": age, "agency": agency_id},
            "query_string": query.urlencode(),
            "is_lead": is_lead(request.user),
        },
    )


# --- Episodes ---------------------------------------------------------------------------


def episode_start(request, reference):
    case = _workable_case(request, reference)
    people = _people(case)
    form = forms.StartEpisodeForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        person = next(p for p in people if str(p.pk) == form.cleaned_data["person"])
        try:
            episode = services.nrm_episode_start(actor=request.user, case=case, person=person)
        except ServiceError as error:
            form.add_service_error(str(error))
        else:
            messages.success(request, f"NRM episode started for {person}")
            return redirect(episode.get_absolute_url())
    return render(
        request,
        "referrals/form_page.html",
        {"case": case, "form": form, "title": "Start an NRM or Duty to Notify episode"},
    )


def episode_detail(request, reference, pk):
    case = case_get_for_user(user=request.user, reference=reference)
    episode = selectors.episode_get_for_user(user=request.user, case=case, pk=pk)
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail=f"NRM episode {episode.pk}",
    )
    can_work = can_change_case(request.user, case)
    withheld = NRM_EPISODE.withheld_steps(record=episode, actor=request.user) if can_work else {}
    return render(
        request,
        "referrals/episode_detail.html",
        {
            "case": case,
            "episode": episode,
            "next": selectors.next_event(episode),
            "steps": steps_for(episode, request.user) if can_work else [],
            "reconsiderations": list(episode.reconsiderations.all()),
            "exploitation_types": list(episode.exploitation_types.all()),
            # A step fits now that only a First Responder organisation may record.
            "needs_first_responder": FIRST_RESPONDER in withheld.values(),
        },
    )


def episode_step(request, reference, pk, step):
    case = _workable_case(request, reference)
    episode = selectors.episode_get_for_user(user=request.user, case=case, pk=pk)
    step_def = STEPS.get(step)
    if step_def is None or step_def not in steps_for(episode, request.user):
        raise Http404
    initial = {}
    if step_def.key == "consent":
        initial = {
            "vcc_support": "unknown",
            "police_contact": "unknown",
            "interpreter_used": "unknown",
        }
    form = step_def.form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step_def.service(actor=request.user, episode=episode, **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(str(error))
        else:
            messages.success(request, _done_message(step_def.label))
            return redirect(episode.get_absolute_url())
    return render(
        request,
        "referrals/form_page.html",
        {"case": case, "episode": episode, "form": form, "title": step_def.label},
    )


# --- NRM prompt sheet --------------------------------------------------------------------


def prompt_sheet(request, reference, link_id):
    """A PDF of everything the Home Office NRM form asks that Waymark knows."""
    case = case_get_for_user(user=request.user, reference=reference)
    if not selectors.can_print_prompt_sheet(request.user):
        raise Http404
    link = CasePerson.objects.filter(case=case, pk=link_id).select_related("person").first()
    if link is None:
        raise Http404
    context = prompt_sheet_context(case=case, person=link.person, user=request.user)
    pdf = render_pdf(
        "referrals/prompt_sheet.html", context, filename=f"nrm-prompt-sheet-{case.reference}"
    )
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD_PDF,
        request=request,
        case=case,
        detail=f"NRM prompt sheet (person {link.person_id})",
    )
    return pdf_response(pdf)


# --- Service referrals --------------------------------------------------------------------


def service_referral_create(request, reference):
    case = _workable_case(request, reference)
    people = _people(case)
    service_list = list(SupportService.objects.filter(is_active=True))
    form = forms.ServiceReferralForm(
        request.POST if request.method == "POST" else None, people=people, services=service_list
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if str(p.pk) == data["person"])
        kind, _, value = data["destination"].partition(":")
        service = (
            next((s for s in service_list if str(s.pk) == value), None)
            if kind == "service"
            else None
        )
        try:
            services.service_referral_create(
                actor=request.user,
                case=case,
                person=person,
                service=service,
                statutory_team=value if kind == "team" else "",
                sent_on=data["sent_on"],
                consent_given=data["consent_given"],
                women_only_confirmed=data["women_only_confirmed"],
                lawful_basis=data["lawful_basis"],
                basis_reason=data["basis_reason"],
            )
        except ServiceError as error:
            form.add_service_error(str(error), error.field)
        else:
            messages.success(request, "Referral recorded")
            return redirect(case.get_absolute_url() + "#service-referrals")
    return render(
        request,
        "referrals/form_page.html",
        {"case": case, "form": form, "title": "Refer someone to a service"},
    )


def service_referral_update(request, reference, pk):
    case = _workable_case(request, reference)
    referral = (
        ServiceReferral.objects.filter(case=case, pk=pk).select_related("person", "service").first()
    )
    if referral is None:
        raise Http404
    statuses = sorted(SERVICE_REFERRAL.targets_from(referral.status))
    if not statuses:
        raise Http404
    form = forms.ServiceReferralUpdateForm(
        request.POST if request.method == "POST" else None, statuses=statuses
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_referral_update(
                actor=request.user, referral=referral, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_service_error(str(error))
        else:
            messages.success(request, "Referral updated")
            return redirect(case.get_absolute_url() + "#service-referrals")
    return render(
        request,
        "referrals/form_page.html",
        {
            "case": case,
            "form": form,
            "title": f"Referral to {referral.destination}",
            "intro": f"Sent on {long_date(referral.sent_on)}; "
            f"now {referral.get_status_display().lower()}.",
        },
    )


def service_figures(request):
    """Per-service referral figures, for the Lead and staff: where the gaps are."""
    if not selectors.can_use_tracker(request.user):
        raise Http404
    from referrals.figures import service_referral_figures

    return render(request, "referrals/service_figures.html", service_referral_figures())
