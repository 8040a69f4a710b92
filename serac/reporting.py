"""SERAC figures for a period: the SERAC figures page and the partnership report.

``serac_report(date_from=, date_to=)`` returns raw counts (no suppression; the
partnership report applies it), aggregated in SQL. Definitions:

- referrals: SERAC referrals made in the period; repeats among them; the share
  made by agencies other than the police.
- meetings: meetings (not cancelled) on a day in the period; cases heard: the
  cases listed at those of them that were held.
- actions: actions due in the period; done on time: marked done on or before
  the due date.
- equality: referrals by the referred person's ethnic group, disability,
  gender and age at referral (16-17 apart, as MARAC data does), each beside
  the same measure over the partnership's whole caseload (the people named
  as survivors on cases reported in the period, each once).
- volume: referrals against the number the Modern Slavery Lead expects in a
  financial year (:class:`serac.models.ExpectedVolume`), pro-rated by days.
- emerging threats: agenda items about a place, business or pattern with no
  single case, at the period's meetings.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, F, Q

from accounts.models import AgencyType
from cases.choices import Ethnicity, Gender
from serac.models import (
    ActionStatus,
    EmergingThreat,
    ExpectedVolume,
    MeetingStatus,
    SeracAction,
    SeracMeeting,
    SeracReferral,
)

AGE_BANDS = ["Under 16", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65 and over"]
NOT_KNOWN = "Not known"
DISABILITY_LABELS = {
    "yes": "Disability or health condition",
    "no": "No disability or health condition",
}

# One pass over the period's referrals and one over its survivors, each person
# described the same way: age at the referral (or at the date reported).
_EQUALITY_SQL = """
WITH people AS (
    SELECT 'serac' AS side, p.ethnicity, p.gender, p.disability_or_health_condition AS disability,
           coalesce(date_part('year', age(r.referred_at::date, p.date_of_birth))::int,
                    p.estimated_age) AS age
    FROM serac_seracreferral r LEFT JOIN cases_person p ON p.id = r.person_id
    WHERE r.referred_at::date BETWEEN %(start)s AND %(end)s
    UNION ALL
    SELECT 'caseload', p.ethnicity, p.gender, p.disability_or_health_condition,
           coalesce(date_part('year', age(s.first_reported, p.date_of_birth))::int,
                    p.estimated_age)
    FROM (
        SELECT l.person_id, min(c.date_reported) AS first_reported
        FROM cases_case c JOIN cases_caseperson l ON l.case_id = c.id
        WHERE c.date_reported BETWEEN %(start)s AND %(end)s
        GROUP BY l.person_id
    ) s JOIN cases_person p ON p.id = s.person_id
)
SELECT side, 'ethnicity', coalesce(ethnicity, 'not_recorded'), count(*) FROM people GROUP BY 1, 3
UNION ALL
SELECT side, 'gender', coalesce(gender, 'not_recorded'), count(*) FROM people GROUP BY 1, 3
UNION ALL
SELECT side, 'disability', coalesce(disability, 'unknown'), count(*) FROM people GROUP BY 1, 3
UNION ALL
SELECT side, 'age', CASE WHEN age IS NULL THEN 'unknown'
                         WHEN age < 16 THEN 'Under 16'
                         WHEN age < 18 THEN '16-17'
                         WHEN age < 25 THEN '18-24'
                         WHEN age < 35 THEN '25-34'
                         WHEN age < 45 THEN '35-44'
                         WHEN age < 55 THEN '45-54'
                         WHEN age < 65 THEN '55-64'
                         ELSE '65 and over' END, count(*)
FROM people GROUP BY 1, 3
"""


def _equality(date_from: date, date_to: date) -> tuple[dict, dict]:
    counts: dict[tuple[str, str], dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_EQUALITY_SQL, {"start": date_from, "end": date_to})
        for side, measure, key, n in cursor.fetchall():
            counts.setdefault((side, measure), {})[key] = int(n)

    def rows(measure: str, labels: list[tuple[str, list[str]]]) -> list[dict]:
        serac, caseload = counts.get(("serac", measure), {}), counts.get(("caseload", measure), {})
        return [
            {
                "label": label,
                "count": sum(serac.get(k, 0) for k in keys),
                "caseload_count": sum(caseload.get(k, 0) for k in keys),
            }
            for label, keys in labels
        ]

    ethnic = [(label, [value]) for value, label in Ethnicity.choices]
    genders = [(label, [value]) for value, label in Gender.choices if value != "not_recorded"]
    tables = {
        "serac_referrals_by_ethnicity": rows("ethnicity", ethnic),
        "serac_referrals_by_disability": rows(
            "disability",
            [(label, [value]) for value, label in DISABILITY_LABELS.items()]
            + [(NOT_KNOWN, ["unknown"])],
        ),
        "serac_referrals_by_gender": rows("gender", [*genders, ("Not recorded", ["not_recorded"])]),
        "serac_referrals_by_age_band": rows(
            "age", [(band, [band]) for band in AGE_BANDS] + [(NOT_KNOWN, ["unknown"])]
        ),
    }
    bases = {
        "serac": sum(counts.get(("serac", "gender"), {}).values()),
        "caseload": sum(counts.get(("caseload", "gender"), {}).values()),
    }
    return tables, bases


def _financial_year_code(first: int) -> str:
    return f"{first}-{(first + 1) % 100:02d}"


def expected_referrals(date_from: date, date_to: date) -> int | None:
    """The referrals expected over the dates: each financial year's expected
    number times the share of its days the dates cover. None when no year the
    dates touch has an expected number."""
    first = date_from.year if date_from.month >= 4 else date_from.year - 1
    last = date_to.year if date_to.month >= 4 else date_to.year - 1
    expected = dict(
        ExpectedVolume.objects.filter(
            year__in=[_financial_year_code(y) for y in range(first, last + 1)]
        ).values_list("year", "expected_referrals")
    )
    if not expected:
        return None
    total = 0.0
    for fy in range(first, last + 1):
        number = expected.get(_financial_year_code(fy))
        if number is None:
            continue
        start, end = date(fy, 4, 1), date(fy + 1, 3, 31)
        covered = (min(end, date_to) - max(start, date_from)).days + 1
        total += number * covered / ((end - start) + timedelta(days=1)).days
    return round(total)


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

    equality, bases = _equality(date_from, date_to)
    expected = expected_referrals(date_from, date_to)
    threats = EmergingThreat.objects.filter(
        meeting__starts_at__date__gte=date_from, meeting__starts_at__date__lte=date_to
    ).exclude(meeting__status=MeetingStatus.CANCELLED)

    return {
        "tables": {
            "serac_referral_source": sources,
            "serac_actions_by_agency": by_agency,
            **equality,
        },
        # What the equality tables' percentages are of: the period's referrals
        # and the people on the period's cases.
        "bases": bases,
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
            "expected_referrals": expected,
            "referrals_against_expected_percent": (
                _percent(referral_counts["total"], expected) if expected else None
            ),
            "emerging_threats": threats.count(),
        },
    }
