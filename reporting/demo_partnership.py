"""Demo records for the annual report's newer sections, for ``seed_demo``:
ambassadors and their activity, awareness events, training feedback,
e-learning, the Transition Panel, case studies, and survivors' ethnic groups
and dependent children. Each part is made once (idempotent)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Agency, User
from cases.choices import Ethnicity
from cases.models import Case, DependentChild, Person
from pathways.services import pathway_start
from reporting.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorActivityKind,
    AwarenessEvent,
    CaseStudy,
    ElearningCompletion,
    EventKind,
    TrainingFeedbackAnswer,
    TrainingSession,
    TransitionPanelDiscussion,
)
from reporting.periods import financial_year_containing
from reporting.services.case_studies import case_study_save, case_study_transition

AMBASSADOR_NAMES = [
    "Amira Haddad",
    "Ben Ashworth",
    "Chloe Fenwick",
    "Darius Mensah",
    "Ewa Kowalczyk",
    "Farah Iqbal",
    "Gareth Price",
    "Hannah Osei",
    "Imran Siddiqui",
    "Jess Maloney",
    "Kieran Doyle",
    "Laura Bennett",
    "Mo Rahman",
    "Nadia Petrova",
    "Owen Clarke",
    "Priti Shah",
]
EVENTS = [
    ("Anti-Slavery Day in Broadgate", EventKind.AWARENESS_DAY, 10, 18, "The public", 320),
    ("Modern Slavery Partnership conference", EventKind.CONFERENCE, 3, 12, "Professionals", 140),
    ("Modern slavery marketplace", EventKind.MARKETPLACE, 6, 5, "Professionals", 85),
    ("Car wash awareness campaign", EventKind.CAMPAIGN, 8, 1, "Businesses and drivers", 60),
    ("Community safety roadshow", EventKind.COMMUNITY, 1, 25, "Residents", 45),
]
PARTNERS = "West Midlands Police, Adavu, The Salvation Army, Coventry City Council"
QUESTIONS = [
    ("Would you recommend this training?", [("Yes", 0.93), ("No", 0.02), ("Not sure", 0.05)]),
    (
        "Confidence before (1 to 5)",
        [("1", 0.15), ("2", 0.35), ("3", 0.35), ("4", 0.12), ("5", 0.03)],
    ),
    ("Confidence after (1 to 5)", [("3", 0.05), ("4", 0.45), ("5", 0.5)]),
]
CASE_STUDIES = [
    (
        "Support after a car wash visit",
        "A man in his thirties was found living in a shipping container behind a hand car "
        "wash during a joint visit. Through an interpreter he described working twelve hours "
        "a day for a debt he could never repay. The partnership arranged safe accommodation "
        "the same evening, an NRM referral was made with his consent, and the police "
        "disrupted the business. He is now in college and working legally.",
    ),
    (
        "Cuckooing in a council flat",
        "A woman with a learning disability told her social worker that 'friends' were "
        "staying in her flat and she was frightened to go home. Adult social care, housing "
        "and the police met within two days through SERAC. She moved to a safe tenancy, and "
        "the people exploiting her were arrested.",
    ),
    (
        "A young person turning 18",
        "A 17-year-old known to children's services had been made to carry drugs between "
        "cities. The Transition Panel planned his move to adult services before his "
        "birthday, so his support did not stop when he turned 18.",
    ),
]


def _months_back(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out


def _people(rng: random.Random) -> None:
    """Ethnic groups, from nationality, and dependent children for about one
    survivor in five, as a worker would have recorded them."""
    if DependentChild.objects.exists():
        return
    people = list(Person.objects.filter(ethnicity=Ethnicity.NOT_RECORDED).order_by("pk"))
    by_nationality = {
        "GB": [Ethnicity.WHITE] * 7 + [Ethnicity.ASIAN, Ethnicity.BLACK, Ethnicity.MIXED],
        "VN": [Ethnicity.ASIAN],
        "CN": [Ethnicity.ASIAN],
        "IN": [Ethnicity.ASIAN],
        "PK": [Ethnicity.ASIAN],
        "ER": [Ethnicity.BLACK],
        "SD": [Ethnicity.BLACK, Ethnicity.OTHER],
        "NG": [Ethnicity.BLACK],
        "AL": [Ethnicity.WHITE],
        "RO": [Ethnicity.WHITE],
        "PL": [Ethnicity.WHITE],
    }
    for person in people:
        choices = by_nationality.get(
            (person.nationalities or ["??"])[0],
            [Ethnicity.WHITE, Ethnicity.OTHER, Ethnicity.NOT_RECORDED],
        )
        person.ethnicity = rng.choice(choices)
    Person.objects.bulk_update(people, ["ethnicity"])
    children = []
    for person in people:
        if rng.random() < 0.2:
            abroad = rng.random() < 0.4
            for _ in range(rng.choice([1, 1, 2, 3])):
                children.append(
                    DependentChild(
                        person=person,
                        age=rng.choice([None, *range(0, 17)]),
                        in_uk="no" if abroad else "yes",
                        known_to_childrens_services=(
                            "yes" if not abroad and rng.random() < 0.3 else "unknown"
                        ),
                    )
                )
    DependentChild.objects.bulk_create(children)


def _ambassadors(rng: random.Random, today: date) -> None:
    if Ambassador.objects.exists():
        return
    # Ambassadors cluster in the agencies that ask for them.
    agencies = list(
        Agency.objects.filter(
            name__in=[
                "Coventry City Council - Housing & Homelessness",
                "Citizen Housing",
                "NHS - University Hospital Coventry & Warwickshire",
                "West Midlands Fire Service",
            ]
        ).order_by("name")
    )
    lead = User.objects.get(username="lead")
    ambassadors = []
    for index, name in enumerate(AMBASSADOR_NAMES):
        trained = today - timedelta(days=rng.randint(420, 1000))
        refreshed = trained + timedelta(days=365) if (today - trained).days > 400 else None
        ambassadors.append(
            Ambassador(
                name=name,
                agency=agencies[
                    [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3][index] % len(agencies)
                ],
                trained_on=trained,
                refreshed_on=refreshed,
                created_by=lead,
            )
        )
    # The demo ambassador sign-in is on the register too.
    ambassador_user = User.objects.filter(username="ambassador").first()
    if ambassador_user:
        ambassadors.append(
            Ambassador(
                name=ambassador_user.get_full_name(),
                agency=ambassador_user.agency,
                user=ambassador_user,
                trained_on=today - timedelta(days=500),
                refreshed_on=today - timedelta(days=120),
                created_by=lead,
            )
        )
    Ambassador.objects.bulk_create(ambassadors)
    activity = []
    for ambassador in Ambassador.objects.all():
        day = ambassador.trained_on + timedelta(days=rng.randint(10, 60))
        while day <= today:
            people = rng.randint(6, 40)
            activity.append(
                AmbassadorActivity(
                    ambassador=ambassador,
                    done_on=day,
                    kind=rng.choice(AmbassadorActivityKind.values),
                    sessions=rng.choice([1, 1, 1, 2]),
                    people_reached=people,
                    average_rating=rng.choice([None, *[x / 20 for x in range(92, 101)]]),
                    created_by=lead,
                )
            )
            day += timedelta(days=rng.randint(45, 120))
    AmbassadorActivity.objects.bulk_create(activity)


def _events(today: date) -> None:
    if AwarenessEvent.objects.exists():
        return
    events = []
    for years_ago in (2, 1, 0):
        for name, kind, month, day, audience, attendees in EVENTS:
            held = date(today.year - years_ago, month, day)
            if held <= today:
                events.append(
                    AwarenessEvent(
                        name=name,
                        held_on=held,
                        kind=kind,
                        audience=audience,
                        attendees=attendees + 10 * (2 - years_ago),
                        partners=PARTNERS,
                    )
                )
    AwarenessEvent.objects.bulk_create(events)


def _feedback(rng: random.Random) -> None:
    """Rating distributions and answers on most sessions, near the partnership's
    4.65 average."""
    if TrainingFeedbackAnswer.objects.exists():
        return
    sessions = list(TrainingSession.objects.all())
    answers = []
    for session in sessions:
        if rng.random() < 0.15:
            continue
        forms = max(1, int(session.attendees * rng.uniform(0.6, 0.95)))
        fives = int(forms * rng.uniform(0.55, 0.8))
        fours = int((forms - fives) * 0.8)
        threes = forms - fives - fours
        session.ratings_5, session.ratings_4, session.ratings_3 = fives, fours, threes
        session.ratings_2 = session.ratings_1 = 0
        mean = (5 * fives + 4 * fours + 3 * threes) / forms
        session.average_rating = round(mean, 2)
        for question, shares in QUESTIONS:
            remaining = forms
            for index, (answer, share) in enumerate(shares):
                count = remaining if index == len(shares) - 1 else round(forms * share)
                count = max(0, min(count, remaining))
                remaining -= count
                answers.append(
                    TrainingFeedbackAnswer(
                        session=session, question=question, answer=answer, responses=count
                    )
                )
    TrainingSession.objects.bulk_update(
        sessions,
        ["ratings_1", "ratings_2", "ratings_3", "ratings_4", "ratings_5", "average_rating"],
    )
    TrainingFeedbackAnswer.objects.bulk_create(answers)


def _elearning(rng: random.Random, today: date) -> None:
    if ElearningCompletion.objects.exists():
        return
    agencies = list(Agency.objects.filter(is_active=True).order_by("name")[:12])
    ElearningCompletion.objects.bulk_create(
        ElearningCompletion(
            agency=agency,
            course="Modern slavery awareness (e-learning)",
            month=month,
            completions=rng.randint(0, 14),
        )
        for month in _months_back(today, 24)
        for agency in agencies
    )


def _transition_panel(rng: random.Random, today: date) -> None:
    if TransitionPanelDiscussion.objects.exists():
        return
    # Young survivors (17 or 18 when reported) are the panel's cases; most are
    # put on the Transition to Adulthood pathway, as children's services would.
    lead = User.objects.get(username="lead")
    young = list(
        Case.objects.filter(case_people__person__estimated_age__in=[17, 18]).order_by(
            "-date_reported"
        )[:30]
    ) or list(Case.objects.order_by("-date_reported")[:12])
    for index, case in enumerate(young):
        if index % 4 != 3:
            # 4.8 is timed from the 18th birthday: the young person needs a date of birth.
            for person in Person.objects.filter(
                cases=case, date_of_birth__isnull=True, estimated_age__in=[17, 18]
            ):
                born = case.date_reported - timedelta(
                    days=365 * person.estimated_age + rng.randint(30, 300)
                )
                Person.objects.filter(pk=person.pk).update(date_of_birth=born)
            pathway_start(
                actor=lead,
                case=case,
                pathway_key="transition_to_adulthood",
                date_of_birth_unknown=True,  # the fallback cases have no young person
            )
    young = [case.pk for case in young]
    childrens = Agency.objects.filter(name__icontains="Children's Services").first()
    discussions = []
    for month in _months_back(today, 24):
        panel = month + timedelta(days=14)
        if panel > today:
            continue
        for index in range(rng.randint(1, 4)):
            case_id = rng.choice(young) if young and rng.random() < 0.6 else None
            discussions.append(
                TransitionPanelDiscussion(
                    discussed_on=panel,
                    case_id=case_id,
                    reference="" if case_id else f"CS-{panel:%y%m}-{index + 1:02d}",
                    agency=childrens,
                )
            )
    TransitionPanelDiscussion.objects.bulk_create(discussions)


def _case_studies(today: date) -> None:
    if CaseStudy.objects.exists():
        return
    lead = User.objects.get(username="lead")
    chair = User.objects.get(username="chair")
    cases = list(Case.objects.order_by("-date_reported")[:3])
    this_year = financial_year_containing(today)
    last_year = this_year.previous().code
    # Two approved for last year's annual report; one waiting for the chair.
    for (title, text), case, approve, year in zip(
        CASE_STUDIES,
        cases,
        (True, True, False),
        (last_year, last_year, this_year.code),
        strict=False,
    ):
        study = case_study_save(actor=lead, case=case, year=year, title=title, text=text)
        study = case_study_transition(actor=lead, study=study, move="submit", anonymised=True)
        if approve:
            case_study_transition(actor=chair, study=study, move="approve")


def seed() -> None:
    today = timezone.localdate()
    rng = random.Random(2526)  # noqa: S311 - made-up demo data, not security
    _people(rng)
    _ambassadors(rng, today)
    _events(today)
    _feedback(rng)
    _elearning(rng, today)
    _transition_panel(rng, today)
    _case_studies(today)
