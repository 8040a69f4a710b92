"""Demo training sessions and a 4P action plan, for ``seed_demo``. Idempotent."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from reporting.models import (
    ActionPlanItem,
    ProgressStatus,
    Strand,
    TrainingAudience,
    TrainingSession,
)
from reporting.periods import financial_year

TOPICS = [
    ("Spotting the signs of modern slavery", TrainingAudience.MIXED),
    ("Modern slavery and the NRM for First Responders", TrainingAudience.COUNCIL),
    ("Duty to Notify: what councils must do", TrainingAudience.COUNCIL),
    ("Labour exploitation in car washes and nail bars", TrainingAudience.NON_COUNCIL),
    ("Cuckooing and county lines", TrainingAudience.MIXED),
    ("Safeguarding adults at risk of exploitation", TrainingAudience.COUNCIL),
    ("Know your rights at work", TrainingAudience.PEOPLE_AT_RISK),
    ("Modern slavery awareness for housing officers", TrainingAudience.COUNCIL),
    ("Supply chains and procurement", TrainingAudience.NON_COUNCIL),
    ("Staying safe from rogue employers", TrainingAudience.PEOPLE_AT_RISK),
]
ORGANISATIONS = [
    "Coventry City Council",
    "West Midlands Police",
    "UHCW",
    "Adavu",
    "Citizen Housing",
    "West Midlands Fire Service",
    "Coventry Refugee and Migrant Centre",
    "Coventry University",
]

# (strand, kind, goal, action, owner, status, note)
PLAN = [
    (
        Strand.PURSUE,
        ActionPlanItem.Kind.ACTION,
        "Disrupt exploitation at high-risk premises",
        "Joint visits by police, Trading Standards and the GLAA to car washes and nail bars",
        "West Midlands Police SOCEX",
        ProgressStatus.ON_TRACK,
        "Visits every month; intelligence shared through SERAC.",
    ),
    (
        Strand.PURSUE,
        ActionPlanItem.Kind.SUCCESS,
        "First joint operation with the GLAA",
        "",
        "",
        ProgressStatus.COMPLETE,
        "Two premises closed and survivors supported into safe accommodation.",
    ),
    (
        Strand.PREVENT,
        ActionPlanItem.Kind.ACTION,
        "Raise awareness among people at risk",
        "Know-your-rights sessions with community groups in their own languages",
        "Adavu",
        ProgressStatus.ON_TRACK,
        "Sessions in Romanian, Vietnamese and Tigrinya so far.",
    ),
    (
        Strand.PREVENT,
        ActionPlanItem.Kind.ACTION,
        "Ethical procurement",
        "Modern slavery clauses in all council contracts over the threshold",
        "Council procurement",
        ProgressStatus.AT_RISK,
        "Waiting on the new contract standing orders.",
    ),
    (
        Strand.PROTECT,
        ActionPlanItem.Kind.ACTION,
        "Every survivor has a safe place to stay on the day they are found",
        "Emergency bed agreement with housing providers",
        "Housing & Homelessness",
        ProgressStatus.DELAYED,
        "Agreement drafted; one provider still to sign.",
    ),
    (
        Strand.PROTECT,
        ActionPlanItem.Kind.DEVELOPMENT,
        "Support after a positive Conclusive Grounds decision",
        "",
        "",
        ProgressStatus.NOT_STARTED,
        "Too many survivors lose support when NRM support ends; a move-on pathway is needed.",
    ),
    (
        Strand.PREPARE,
        ActionPlanItem.Kind.ACTION,
        "Train frontline staff across the partnership",
        "Fifty sessions a year, at least half for non-council partners",
        "Modern Slavery Lead",
        ProgressStatus.ON_TRACK,
        "",
    ),
    (
        Strand.PREPARE,
        ActionPlanItem.Kind.SUCCESS,
        "Partnership data in one place",
        "",
        "",
        ProgressStatus.COMPLETE,
        "Cases, pathways and reports now kept in Waymark.",
    ),
]


def seed() -> None:
    today = timezone.localdate()
    rng = random.Random(20240401)  # noqa: S311 - made-up demo data, not security
    if not TrainingSession.objects.exists():
        sessions = []
        day = today - timedelta(days=730)
        while day <= today:
            topic, audience = rng.choice(TOPICS)
            sessions.append(
                TrainingSession(
                    delivered_on=day,
                    topics=topic,
                    audience_type=audience,
                    organisations=", ".join(rng.sample(ORGANISATIONS, rng.randint(1, 3))),
                    minutes=rng.choice([60, 60, 90, 90, 120, 180]),
                    attendees=rng.randint(8, 60),
                    average_rating=Decimal(rng.randint(400, 500)) / 100,
                )
            )
            day += timedelta(days=rng.randint(4, 11))
        TrainingSession.objects.bulk_create(sessions)

    first = today.year if today.month >= 4 else today.year - 1
    for start in (first - 1, first):
        year = financial_year(f"{start}-{(start + 1) % 100:02d}").code
        for strand, kind, goal, action, owner, status, note in PLAN:
            if start < first and status != ProgressStatus.COMPLETE:
                status = ProgressStatus.COMPLETE
            ActionPlanItem.objects.get_or_create(
                year=year,
                strand=strand,
                goal=goal,
                defaults={
                    "kind": kind,
                    "action": action,
                    "owner": owner,
                    "status": status,
                    "note": note,
                },
            )
