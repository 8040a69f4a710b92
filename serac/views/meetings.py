"""Scheduling meetings, the agenda and circulating it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.dates import long_date
from core.errors import ServiceError
from serac import services
from serac.forms import (
    AgendaAddForm,
    MeetingForm,
)
from serac.ics import meeting_ics
from serac.models import (
    MeetingStatus,
    ReferralStatus,
    ResearchReturn,
    SeracMeeting,
    SeracReferral,
)
from serac.selectors import (
    actions_for_agency_at,
    agenda_items,
    can_see_agenda,
    can_write_research,
    cases_to_review,
    is_serac_admin,
    listable_case,
    meeting_memberships,
    member_of_meeting,
    referrals_ready_for_agenda,
    research_matrix,
)
from serac.states import MEETING
from serac.views.common import (
    _item_for,
    _log_case_list,
    _log_case_reads,
    _meeting_for,
    _minutes_of,
    _require,
    _research_shown_to,
)

# --- Meetings ----------------------------------------------------------------


def meeting_create(request):
    _require(is_serac_admin(request.user))
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, **form.service_kwargs())
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{meeting} scheduled")
                return redirect(meeting)
    else:
        starts = timezone.localtime(services.meeting_next_start_default())
        latest = SeracMeeting.objects.order_by("-starts_at").first()
        form = MeetingForm(
            initial={
                "date": starts.date(),
                "start_time": f"{starts:%H:%M}",
                "place": latest.place if latest else "",
                "video_link": latest.video_link if latest else "",
                "chair": request.user.pk,
                "agencies": list(latest.memberships.values_list("agency_id", flat=True))
                if latest
                else [],
            }
        )
    return render(request, "serac/meeting_form.html", {"form": form, "meeting": None})


def meeting_edit(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_update(
                    actor=request.user, meeting=meeting, **form.service_kwargs()
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Meeting details saved")
                return redirect(meeting)
    else:
        form = MeetingForm(initial=MeetingForm.initial_for(meeting))
    return render(request, "serac/meeting_form.html", {"form": form, "meeting": meeting})


def meeting_detail(request, pk):
    meeting = _meeting_for(request, pk)
    user = request.user
    admin = is_serac_admin(user)
    # The window rule (serac.selectors.may_see_meeting_cases): the cases, or
    # after the window only the date and the agency's own actions.
    show_agenda = can_see_agenda(user, meeting)
    items = agenda_items(meeting=meeting) if show_agenda else []
    _research_shown_to(request, items)
    memberships = meeting_memberships(meeting=meeting)
    minutes = _minutes_of(meeting)
    own_returns = {}
    if member_of_meeting(user, meeting):
        own_returns = {
            r.item_id: r
            for r in ResearchReturn.objects.filter(item__meeting=meeting, agency_id=user.agency_id)
        }
    for item in items:
        item.own_return = own_returns.get(item.pk)
    _log_case_reads(request, [item.case for item in items], f"SERAC agenda, meeting {meeting.pk}")
    return render(
        request,
        "serac/meeting_detail.html",
        {
            "meeting": meeting,
            "memberships": memberships,
            "items": items,
            "threats": list(meeting.threats.all()) if show_agenda else [],
            "show_agenda": show_agenda,
            "is_admin": admin,
            "can_research": can_write_research(user, meeting),
            "minutes": minutes,
            "show_minutes": bool(show_agenda and minutes and (admin or minutes.is_approved)),
            "own_actions": [] if show_agenda else actions_for_agency_at(meeting=meeting, user=user),
            "matrix": research_matrix(meeting=meeting, items=items, memberships=memberships)
            if admin
            else [],
            "access_ends_on": services.access_ends_on(meeting),
            "has_actions": meeting.actions.exists(),
            "steps": MEETING.available_steps(record=meeting, actor=user),
        },
    )


def meeting_invite(request, pk):
    meeting = _meeting_for(request, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="serac-{meeting.meeting_date}.ics"'
    return response


@require_POST
def meeting_circulate(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    try:
        services.meeting_circulate(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Agenda circulated. Member agencies can see the listed cases until "
            f"{long_date(services.access_ends_on(meeting))}.",
        )
    return redirect(meeting)


@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Meeting cancelled")
    return redirect(meeting)


# --- Agenda ------------------------------------------------------------------


def agenda_edit(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    form = AgendaAddForm(prefix="add")
    if request.method == "POST":
        form = AgendaAddForm(request.POST, prefix="add")
        if form.is_valid():
            data = form.cleaned_data
            referral = None
            try:
                if data.get("referral"):
                    referral = get_object_or_404(
                        SeracReferral, pk=data["referral"], status=ReferralStatus.ACCEPTED
                    )
                    case = referral.case
                else:
                    case = listable_case(user=request.user, reference=data["reference"])
                    if case is None:
                        raise ServiceError(
                            f"No case you can list has the reference {data['reference']}"
                        )
                services.agenda_add(
                    actor=request.user,
                    meeting=meeting,
                    case=case,
                    referral=referral,
                    summary=data["summary"],
                )
            except ServiceError as error:
                form.add_error("reference" if not data.get("referral") else None, str(error))
                if data.get("referral"):
                    messages.error(request, str(error))
                    return redirect("serac:agenda_edit", meeting.pk)
            else:
                messages.success(request, f"{case.reference} listed")
                return redirect("serac:agenda_edit", meeting.pk)
    items = agenda_items(meeting=meeting)
    ready = list(referrals_ready_for_agenda())
    to_review = list(cases_to_review(meeting=meeting)[:50])
    # The listed cases and those offered for listing, in one insert.
    _log_case_list(
        request,
        [item.case_id for item in items] + [referral.case_id for referral in ready] + to_review,
        f"SERAC agenda builder, meeting {meeting.pk}",
    )
    return render(
        request,
        "serac/agenda_edit.html",
        {
            "meeting": meeting,
            "items": items,
            "ready": ready,
            "to_review": to_review,
            "form": form,
            "editable": meeting.status == MeetingStatus.SCHEDULED,
            # Held or cancelled (MEETING's terminal states): nothing more is listed.
            "can_list": meeting.status in MEETING.open_states,
        },
    )


@require_POST
def agenda_item_move(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    services.agenda_move(actor=request.user, item=item, up=request.POST.get("direction") == "up")
    return redirect(reverse("serac:agenda_edit", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
def agenda_item_remove(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    try:
        services.agenda_remove(actor=request.user, item=item)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{item.case.reference} taken off the agenda")
    return redirect("serac:agenda_edit", meeting.pk)
