"""What SERAC's services share: meeting dates, the access window's end, links and emails."""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.errors import ServiceError
from serac.models import (
    MeetingStatus,
    SeracMeeting,
)

# --- Dates -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def meeting_next_start_default() -> datetime:
    """When the next meeting would be: the configured number of months after the
    latest one (monthly by default), at the same time; else four weeks from now at 10:00."""
    latest = SeracMeeting.objects.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")
    latest = latest.first()
    if latest is not None:
        local = timezone.localtime(latest.starts_at)
        day = add_months(local.date(), settings.WAYMARK_SERAC_MEETING_EVERY_MONTHS)
        naive = datetime.combine(day, local.time().replace(tzinfo=None))
    else:
        naive = datetime.combine(timezone.localdate() + timedelta(days=28), datetime.min.time())
        naive = naive.replace(hour=10)
    return timezone.make_aware(naive)


def access_ends_on(meeting: SeracMeeting) -> date:
    return meeting.meeting_date + timedelta(days=settings.WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING)


def _editable(meeting: SeracMeeting) -> None:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError(f"The meeting is {meeting.get_status_display().lower()}")
