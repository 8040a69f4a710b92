"""The report's figures, counted in SQL over the cases in a period.

Every table here is GROUP BY or conditional counts in PostgreSQL; no case is
loaded into Python. Counts are exact: disclosure control is applied later
(:mod:`reporting.disclosure`), to the snapshot as a whole.

A table counts *cases*: a case with two exploitation types, two survivors or
two outcomes counts once in each row that applies, so percentages (of cases in
the period) may add up to more than 100.

NRM and SERAC figures come from the apps that own them
(``referrals.reporting.nrm_report`` and ``serac.reporting.serac_report``).
"""

from __future__ import annotations

from collections.abc import Callable

import pycountry
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, Sum

from cases.choices import CaseOutcome, Gender, ReferringAgencyType
from cases.models import Case, ExploitationSubtype, ExploitationType
from cases.services.importing.vocabularies import DEMONYMS
from referrals.reporting import nrm_report
from reporting.models import ActionPlanItem, Strand, TrainingAudience, TrainingSession
from reporting.partnership import WEIGHTED as RATING_METHOD
from reporting.partnership import weighted_rating
from reporting.periods import Period, financial_year
from serac.reporting import serac_report

AGE_BANDS = ["Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65 and over"]
# The council's equality impact assessment groups ages this way; a report run
# chooses these, today's bands, or both (``AGE_BAND_CHOICES``).
EIA_AGE_BANDS = ["0-18", "19-64", "65 and over"]
STANDARD, EIA, BOTH = "standard", "eia", "both"
AGE_BAND_CHOICES = {
    STANDARD: "Today's bands (under 18, 18-24 ... 65 and over)",
    EIA: "The equality impact assessment's bands (0-18, 19-64, 65 and over)",
    BOTH: "Both",
}
AGE_BAND_TABLES = {STANDARD: "survivor_age_band", EIA: "survivor_age_band_eia"}
UNKNOWN = "Not known"

# Titles and sections, in the order the report shows them.
TABLES = {
    "referring_agency": ("Referring agency", "Who referred"),
    "case_outcome": ("Case outcomes", "Outcomes"),
    "exploitation_type": ("Exploitation type", "Exploitation"),
    "exploitation_subtype": ("Exploitation sub-type", "Exploitation"),
    "survivor_gender": ("Survivor gender", "Survivors"),
    "survivor_age_band": ("Survivor age at the date reported", "Survivors"),
    "survivor_age_band_eia": (
        "Survivor age at the date reported (equality impact assessment bands)",
        "Survivors",
    ),
    "survivor_nationality": ("Survivor nationality", "Survivors"),
    "vulnerability": ("Disability, pregnancy and care experience", "Survivors"),
    "survivors_with_dependants": ("Survivors with dependent children", "Survivors"),
    "location_of_exploitation": ("Location of exploitation", "Locations"),
    "perpetrator_gender": ("Suspected perpetrator gender", "Perpetrators"),
    "perpetrator_nationality": ("Suspected perpetrator nationality", "Perpetrators"),
    "nrm_route": ("NRM referral or Duty to Notify", "National Referral Mechanism"),
    "nrm_first_responder_type": (
        "NRM referrals by type of First Responder",
        "National Referral Mechanism",
    ),
    "rg_decision": ("Reasonable Grounds decisions", "National Referral Mechanism"),
    "cg_decision": ("Conclusive Grounds decisions", "National Referral Mechanism"),
    "nrm_open_by_age": (
        # Unlike the rest of the section, this is the whole open caseload on the
        # period's last day, whenever reported: the heading says so.
        "Open NRM cases on the period's last day, whenever reported, by time since referral",
        "National Referral Mechanism",
    ),
    "serac_referral_source": ("SERAC referrals by referring agency", "SERAC"),
    "serac_actions_by_agency": ("SERAC actions due, by agency", "SERAC"),
    "serac_referrals_by_ethnicity": ("SERAC referrals by ethnic group", "SERAC"),
    "serac_referrals_by_disability": ("SERAC referrals by disability", "SERAC"),
    "serac_referrals_by_gender": ("SERAC referrals by gender", "SERAC"),
    "serac_referrals_by_age_band": ("SERAC referrals by age at referral", "SERAC"),
    "events": ("Awareness events and campaigns", "Prevent"),
    "training_feedback": ("Training feedback: overall rating", "Prevent"),
    "elearning_by_agency": ("E-learning completions by agency", "Prevent"),
    "ambassadors": ("Modern Slavery Ambassadors by agency", "Prevent"),
    "ambassador_activity": ("Ambassador activity", "Prevent"),
    "transition_panel": ("Young people discussed at the Transition Panel", "Transition Panel"),
}
# Tables not about cases in the period, whose percentages would mislead.
NOT_PERCENT_OF_CASES = {
    "nrm_first_responder_type",
    "rg_decision",
    "cg_decision",
    "nrm_open_by_age",
    "serac_referral_source",
    "serac_actions_by_agency",
    # These count survivors, SERAC referrals, feedback forms, events, people
    # and discussions; their percentages are of their own base
    # (``report.TABLE_BASES``), never of the period's cases.
    "survivors_with_dependants",
    "serac_referrals_by_ethnicity",
    "serac_referrals_by_disability",
    "serac_referrals_by_gender",
    "serac_referrals_by_age_band",
    "events",
    "training_feedback",
    "elearning_by_agency",
    "ambassadors",
    "ambassador_activity",
    "transition_panel",
}


