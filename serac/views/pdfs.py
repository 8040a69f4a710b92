"""The agenda pack, minutes and action log as PDFs, and SERAC's figures page."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from cases.models import AccessAction
from cases.services.common import access_log_record
from core.dates import long_date
from core.pdf import pdf_response, render_pdf
from serac import services
from serac.forms import (
    FiguresForm,
)
from serac.reporting import serac_report
from serac.selectors import (
    actions_for_meeting,
    actions_open_from,
    agenda_items,
    can_see_agenda,
    can_use_serac,
    is_serac_admin,
    mark_cases_shown,
    may_see_meeting_cases,
    meeting_memberships,
    meeting_previous,
    member_of_meeting,
)
from serac.views.common import (
    _log_case_reads,
    _meeting_for,
    _minutes_of,
    _require,
    _research_shown_to,
)

# --- PDFs --------------------------------------------------------------------


def _pdf(request, meeting, *, kind: str, template: str, context: dict, cases=()):
    title = f"SERAC {kind}, {long_date(meeting.meeting_date)}"
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
    _research_shown_to(request, items)
    previous_actions = mark_cases_shown(
        user=request.user, records=actions_open_from(meeting=meeting_previous(meeting=meeting))
    )
    return _pdf(
        request,
        meeting,
        kind="agenda pack",
        template="serac/pdf/agenda.html",
        cases=[item.case for item in items],
        context={
            "items": items,
            "memberships": meeting_memberships(meeting=meeting),
            "previous_actions": previous_actions,
        },
    )


def minutes_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    record = _minutes_of(meeting)
    admin = is_serac_admin(request.user)
    member_may = bool(record and record.is_approved) and member_of_meeting(request.user, meeting)
    _require(
        record is not None
        and (admin or member_may)
        and may_see_meeting_cases(request.user, meeting)
    )
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
