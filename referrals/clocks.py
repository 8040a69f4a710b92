"""The NRM clocks (docs/domain.md section 5), read from settings each time.

Every value lives in the "Referrals" section of ``config/settings/base.py``
with its source; these helpers turn them into dates.
"""

from datetime import date, timedelta

from django.conf import settings

from core.dates import add_working_days


def rg_expected_on(submitted_on: date) -> date:
    """RG decision expected N working days after submission (monitor only)."""
    return add_working_days(submitted_on, settings.WAYMARK_NRM_RG_EXPECTED_WORKING_DAYS)


def recovery_period_ends_on(rg_positive_on: date) -> date:
    """The recovery period lasts at least N calendar days from a positive RG."""
    return rg_positive_on + timedelta(days=settings.WAYMARK_NRM_RECOVERY_PERIOD_DAYS)


def earliest_cg_on(rg_positive_on: date) -> date:
    """A CG decision is not expected before RG + N days."""
    return rg_positive_on + timedelta(days=settings.WAYMARK_NRM_EARLIEST_CG_DAYS)


def awaiting_cg_alert_days() -> list[int]:
    return sorted({int(days) for days in settings.WAYMARK_NRM_AWAITING_CG_ALERT_DAYS})


def move_on_ends_on(started_on: date, *, positive: bool) -> date:
    days = (
        settings.WAYMARK_NRM_MOVE_ON_POSITIVE_DAYS
        if positive
        else settings.WAYMARK_NRM_MOVE_ON_NEGATIVE_DAYS
    )
    return started_on + timedelta(days=days)


def dtn_check_due_on(triaged_on: date) -> date:
    """The day after which a public-authority case with no NRM or DtN is flagged."""
    days = settings.WAYMARK_DTN_CHECK_DAYS
    if settings.WAYMARK_DTN_CHECK_WORKING_DAYS:
        return add_working_days(triaged_on, days)
    return triaged_on + timedelta(days=days)


def service_referral_chase_on(sent_on: date) -> date:
    return add_working_days(sent_on, settings.WAYMARK_SERVICE_REFERRAL_CHASE_WORKING_DAYS)


def awaiting_cg_alert_on(episode) -> date | None:
    """The first "still awaiting Conclusive Grounds" alert, from the submission."""
    alert_days = awaiting_cg_alert_days()
    if not episode.submitted_on or not alert_days:
        return None
    return episode.submitted_on + timedelta(days=alert_days[0])


#: The episode's date for each fact a pathway step mirrors (``State.episode_clock``).
#: One clock per fact: the step's due date is this date, and the episode's
#: reminders (referrals.services.reminders) are the only ones sent for it.
EPISODE_CLOCKS = {
    "rg_expected": lambda episode: episode.rg_expected_on,
    "recovery_period_ends": lambda episode: episode.recovery_period_ends_on,
    "awaiting_cg_alert": awaiting_cg_alert_on,
    "move_on_ends": lambda episode: episode.support_extended_until or episode.move_on_ends_on,
}
