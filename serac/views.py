"""Thin views: fetch-and-authorise, call a service, redirect."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import AccessAction
from cases.permissions import can_work_case
from cases.selectors import case_get_for_user
from cases.services.common import access_log_record
from core.errors import ServiceError
from core.pdf import pdf_response, render_pdf
from serac import services
from serac.forms import (
    AcceptForm,
    ActionForm,
    ActionStatusForm,
    AgendaAddForm,
    AttendanceForm,
    DeclineForm,
    DiscussionForm,
    FiguresForm,
    MeetingForm,
    MinutesForm,
    ReferralForm,
    ResearchForm,
)
from serac.ics import meeting_ics
from serac.models import (
    AgendaItem,
    MeetingStatus,
    ReferralStatus,
    ResearchReturn,
    SeracMeeting,
    SeracMinutes,
    SeracReferral,
)
from serac.reporting import serac_report
from serac.selectors import (
    action_get_for_user,
    actions_for_meeting,
    actions_open_from,
    agenda_items,
    can_see_agenda,
    can_update_action,
    can_use_serac,
    can_write_research,
    cases_to_review,
    is_serac_admin,
    listable_case,
    meeting_get_for_user,
    meeting_memberships,
    meeting_previous,
    meetings_upcoming_and_past,
    member_of_meeting,
    referral_get_for_user,
    referral_queue,
    referrals_ready_for_agenda,
    research_matrix,
)


def _log_case_reads(request, cases, what: str) -> None:
    """SERAC pages show case details: each read is on the case's access log."""
    for case in {case.pk: case for case in cases}.values():
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW_CASE,
            request=request,
            case=case,
            detail=what,
        )


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _meeting_for(request, pk, *, admin=False):
    """Fetch-and-authorise: a meeting this user may see (and run, with ``admin``)."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if admin:
        _require(is_serac_admin(request.user))
    return meeting


def _minutes_of(meeting) -> SeracMinutes | None:
    return SeracMinutes.objects.filter(meeting=meeting).select_related("approved_by").first()


def _item_for(meeting, item_pk) -> AgendaItem:
    return get_object_or_404(meeting.items.select_related("case", "referral"), pk=item_pk)


# --- Home and referrals ------------------------------------------------------


def home(request):
    _require(can_use_serac(request.user))
    upcoming, past = meetings_upcoming_and_past(user=request.user)
    admin = is_serac_admin(request.user)
    return render(
        request,
        "serac/home.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_admin": admin,
            "waiting": list(referral_queue(user=request.user)) if admin else [],
            "ready": list(referrals_ready_for_agenda()) if admin else [],
        },
    )


def referral_create(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    _require(can_work_case(request.user) and request.user.agency_id is not None)
    people = [link.person for link in case.case_people.select_related("person").order_by("pk")]
    form = ReferralForm(request.POST or None, people=people)
    previous = None
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                actor=request.user, case=case, **form.service_kwargs()
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if referral.is_repeat:
                messages.warning(
                    request,
                    "Referred to SERAC. This is a repeat referral: "
                    f"the last was on {referral.previous_referral.referred_at:%-d %B %Y}.",
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
    return render(
        request,
        "serac/referral_list.html",
        {
            "waiting": list(referral_queue(user=request.user)),
            "ready": list(referrals_ready_for_agenda()),
        },
    )


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
    if admin:
        # The chair reads the referral's case; the access log says so.
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
            "can_decide": admin and referral.status == ReferralStatus.REFERRED,
            "accept_form": accept_form,
            "decline_form": decline_form,
        },
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
    show_agenda = can_see_agenda(user, meeting)
    items = agenda_items(meeting=meeting) if show_agenda else []
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
            "show_agenda": show_agenda,
            "is_admin": admin,
            "can_research": can_write_research(user, meeting),
            "minutes": minutes,
            "show_minutes": bool(minutes and (admin or minutes.is_approved)),
            "matrix": research_matrix(meeting=meeting, items=items, memberships=memberships)
            if admin
            else [],
            "access_ends_on": services.access_ends_on(meeting),
            "has_actions": meeting.actions.exists(),
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
            f"{services.access_ends_on(meeting):%-d %B %Y}.",
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
    return render(
        request,
        "serac/agenda_edit.html",
        {
            "meeting": meeting,
            "items": agenda_items(meeting=meeting),
            "ready": list(referrals_ready_for_agenda()),
            "to_review": list(cases_to_review(meeting=meeting)[:50]),
            "form": form,
            "editable": meeting.status == MeetingStatus.SCHEDULED,
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


# --- Research ----------------------------------------------------------------


def research_edit(request, pk, item_pk):
    meeting = _meeting_for(request, pk)
    _require(can_write_research(request.user, meeting))
    item = _item_for(meeting, item_pk)
    research = ResearchReturn.objects.filter(item=item, agency_id=request.user.agency_id).first()
    if request.method == "POST":
        form = ResearchForm(request.POST)
        if form.is_valid():
            try:
                services.research_save(
                    actor=request.user,
                    item=item,
                    return_it="return" in request.POST,
                    **form.cleaned_data,
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Research on {item.case.reference} "
                    + ("returned to the chair" if "return" in request.POST else "saved as a draft"),
                )
                return redirect(meeting.get_absolute_url() + f"#item-{item.pk}")
    else:
        form = ResearchForm(
            initial={
                "facts": research.facts,
                "opinion": research.opinion,
                "withheld": research.withheld,
            }
            if research
            else None
        )
    _log_case_reads(request, [item.case], f"SERAC research, meeting {meeting.pk}")
    return render(
        request,
        "serac/research_form.html",
        {"meeting": meeting, "item": item, "form": form, "research": research},
    )


# --- Meeting mode ------------------------------------------------------------


def _meeting_mode_page(request, meeting, *, bound=None):
    """One screen for the chair. ``bound``: (kind, item pk, form) kept with its errors."""
    items = agenda_items(meeting=meeting)
    memberships = meeting_memberships(meeting=meeting)
    agencies = [m.agency for m in memberships]
    previous = meeting_previous(meeting=meeting)
    rows = []
    for item in items:
        discussion = DiscussionForm(
            prefix=f"d{item.pk}",
            initial={
                "discussion": item.discussion,
                "risks": item.risks,
                "decisions": item.decisions,
            },
        )
        action = ActionForm(prefix=f"a{item.pk}", agencies=agencies)
        if bound and bound[1] == item.pk:
            if bound[0] == "discussion":
                discussion = bound[2]
            else:
                action = bound[2]
        rows.append({"item": item, "discussion_form": discussion, "action_form": action})
    _log_case_reads(
        request, [item.case for item in items], f"SERAC meeting mode, meeting {meeting.pk}"
    )
    attendance = (
        bound[2]
        if bound and bound[0] == "attendance"
        else AttendanceForm(
            prefix="att",
            memberships=memberships,
            initial={"confidentiality_agreed": meeting.confidentiality_agreed},
        )
    )
    return render(
        request,
        "serac/meeting_mode.html",
        {
            "meeting": meeting,
            "previous": previous,
            "previous_actions": actions_open_from(meeting=previous),
            "rows": rows,
            "attendance_form": attendance,
            "today": timezone.localdate(),
        },
        status=400 if bound else 200,
    )


def meeting_mode(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    _require(meeting.status != MeetingStatus.CANCELLED)
    return _meeting_mode_page(request, meeting)


@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    form = AttendanceForm(
        request.POST, prefix="att", memberships=meeting_memberships(meeting=meeting)
    )
    if not form.is_valid():
        return _meeting_mode_page(request, meeting, bound=("attendance", None, form))
    services.meeting_record_attendance(actor=request.user, meeting=meeting, **form.service_kwargs())
    messages.success(request, "Attendance saved")
    return redirect(reverse("serac:meeting_mode", args=[meeting.pk]) + "#attendance")


@require_POST
def item_discussion(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    form = DiscussionForm(request.POST, prefix=f"d{item.pk}")
    if not form.is_valid():
        return _meeting_mode_page(request, meeting, bound=("discussion", item.pk, form))
    try:
        services.item_record_discussion(actor=request.user, item=item, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{item.case.reference}: discussion saved")
    return redirect(reverse("serac:meeting_mode", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
def item_action_add(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    agencies = [m.agency for m in meeting_memberships(meeting=meeting)]
    form = ActionForm(request.POST, prefix=f"a{item.pk}", agencies=agencies)
    if form.is_valid():
        try:
            services.action_add(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{item.case.reference}: action recorded")
            return redirect(reverse("serac:meeting_mode", args=[meeting.pk]) + f"#item-{item.pk}")
    return _meeting_mode_page(request, meeting, bound=("action", item.pk, form))


@require_POST
def meeting_held(request, pk):
    meeting = _meeting_for(request, pk, admin=True)
    try:
        services.meeting_mark_held(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("serac:meeting_mode", meeting.pk)
    messages.success(request, "Meeting recorded as held. The minutes are drafted from it.")
    return redirect("serac:minutes", meeting.pk)


# --- Actions -----------------------------------------------------------------


def action_update(request, pk):
    action = action_get_for_user(user=request.user, pk=pk)
    _require(can_update_action(request.user, action))
    if request.method == "POST":
        form = ActionStatusForm(request.POST)
        if form.is_valid():
            try:
                services.action_update_status(
                    actor=request.user, action=action, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Action on {action.case.reference} updated")
                back = request.POST.get("from_meeting", "")
                if back.isdigit() and is_serac_admin(request.user):
                    return redirect(
                        reverse("serac:meeting_mode", args=[int(back)]) + "#previous-actions"
                    )
                return redirect("dashboard")
    else:
        form = ActionStatusForm(
            initial={
                "status": action.status,
                "reason": action.not_possible_reason,
                "completed_on": action.completed_on,
            }
        )
    return render(request, "serac/action_update.html", {"action": action, "form": form})


# --- Minutes -----------------------------------------------------------------


def _log_minutes_read(request, meeting) -> None:
    cases = [item.case for item in agenda_items(meeting=meeting)]
    _log_case_reads(request, cases, f"SERAC minutes, meeting {meeting.pk}")


def minutes(request, pk):
    meeting = _meeting_for(request, pk)
    admin = is_serac_admin(request.user)
    record = _minutes_of(meeting)
    if not admin:
        _require(bool(record and record.is_approved) and member_of_meeting(request.user, meeting))
        _log_minutes_read(request, meeting)
        return render(request, "serac/minutes.html", {"meeting": meeting, "minutes": record})
    if request.method == "GET":
        _log_minutes_read(request, meeting)
    form = None
    if request.method == "POST":
        if "redraft" in request.POST:
            try:
                services.minutes_draft(actor=request.user, meeting=meeting, replace=True)
            except ServiceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Minutes drafted again from what was recorded")
            return redirect("serac:minutes", meeting.pk)
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                services.minutes_save(
                    actor=request.user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    approve="approve" in request.POST,
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, "Minutes approved" if "approve" in request.POST else "Minutes saved"
                )
                return redirect("serac:minutes", meeting.pk)
    elif record is None and meeting.status == MeetingStatus.HELD:
        record = services.minutes_draft(actor=request.user, meeting=meeting)
    if form is None and record is not None and not record.is_approved:
        form = MinutesForm(initial={"text": record.text})
    return render(
        request, "serac/minutes.html", {"meeting": meeting, "minutes": record, "form": form}
    )


# --- PDFs --------------------------------------------------------------------


def _pdf(request, meeting, *, kind: str, template: str, context: dict, cases=()):
    title = f"SERAC {kind}, {meeting.meeting_date:%-d %B %Y}"
    pdf = render_pdf(
        template,
        {"title": title, "meeting": meeting, "generated_at": timezone.now(), **context},
        filename=f"serac-{kind}-{meeting.meeting_date}",
    )
    access_log_record(
        user=request.user,
        action=AccessAction.DOWNLOAD_PDF,
        request=request,
        detail=f"SERAC {kind} PDF, meeting {meeting.pk} ({meeting.meeting_date})",
    )
    _log_case_reads(request, cases, f"SERAC {kind} PDF, meeting {meeting.pk}")
    return pdf_response(pdf)


def agenda_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    _require(can_see_agenda(request.user, meeting))
    items = agenda_items(meeting=meeting)
    return _pdf(
        request,
        meeting,
        kind="agenda pack",
        template="serac/pdf/agenda.html",
        cases=[item.case for item in items],
        context={
            "items": items,
            "memberships": meeting_memberships(meeting=meeting),
            "previous_actions": actions_open_from(meeting=meeting_previous(meeting=meeting)),
        },
    )


def minutes_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    record = _minutes_of(meeting)
    admin = is_serac_admin(request.user)
    member_may = bool(record and record.is_approved) and member_of_meeting(request.user, meeting)
    _require(record is not None and (admin or member_may))
    return _pdf(
        request,
        meeting,
        kind="minutes",
        template="serac/pdf/minutes.html",
        cases=[item.case for item in agenda_items(meeting=meeting)],
        context={"minutes": record, "memberships": meeting_memberships(meeting=meeting)},
    )


def actions_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    _require(can_see_agenda(request.user, meeting))
    actions = actions_for_meeting(meeting=meeting)
    counts = {
        "done": sum(a.status == "done" for a in actions),
        "overdue": sum(a.is_overdue for a in actions),
        "not_possible": sum(a.status == "not_possible" for a in actions),
    }
    counts["open"] = len(actions) - sum(counts.values())
    return _pdf(
        request,
        meeting,
        kind="action log",
        template="serac/pdf/actions.html",
        cases=[action.case for action in actions if action.case_id],
        context={"actions": actions, "today": timezone.localdate(), "counts": counts},
    )


# --- Figures -----------------------------------------------------------------


def figures(request):
    _require(can_use_serac(request.user))
    today = timezone.localdate()
    date_from, date_to = services.add_months(today, -12) + timedelta(days=1), today
    if request.GET:
        form = FiguresForm(request.GET)
        if form.is_valid():
            date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    else:
        form = FiguresForm(initial={"date_from": date_from, "date_to": date_to})
    report = serac_report(date_from=date_from, date_to=date_to)
    return render(
        request,
        "serac/figures.html",
        {"form": form, "report": report, "date_from": date_from, "date_to": date_to},
    )
