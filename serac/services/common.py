"""What SERAC's services share: meeting dates, the access window's end, and the
one function that changes a meeting's status."""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.dates import add_working_days
from core.errors import ServiceError
from core.states import perform
from serac.models import (
    MeetingStatus,
    SeracMeeting,
)

# The window's last day; the window rule itself is serac.selectors.may_see_meeting_cases.
from serac.selectors import access_ends_on  # noqa: F401 - used by the other services
from serac.states import MEETING, SERAC_ADMIN

# --- Dates -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def meeting_next_start_default() -> datetime:
    """When the next meeting would be: the configured number of months after the
    latest one (monthly by default), at the same time; else four weeks from now
    at 10:00. Moved on to the next working day where that falls on a weekend or
    a bank holiday."""
    latest = SeracMeeting.objects.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")
    latest = latest.first()
    if latest is not None:
        local = timezone.localtime(latest.starts_at)
        day = add_months(local.date(), settings.WAYMARK_SERAC_MEETING_EVERY_MONTHS)
        naive = datetime.combine(day, local.time().replace(tzinfo=None))
    else:
        naive = datetime.combine(timezone.localdate() + timedelta(days=28), datetime.min.time())
        naive = naive.replace(hour=10)
    # Never suggest a weekend or a bank holiday: the next working day instead.
    naive = datetime.combine(add_working_days(naive.date(), 0), naive.time())
    return timezone.make_aware(naive)


def _editable(meeting: SeracMeeting) -> None:
    if meeting.status in MEETING.terminal:
        raise ServiceError(f"The meeting is {meeting.get_status_display().lower()}")


def _check_runs_serac(actor) -> None:
    """Running a meeting (its attendance, its agenda's order) is the chair's or the Lead's."""
    reason = SERAC_ADMIN.refuses(actor, None)
    if reason:
        raise ServiceError(reason)


def meeting_transition(*, actor, meeting: SeracMeeting, transition: str, **fields) -> SeracMeeting:
    """The one way a meeting changes status: lock the row, check ``transition``
    against ``MEETING`` (from its status now, by the chair or the Lead), set the
    status and ``fields``, save. Nothing about a meeting's status goes on a case
    timeline: what members may see follows from the shares it opens."""
    return perform(
        MEETING,
        queryset=SeracMeeting.objects.all(),
        record=meeting,
        transition=transition,
        actor=actor,
        fields=fields,
    )
