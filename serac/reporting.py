"""SERAC figures for a period: the SERAC figures page and the partnership report.

``serac_report(date_from=, date_to=)`` returns raw counts (no suppression; the
partnership report applies it), aggregated in SQL. Definitions:

- referrals: SERAC referrals made in the period; repeats among them; the share
  made by agencies other than the police.
- meetings: meetings (not cancelled) on a day in the period; cases heard: the
  cases listed at those of them that were held.
- actions: actions due in the period; done on time: marked done on or before
  the due date.
"""

from datetime import date

from django.db.models import Count, F, Q

from accounts.models import AgencyType
from serac.models import ActionStatus, MeetingStatus, SeracAction, SeracMeeting, SeracReferral


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def serac_report(*, date_from: date, date_to: date) -> dict:
    referrals = SeracReferral.objects.filter(
        referred_at__date__gte=date_from, referred_at__date__lte=date_to
    )
    referral_counts = referrals.aggregate(
        total=Count("pk"),
        repeats=Count("pk", filter=Q(is_repeat=True)),
        non_police=Count("pk", filter=~Q(referring_agency__agency_type=AgencyType.POLICE)),
    )
    labels = dict(AgencyType.choices)
    sources = [
        {"label": labels.get(row["referring_agency__agency_type"], "Other"), "count": row["count"]}
        for row in referrals.values("referring_agency__agency_type")
        .annotate(count=Count("pk"))
        .order_by("-count", "referring_agency__agency_type")
    ]

    meetings = SeracMeeting.objects.filter(
        starts_at__date__gte=date_from, starts_at__date__lte=date_to
    ).exclude(status=MeetingStatus.CANCELLED)
    cases_heard = meetings.filter(status=MeetingStatus.HELD).aggregate(
        n=Count("items__case", distinct=True)
    )["n"]

    actions = SeracAction.objects.filter(due_on__gte=date_from, due_on__lte=date_to)
    on_time = Q(status=ActionStatus.DONE, completed_on__lte=F("due_on"))
    action_counts = actions.aggregate(due=Count("pk"), on_time=Count("pk", filter=on_time))
    by_agency = [
        {"label": row["owner_agency__name"], "count": row["count"], "done_on_time": row["on_time"]}
        for row in actions.values("owner_agency__name")
        .annotate(count=Count("pk"), on_time=Count("pk", filter=on_time))
        .order_by("owner_agency__name")
    ]

    return {
        "tables": {
            "serac_referral_source": sources,
            "serac_actions_by_agency": by_agency,
        },
        "figures": {
            "meetings": meetings.count(),
            "referrals": referral_counts["total"],
            "cases_heard": cases_heard,
            "repeat_referrals": referral_counts["repeats"],
            "repeat_rate_percent": _percent(referral_counts["repeats"], referral_counts["total"]),
            "non_police_referral_percent": _percent(
                referral_counts["non_police"], referral_counts["total"]
            ),
            "actions_due": action_counts["due"],
            "actions_done_on_time": action_counts["on_time"],
            "actions_on_time_percent": _percent(action_counts["on_time"], action_counts["due"]),
        },
    }
