"""The SERAC home page, referring a case, and the chair's referral queue."""

from django.contrib import messages
from django.shortcuts import redirect, render

from cases.models import AccessAction
from cases.permissions import can_change_case, is_lead
from cases.selectors import case_get_for_user
from cases.services.common import access_log_record
from core.dates import long_date
from core.errors import ServiceError
from serac import services
from serac.forms import (
    AcceptForm,
    DeclineForm,
    ReferralForm,
)
from serac.selectors import (
    can_use_serac,
    is_serac_admin,
    meetings_upcoming_and_past,
    referral_get_for_user,
    referral_queue,
    referrals_ready_for_agenda,
)
from serac.states import SERAC_REFERRAL
from serac.views.common import _log_case_list, _require

# --- Home and referrals ------------------------------------------------------


def home(request):
    _require(can_use_serac(request.user))
    upcoming, past = meetings_upcoming_and_past(user=request.user)
    admin = is_serac_admin(request.user)
    waiting = list(referral_queue(user=request.user)) if admin else []
    _log_case_list(request, [referral.case_id for referral in waiting], "SERAC home")
    return render(
        request,
        "serac/home.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_admin": admin,
            "is_lead": is_lead(request.user),
            "waiting": waiting,
            "ready": list(referrals_ready_for_agenda()) if admin else [],
        },
    )


def referral_create(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    _require(can_change_case(request.user, case) and request.user.agency_id is not None)
    people = [link.person for link in case.case_people.select_related("person").order_by("pk")]
    form = ReferralForm(request.POST or None, people=people)
    previous = None
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user, case=case, **form.service_kwargs()
            )
        except ServiceError as error:
            field = {"basis_reason": "consent_justification", "consent_given": "consent"}.get(
                error.field, error.field
            )
            form.add_error(field if field in form.fields else None, str(error))
        else:
            if referral.is_repeat:
                messages.warning(
                    request,
                    "Referred to SERAC. This is a repeat referral: "
                    f"the last was on {long_date(referral.previous_referral.referred_at)}.",
                )
            else:
                messages.success(request, "Referred to SERAC. The chair will decide on it.")
            return redirect(case.get_absolute_url() + "#serac")
    # Show a repeat before the referrer writes the referral (the case; a chosen
    # person is checked again when it is made).
    previous = services.referral_find_previous(case=case, person=None)
    person_repeats = {
        person: services.referral_find_previous(case=case, person=person) for person in people
    }
    return render(
        request,
        "serac/referral_form.html",
        {
            "case": case,
            "form": form,
            "previous": previous,
            "person_repeats": [(p, r) for p, r in person_repeats.items() if r],
        },
    )


def referral_list(request):
    _require(is_serac_admin(request.user))
    waiting = list(referral_queue(user=request.user))
    ready = list(referrals_ready_for_agenda())
    _log_case_list(request, [referral.case_id for referral in waiting + ready], "SERAC referrals")
    return render(request, "serac/referral_list.html", {"waiting": waiting, "ready": ready})


def referral_detail(request, pk):
    referral = referral_get_for_user(user=request.user, pk=pk)
    admin = is_serac_admin(request.user)
    accept_form = AcceptForm(prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    if request.method == "POST":
        _require(admin)
        try:
            if "decline" in request.POST:
                decline_form = DeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    services.referral_decline(
                        actor=request.user,
                        referral=referral,
                        reason=decline_form.cleaned_data["decline_reason"],
                    )
                    messages.success(request, f"Referral of {referral.case} declined")
                    return redirect("serac:referral_list")
            else:
                accept_form = AcceptForm(request.POST, prefix="accept")
                if accept_form.is_valid():
                    meeting = accept_form.cleaned_data["meeting"]
                    services.referral_accept(
                        actor=request.user,
                        referral=referral,
                        meeting=meeting,
                        summary=accept_form.cleaned_data["agenda_summary"],
                    )
                    if meeting:
                        messages.success(request, f"{referral.case} listed for {meeting}")
                        return redirect("serac:agenda_edit", meeting.pk)
                    messages.success(request, f"Referral of {referral.case} accepted")
                    return redirect("serac:referral_list")
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect(referral)
    # Every reader of the referral reads its case: the access log says so.
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=referral.case,
        detail=f"SERAC referral {referral.pk}",
    )
    return render(
        request,
        "serac/referral_detail.html",
        {
            "referral": referral,
            "is_admin": admin,
            "can_decide": bool(SERAC_REFERRAL.available_steps(record=referral, actor=request.user)),
            "accept_form": accept_form,
            "decline_form": decline_form,
        },
    )