def period_cases(period: Period):
    return Case.objects.filter(date_reported__gte=period.start, date_reported__lte=period.end)


def _rows(pairs) -> list[dict]:
    return [{"label": label, "count": int(count)} for label, count in pairs]


def _sql(query: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


# --- Cases -----------------------------------------------------------------------------------


def exploitation_types(period: Period) -> list[dict]:
    in_period = Q(cases__date_reported__gte=period.start, cases__date_reported__lte=period.end)
    types = ExploitationType.objects.annotate(n=Count("cases", filter=in_period)).order_by(
        "order", "name"
    )
    return _rows((t.name, t.n) for t in types if t.is_active or t.n)


def exploitation_subtypes(period: Period) -> list[dict]:
    in_period = Q(cases__date_reported__gte=period.start, cases__date_reported__lte=period.end)
    subtypes = ExploitationSubtype.objects.annotate(n=Count("cases", filter=in_period)).filter(
        n__gt=0
    )
    rows = _rows((s.name, s.n) for s in subtypes)
    other = period_cases(period).exclude(other_subtypes=[]).count()
    if other:
        rows.append({"label": "Other (not on the list)", "count": other})
    return rows


def referring_agencies(period: Period) -> list[dict]:
    counts = dict(
        period_cases(period).values_list("referring_agency_type").annotate(n=Count("pk")).order_by()
    )
    return _rows((label, counts.get(value, 0)) for value, label in ReferringAgencyType.choices)


def case_outcomes(period: Period) -> list[dict]:
    counts = dict(
        _sql(
            """
            SELECT outcome, count(DISTINCT c.id)
            FROM cases_case c CROSS JOIN LATERAL unnest(c.outcomes) AS outcome
            WHERE c.date_reported BETWEEN %s AND %s
            GROUP BY outcome
            """,
            [period.start, period.end],
        )
    )
    none = period_cases(period).filter(outcomes=[]).count()
    rows = _rows((label, counts.get(value, 0)) for value, label in CaseOutcome.choices)
    rows.append({"label": "No outcome recorded yet", "count": none})
    return rows


_DEMONYM_FOR = {}
for _name, _code in DEMONYMS.items():
    _DEMONYM_FOR.setdefault(_code, _name.title())


def nationality_label(code: str) -> str:
    """GB -> British, VN -> Vietnamese; a country name where no demonym is known."""
    if code in _DEMONYM_FOR:
        return _DEMONYM_FOR[code]
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


# One statement per kind of person: the period's cases joined once to their
# survivors (or suspected perpetrators), then counted several ways. A case
# with nobody named counts as "not recorded" / "not known".
_PEOPLE_SQL = """
WITH links AS MATERIALIZED (
    SELECT c.id AS case_id, p.gender, p.nationalities, {extra}
    FROM cases_case c
    LEFT JOIN {link_table} l ON l.case_id = c.id
    LEFT JOIN {entity_table} p ON p.id = l.{link_column}
    WHERE c.date_reported BETWEEN %s AND %s
),
codes AS MATERIALIZED (
    SELECT case_id, code FROM links CROSS JOIN LATERAL unnest(nationalities) AS code
),
top AS (
    SELECT code, count(DISTINCT case_id) AS n FROM codes
    GROUP BY code ORDER BY n DESC, code LIMIT %s
)
SELECT 'gender', coalesce(gender, 'none'), count(DISTINCT case_id) FROM links GROUP BY 2
UNION ALL SELECT 'nationality', code, n FROM top
UNION ALL SELECT 'nationality', '~other', count(DISTINCT case_id) FROM codes
    WHERE code NOT IN (SELECT code FROM top)
UNION ALL SELECT 'nationality', '~unknown', count(DISTINCT case_id) FROM links
    WHERE case_id NOT IN (SELECT case_id FROM codes)
{more}
"""

_SURVIVOR_EXTRA = """
    coalesce(date_part('year', age(c.date_reported, p.date_of_birth))::int, p.estimated_age)
        AS age,
    p.disability_or_health_condition AS disability, p.pregnant, p.care_experienced
"""
_SURVIVOR_MORE = """
UNION ALL SELECT 'age', CASE WHEN age IS NULL THEN 'unknown'
                             WHEN age < 18 THEN 'Under 18'
                             WHEN age < 25 THEN '18-24'
                             WHEN age < 35 THEN '25-34'
                             WHEN age < 45 THEN '35-44'
                             WHEN age < 55 THEN '45-54'
                             WHEN age < 65 THEN '55-64'
                             ELSE '65 and over' END,
                        count(DISTINCT case_id) FROM links GROUP BY 2
UNION ALL SELECT 'age_eia', CASE WHEN age IS NULL THEN 'unknown'
                                 WHEN age <= 18 THEN '0-18'
                                 WHEN age <= 64 THEN '19-64'
                                 ELSE '65 and over' END,
                            count(DISTINCT case_id) FROM links GROUP BY 2
UNION ALL SELECT 'flag', 'disability', count(DISTINCT case_id) FILTER (WHERE disability = 'yes')
    FROM links
UNION ALL SELECT 'flag', 'pregnant', count(DISTINCT case_id) FILTER (WHERE pregnant = 'yes')
    FROM links
UNION ALL SELECT 'flag', 'care', count(DISTINCT case_id) FILTER (WHERE care_experienced = 'yes')
    FROM links
"""


def _people_counts(period: Period, *, survivors: bool) -> dict[str, dict]:
    if survivors:
        tables = ("cases_caseperson", "person_id", "cases_person")
        extra, more = _SURVIVOR_EXTRA, _SURVIVOR_MORE
    else:
        tables = ("cases_caseperpetrator", "perpetrator_id", "cases_perpetrator")
        extra, more = "NULL AS unused", ""
    query = _PEOPLE_SQL.format(
        link_table=tables[0], link_column=tables[1], entity_table=tables[2], extra=extra, more=more
    )
    counts: dict[str, dict] = {}
    for kind, key, n in _sql(
        query, [period.start, period.end, settings.WAYMARK_REPORT_TOP_NATIONALITIES]
    ):
        counts.setdefault(kind, {})[key] = int(n)
    return counts


def _gender_rows(counts: dict) -> list[dict]:
    table = _rows(
        (label, counts.get(value, 0))
        for value, label in Gender.choices
        if value != Gender.NOT_RECORDED
    )
    # Nobody named and nobody's gender recorded are the same to a reader.
    table.append(
        {
            "label": "Not recorded",
            "count": counts.get(Gender.NOT_RECORDED, 0) + counts.get("none", 0),
        }
    )
    return table


def _nationality_rows(counts: dict) -> list[dict]:
    named = sorted(
        ((code, n) for code, n in counts.items() if not code.startswith("~")),
        key=lambda r: (-r[1], r[0]),
    )
    return _rows((nationality_label(code), n) for code, n in named) + [
        {"label": "Other", "count": counts.get("~other", 0)},
        {"label": UNKNOWN, "count": counts.get("~unknown", 0)},
    ]


def survivor_tables(period: Period) -> dict[str, list[dict]]:
    counts = _people_counts(period, survivors=True)
    ages, flags = counts.get("age", {}), counts.get("flag", {})
    eia = counts.get("age_eia", {})
    return {
        "survivor_gender": _gender_rows(counts.get("gender", {})),
        "survivor_age_band": _rows((band, ages.get(band, 0)) for band in AGE_BANDS)
        + [{"label": UNKNOWN, "count": ages.get("unknown", 0)}],
        "survivor_age_band_eia": _rows((band, eia.get(band, 0)) for band in EIA_AGE_BANDS)
        + [{"label": UNKNOWN, "count": eia.get("unknown", 0)}],
        "survivor_nationality": _nationality_rows(counts.get("nationality", {})),
        "vulnerability": _rows(
            [
                ("Disability or health condition", flags.get("disability", 0)),
                ("Pregnant", flags.get("pregnant", 0)),
                ("Care-experienced", flags.get("care", 0)),
            ]
        ),
    }


def survivors_with_dependants(period: Period) -> dict:
    """Survivors (each person once) named on the period's cases, by their
    recorded dependent children. Returns the rows and the number of survivors,
    which the rows' percentages are of."""
    ((survivors, with_children, in_uk, known),) = _sql(
        """
        WITH survivors AS (
            SELECT DISTINCT l.person_id
            FROM cases_case c JOIN cases_caseperson l ON l.case_id = c.id
            WHERE c.date_reported BETWEEN %s AND %s
        ),
        children AS (
            SELECT s.person_id,
                   count(ch.id) AS n,
                   coalesce(bool_or(ch.in_uk = 'yes'), false) AS in_uk,
                   coalesce(bool_or(ch.known_to_childrens_services = 'yes'), false) AS known
            FROM survivors s LEFT JOIN cases_dependentchild ch ON ch.person_id = s.person_id
            GROUP BY s.person_id
        )
        SELECT count(*), count(*) FILTER (WHERE n > 0), count(*) FILTER (WHERE in_uk),
               count(*) FILTER (WHERE known)
        FROM children
        """,
        [period.start, period.end],
    )
    return {
        "rows": _rows(
            [
                ("Survivors with dependent children", with_children),
                ("With a child in the UK", in_uk),
                ("With a child known to children's services", known),
                ("No dependent children recorded", survivors - with_children),
            ]
        ),
        "survivors": int(survivors),
    }


def perpetrator_tables(period: Period) -> dict[str, list[dict]]:
    counts = _people_counts(period, survivors=False)
    return {
        "perpetrator_gender": _gender_rows(counts.get("gender", {})),
        "perpetrator_nationality": _nationality_rows(counts.get("nationality", {})),
    }


def locations(period: Period) -> list[dict]:
    rows = _sql(
        """
        SELECT CASE WHEN loc.id IS NULL THEN '~none'
                    WHEN loc.is_overseas THEN '~overseas'
                    WHEN loc.ward = '' THEN '~uk'
                    ELSE loc.ward END AS place,
               count(DISTINCT c.id)
        FROM cases_case c
        LEFT JOIN cases_location loc ON loc.case_id = c.id
        WHERE c.date_reported BETWEEN %s AND %s
        GROUP BY place
        """,
        [period.start, period.end],
    )
    counts = dict(rows)
    wards = sorted(
        ((place, n) for place, n in counts.items() if not place.startswith("~")),
        key=lambda r: (-r[1], r[0]),
    )
    return _rows(wards) + _rows(
        [
            ("In the UK, area not recorded", counts.get("~uk", 0)),
            ("Overseas", counts.get("~overseas", 0)),
            ("Not recorded", counts.get("~none", 0)),
        ]
    )


def _single(name: str, count: Callable[[Period], list[dict]]):
    return lambda period: {name: count(period)}


# Each step counts one or more tables; the report runs them in this order.
CASE_TABLES: dict[str, Callable[[Period], dict[str, list[dict]]]] = {
    "referring agency": _single("referring_agency", referring_agencies),
    "case outcomes": _single("case_outcome", case_outcomes),
    "exploitation types": _single("exploitation_type", exploitation_types),
    "exploitation sub-types": _single("exploitation_subtype", exploitation_subtypes),
    "survivors": survivor_tables,
    "locations": _single("location_of_exploitation", locations),
    "suspected perpetrators": perpetrator_tables,
}


# --- NRM and SERAC, from the apps that own them ------------------------------------------------


def nrm_section(period: Period) -> dict:
    """NRM and Duty to Notify figures from ``referrals.reporting.nrm_report``."""
    return nrm_report(cases=period_cases(period), date_from=period.start, date_to=period.end)


def serac_section(period: Period) -> dict:
    """SERAC figures from ``serac.reporting.serac_report``."""
    return serac_report(date_from=period.start, date_to=period.end)


# --- Pathway compliance, training and the 4P plan ----------------------------------------------


def pathway_compliance() -> dict:
    """Open steps overdue or stalled today, by pathway and by agency (counted in
    SQL by :func:`pathways.selectors.compliance_summary`)."""
    from pathways.selectors import compliance_summary

    pathway_rows, agency_rows = compliance_summary(
        stalled_after_days=settings.WAYMARK_REPORT_STALLED_AFTER_DAYS
    )
    return {
        "by_pathway": [
            {
                "label": row["pathway"].display,
                "open": row["open"],
                "overdue": row["overdue"],
                "stalled": row["stalled"],
            }
            for row in pathway_rows
        ],
        "by_agency": [
            {
                "label": row["responsible_agency__name"] or "Modern Slavery Lead",
                "overdue": row["overdue"],
                "stalled": row["stalled"],
            }
            for row in agency_rows
        ],
    }


def training(period: Period) -> dict:
    sessions = TrainingSession.objects.filter(
        delivered_on__gte=period.start, delivered_on__lte=period.end
    )
    totals = sessions.aggregate(
        sessions=Count("pk"), minutes=Sum("minutes"), attendees=Sum("attendees")
    )
    minutes = totals["minutes"] or 0
    by_audience = {
        row["audience_type"]: row
        for row in sessions.values("audience_type")
        .annotate(sessions=Count("pk"), attendees=Sum("attendees"))
        .order_by()
    }
    return {
        "sessions": totals["sessions"],
        "minutes": minutes,
        "hours": round(minutes / 60, 1),
        "attendees": totals["attendees"] or 0,
        # Weighted by attendees, so a session of 200 outweighs one of 5; the
        # report says so (``average_rating_method``).
        "average_rating": weighted_rating(sessions),
        "average_rating_method": RATING_METHOD,
        "by_audience": [
            {
                "label": label,
                "sessions": by_audience.get(value, {}).get("sessions", 0),
                "attendees": by_audience.get(value, {}).get("attendees") or 0,
            }
            for value, label in TrainingAudience.choices
        ],
    }


def plan_year_for(period: Period) -> str:
    """The 4P plan year shown: the financial year in which the period ends."""
    first = period.end.year if period.end.month >= 4 else period.end.year - 1
    return financial_year(f"{first}-{(first + 1) % 100:02d}").code


def action_plan(period: Period) -> dict:
    year = plan_year_for(period)
    items = ActionPlanItem.objects.filter(year=year)
    strands = []
    for value, label in Strand.choices:
        strand_items = [item for item in items if item.strand == value]
        strands.append(
            {
                "strand": label,
                "items": [
                    {
                        "kind": item.get_kind_display(),
                        "goal": item.goal,
                        "action": item.action,
                        "owner": item.owner,
                        "status": item.get_status_display(),
                        "note": item.note,
                    }
                    for item in strand_items
                    if item.kind == ActionPlanItem.Kind.ACTION
                ],
                "successes": [
                    item.goal + (f": {item.note}" if item.note else "")
                    for item in strand_items
                    if item.kind == ActionPlanItem.Kind.SUCCESS
                ],
                "development": [
                    item.goal + (f": {item.note}" if item.note else "")
                    for item in strand_items
                    if item.kind == ActionPlanItem.Kind.DEVELOPMENT
                ],
            }
        )
    return {"year": year, "strands": strands}


def total_cases(period: Period) -> int:
    return period_cases(period).count()


def trend_counts(period: Period, count: int = 4) -> list[dict]:
    periods = period.trend(count)
    window = Case.objects.filter(date_reported__gte=periods[0].start, date_reported__lte=period.end)
    totals = window.aggregate(
        **{
            f"p{index}": Count("pk", filter=Q(date_reported__gte=p.start, date_reported__lte=p.end))
            for index, p in enumerate(periods)
        }
    )
    return [
        {"label": p.short_label, **p.as_dict(), "count": totals[f"p{index}"]}
        for index, p in enumerate(periods)
    ]
