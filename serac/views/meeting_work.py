"""Research returns, meeting mode, actions and minutes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import AccessAction
from cases.services.common import access_log_record
from core.errors import ServiceError
from serac import services
from serac.forms import (
    ActionForm,
    ActionStatusForm,
    AttendanceForm,
    DiscussionForm,
    MinutesForm,
    ResearchForm,
)
from serac.models import (
    MeetingStatus,
    ResearchReturn,
)
from serac.selectors import (
    action_get_for_user,
    action_owner_choices,
    actions_open_from,
    agenda_contents,
    agenda_items,
    can_update_action,
    can_write_research,
    is_serac_admin,
    mark_cases_shown,
    may_see_meeting_cases,
    meeting_memberships,
    meeting_previous,
    member_of_meeting,
)
from serac.states import MEETING
from serac.views.common import _item_for, _log_case_reads, _meeting_for, _minutes_of, _require

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


# Meeting mode shows this many agenda items in full a page; the contents list
# every item. A usual agenda fits on one page, and a very long one stays quick
# to open (every item carries two forms).
MEETING_MODE_ITEMS_PER_PAGE = 10


def _page_holding(position: int) -> int:
    """The meeting-mode page of the agenda item at ``position`` (from 0)."""
    return position // MEETING_MODE_ITEMS_PER_PAGE + 1


def _meeting_mode_url(meeting, item=None) -> str:
    """Meeting mode at the page that holds ``item``, scrolled to it."""
    url = reverse("serac:meeting_mode", args=[meeting.pk])
    if item is None:
        return url
    before = meeting.items.filter(
        Q(order__lt=item.order) | Q(order=item.order, pk__lt=item.pk)
    ).count()
    return f"{url}?page={_page_holding(before)}#item-{item.pk}"


def _meeting_mode_page(request, meeting, *, bound=None, item=None):
    """One screen for the chair. ``bound``: {(kind, item pk): form} kept with
    what was typed and its errors (kind: "discussion", "action", "attendance");
    ``item``: the item those forms are for, whose page is shown."""
    bound = bound or {}
    contents = agenda_contents(meeting=meeting)
    for index, entry in enumerate(contents):
        entry.page_number = _page_holding(index)
    number = request.GET.get("page")
    if item is not None:
        number = next((entry.page_number for entry in contents if entry.pk == item.pk), 1)
    page = Paginator(contents, MEETING_MODE_ITEMS_PER_PAGE).get_page(number)
    items = agenda_items(meeting=meeting, pks=[entry.pk for entry in page])
    memberships = meeting_memberships(meeting=meeting)
    agencies, people = action_owner_choices(memberships=memberships)
    previous = meeting_previous(meeting=meeting) if page.number == 1 else None
    rows = []
    for agenda_item in items:
        discussion = DiscussionForm(
            prefix=f"d{agenda_item.pk}",
            initial={
                "discussion": agenda_item.discussion,
                "risks": agenda_item.risks,
                "decisions": agenda_item.decisions,
            },
        )
        action = ActionForm(prefix=f"a{agenda_item.pk}", agencies=agencies, people=people)
        discussion = bound.get(("discussion", agenda_item.pk), discussion)
        action = bound.get(("action", agenda_item.pk), action)
        rows.append({"item": agenda_item, "discussion_form": discussion, "action_form": action})
    # The contents name every listed case.
    _log_case_reads(
        request,
        [entry.case for entry in contents],
        f"SERAC meeting mode, meeting {meeting.pk}",
    )
    attendance = bound.get(("attendance", None)) or AttendanceForm(
        prefix="att",
        memberships=memberships,
        initial={"confidentiality_agreed": meeting.confidentiality_agreed},
    )
    # One error summary at the top for every form on the page that has errors.
    error_items = [
        item for form in bound.values() if form.errors for item in form.error_summary_items
    ]
    return render(
        request,
        "serac/meeting_mode.html",
        {
            "meeting": meeting,
            "contents": contents,
            "page": page,
            "mode_url": reverse("serac:meeting_mode", args=[meeting.pk]),
            "first_page": page.number == 1,
            "last_page": not page.has_next(),
            "previous": previous,
            "previous_actions": actions_open_from(meeting=previous),
            "rows": rows,
            "attendance_form": attendance,
            "today": timezone.localdate(),
            "steps": MEETING.available_steps(record=meeting, actor=request.user),
            "error_items": error_items,
        },
        status=400 if error_items else 200,
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
        return _meeting_mode_page(request, meeting, bound={("attendance", None): form})
    services.meeting_record_attendance(actor=request.user, meeting=meeting, **form.service_kwargs())
    messages.success(request, "Attendance saved")
    return redirect(reverse("serac:meeting_mode", args=[meeting.pk]) + "#attendance")


@require_POST
def item_discussion(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    form = DiscussionForm(request.POST, prefix=f"d{item.pk}")
    if not form.is_valid():
        return _meeting_mode_page(
            request, meeting, bound={("discussion", item.pk): form}, item=item
        )
    try:
        services.item_record_discussion(actor=request.user, item=item, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{item.case.reference}: discussion saved")
    return redirect(_meeting_mode_url(meeting, item))


@require_POST
def item_action_add(request, pk, item_pk):
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    agencies, people = action_owner_choices(memberships=meeting_memberships(meeting=meeting))
    form = ActionForm(request.POST, prefix=f"a{item.pk}", agencies=agencies, people=people)
    if form.is_valid():
        try:
            services.action_add(actor=request.user, item=item, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{item.case.reference}: action recorded")
            return redirect(_meeting_mode_url(meeting, item))
    return _meeting_mode_page(request, meeting, bound={("action", item.pk): form}, item=item)


def _action_typed(form) -> bool:
    """Whether anything was typed into the action boxes (a date's parts included)."""
    prefix = f"{form.prefix}-"
    return any(
        value.strip() for key, value in form.data.items() if key.startswith(prefix) and value
    )


@require_POST
def item_save(request, pk, item_pk):
    """Meeting mode's one form per agenda item: whichever button is pressed,
    everything typed is saved. The discussion, risks and decisions are saved
    whenever they changed; an action is added when its boxes were filled in
    (or "Add action" was pressed). What cannot be saved comes back with its
    errors, and the rest of what was typed with it."""
    meeting = _meeting_for(request, pk, admin=True)
    item = _item_for(meeting, item_pk)
    agencies, people = action_owner_choices(memberships=meeting_memberships(meeting=meeting))
    discussion = DiscussionForm(request.POST, prefix=f"d{item.pk}")
    action = ActionForm(request.POST, prefix=f"a{item.pk}", agencies=agencies, people=people)
    wants_action = request.POST.get("button") == "action" or _action_typed(action)
    saved = []
    if discussion.is_valid():
        typed = {key: value.strip() for key, value in discussion.cleaned_data.items()}
        stored = {"discussion": item.discussion, "risks": item.risks, "decisions": item.decisions}
        if typed != stored:
            try:
                services.item_record_discussion(actor=request.user, item=item, **typed)
            except ServiceError as error:
                discussion.add_error(None, str(error))
            else:
                saved.append("discussion saved")
    if wants_action and action.is_valid():
        try:
            services.action_add(actor=request.user, item=item, **action.cleaned_data)
        except ServiceError as error:
            action.add_error(None, str(error))
        else:
            saved.append("action recorded")
    if saved:
        messages.success(request, f"{item.case.reference}: " + " and ".join(saved))
    if discussion.errors or (wants_action and action.errors):
        bound = {("discussion", item.pk): discussion}
        if wants_action and action.errors:
            bound[("action", item.pk)] = action
        return _meeting_mode_page(request, meeting, bound=bound, item=item)
    if not saved:
        messages.success(request, f"{item.case.reference}: nothing new to save")
    return redirect(_meeting_mode_url(meeting, item))


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
    mark_cases_shown(user=request.user, records=[action])
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=action.case,
        detail=f"SERAC action {action.pk}",
    )
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
                messages.success(
                    request,
                    f"Action on {action.case.reference} updated"
                    if action.case_shown
                    else "Action updated",
                )
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
    _require(may_see_meeting_cases(request.user, meeting))
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
