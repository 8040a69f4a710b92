"""Per-service referral figures, aggregated in SQL, for the partnership to see
gaps (services that take no men, that are always full, that never answer)."""

from __future__ import annotations

from django.db.models import Count, F, Q

from cases.choices import Gender
from directory.models import SupportService
from referrals.models import ReferralStatus, ServiceReferral, StatutoryTeam
from referrals.reporting import _DaysBetween, _Median


def _counts(p: str = "") -> dict:
    """Aggregates over referrals; ``p`` roots the lookups ("referrals__" from a service)."""
    key = f"{p}pk"

    def where(**lookups) -> Q:
        return Q(**{f"{p}{name}": value for name, value in lookups.items()})

    return {
        "referral_count": Count(key, distinct=True),
        "men_referred": Count(key, filter=where(person__gender=Gender.MALE), distinct=True),
        "accepted": Count(
            key,
            filter=where(answered_on__isnull=False)
            & ~where(status__in=[ReferralStatus.DECLINED, ReferralStatus.NO_CAPACITY]),
            distinct=True,
        ),
        "declined": Count(key, filter=where(status=ReferralStatus.DECLINED), distinct=True),
        "no_capacity": Count(key, filter=where(status=ReferralStatus.NO_CAPACITY), distinct=True),
        "unanswered": Count(key, filter=where(status=ReferralStatus.SENT), distinct=True),
        "median_days_to_answer": _Median(
            _DaysBetween(F(f"{p}answered_on"), F(f"{p}sent_on")),
            filter=where(answered_on__isnull=False),
        ),
    }


def service_referral_figures() -> dict:
    services = list(
        SupportService.objects.annotate(**_counts("referrals__")).order_by(
            "-referral_count", "name"
        )
    )
    teams = {
        row["statutory_team"]: row
        for row in ServiceReferral.objects.filter(service__isnull=True)
        .values("statutory_team")
        .annotate(**_counts())
        .order_by()
    }
    team_rows = [
        {"name": label, **teams.get(value, {"referral_count": 0})}
        for value, label in StatutoryTeam.choices
    ]
    active = [s for s in services if s.is_active]
    return {
        "services": services,
        "teams": team_rows,
        "gaps": {
            "active": len(active),
            "take_men": sum(s.accepts_men for s in active),
            "full_or_no_capacity": sum(1 for s in active if s.no_capacity),
            "men_referred": sum(s.men_referred for s in services),
            "unanswered": sum(s.unanswered for s in services)
            + sum(t.get("unanswered", 0) for t in team_rows),
        },
    }
