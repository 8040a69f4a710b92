"""Demo partnership history, training sessions and a 4P action plan, for
``seed_demo``. Idempotent."""

import csv
import io
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from accounts.demo import ADULT_SOCIAL_CARE, COMMUNITY_SAFETY, POLICE_SOCEX
from accounts.models import User
from cases.models import Case, Person
from cases.services.importing import import_cases
from cases.services.importing.columns import COLUMNS
from core.errors import ServiceError
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
    seed_history(today)
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


# --- The partnership's earlier case spreadsheet -----------------------------------------
#
# Before Waymark the partnership kept one row per case in a spreadsheet. The demo
# imports a made-up one through the real import (docs/import-format.md), so the
# reports have a realistic series: about 160 cases a year from April 2024 to the
# end of the last complete quarter, in Coventry's mix (docs/domain.md section 8).

HISTORY_FILE = "cmsp-case-spreadsheet-2024-onwards.csv"
HISTORY_START = date(2024, 4, 1)
# Cases a quarter, counting those entered in Waymark in the same quarter.
QUARTER_CASES = (36, 46)


# (exploitation type, weight, sub-types with weights)
HISTORY_TYPES = [
    (
        "Labour",
        30,
        {
            "Car wash": 5,
            "Nail bar": 3,
            "Construction": 3,
            "Hospitality": 3,
            "Factory / warehouse": 3,
            "Care sector": 2,
            "Agriculture": 1,
            "": 4,
        },
    ),
    (
        "Criminal",
        28,
        {
            "County lines": 6,
            "Cuckooing": 4,
            "Cannabis cultivation": 3,
            "Shoplifting / theft": 2,
            "Forced begging": 1,
            "Money muling": 1,
            "": 2,
        },
    ),
    ("Sexual", 22, {"Sex work / brothel": 5, "Online sexual exploitation": 2, "": 3}),
    ("Financial", 4, {"Mate crime": 1, "": 1}),
    ("Domestic servitude", 4, {"Forced marriage": 1, "": 3}),
    ("Other", 4, {"": 1}),
    ("", 8, {"": 1}),  # not recorded: imported as Unknown
]
# (nationality cell, weight, survivor names: (first names, family names))
HISTORY_NATIONALITIES = [
    (
        "British",
        20,
        (
            [
                "Jordan",
                "Kayleigh",
                "Callum",
                "Shannon",
                "Reece",
                "Chloe",
                "Aaron",
                "Jade",
                "Connor",
                "Leanne",
            ],
            ["Smith", "Walsh", "Evans", "Price", "Barker", "Doyle", "Hughes", "Ahmed"],
        ),
    ),
    (
        "Vietnamese",
        5,
        (
            ["Minh", "Thi Lan", "Van Duc", "Hoa", "Tuan", "Quang", "Ngoc Anh"],
            ["Nguyen", "Tran", "Pham", "Le", "Hoang", "Vu"],
        ),
    ),
    (
        "Iraqi",
        5,
        (
            ["Karwan", "Rebin", "Shilan", "Dilan", "Hawre"],
            ["Mahmoud", "Aziz", "Karim", "Rasul", "Omer"],
        ),
    ),
    (
        "Afghan",
        5,
        (
            ["Farid", "Zarmina", "Habib", "Wahid", "Nazanin"],
            ["Rahimi", "Noori", "Safi", "Ahmadzai", "Stanekzai"],
        ),
    ),
    (
        "Eritrean",
        5,
        (
            ["Yonas", "Senait", "Dawit", "Merhawit", "Filmon"],
            ["Tesfay", "Gebremedhin", "Haile", "Berhe", "Kidane"],
        ),
    ),
    (
        "Romanian",
        6,
        (
            ["Ionut", "Andreea", "Mihai", "Elena", "Florin"],
            ["Popescu", "Ionescu", "Dumitru", "Stan"],
        ),
    ),
    ("Albanian", 5, (["Arben", "Elira", "Besnik", "Dritan"], ["Hoxha", "Krasniqi", "Shehu"])),
    ("Sudanese", 4, (["Mohamed", "Amna", "Osman", "Hiba"], ["Idris", "Abdalla", "Elamin"])),
    (
        "Polish",
        3,
        (
            ["Tomasz", "Agnieszka", "Piotr", "Krzysztof"],
            ["Kowalski", "Nowicki", "Wisniewski", "Zielinski"],
        ),
    ),
    (
        "Indian",
        3,
        (["Harpreet", "Rajesh", "Gurpreet", "Sunita"], ["Singh", "Kumar", "Kaur", "Patel"]),
    ),
    (
        "Nigerian",
        3,
        (["Chidi", "Blessing", "Emeka", "Funmi"], ["Okafor", "Adebayo", "Eze", "Okonkwo"]),
    ),
    ("Chinese", 2, (["Wei", "Li Na", "Jun"], ["Zhang", "Chen", "Liu"])),
    ("Iranian", 2, (["Reza", "Shirin", "Arash"], ["Hosseini", "Karimi", "Moradi"])),
    ("Bulgarian", 2, (["Georgi", "Mariya", "Ivan"], ["Petrov", "Dimitrova", "Georgiev"])),
    ("Pakistani", 2, (["Imran", "Sana", "Bilal"], ["Khan", "Hussain", "Iqbal"])),
    ("Ethiopian", 2, (["Abebe", "Tigist", "Dawit"], ["Tadesse", "Alemu", "Girma"])),
    ("Syrian", 2, (["Khaled", "Rania", "Omar"], ["Haddad", "Al-Hassan", "Darwish"])),
    ("Slovak", 2, (["Marek", "Zuzana", "Jozef"], ["Horvath", "Balog", "Kovac"])),
    (
        "",
        22,
        (
            ["Sam", "Alex", "Maria", "Ali", "Daniel", "Ana", "Adam", "Fatima", "Joseph"],
            ["Hassan", "Silva", "Novak", "Ibrahim", "Mensah", "Popa", "Rossi", "Karimi"],
        ),
    ),
]
# (referring agency type, weight, organisations)
HISTORY_REFERRERS = [
    (
        "Police",
        27,
        [
            "West Midlands Police",
            "West Midlands Police - Coventry Local Policing",
            "British Transport Police",
        ],
    ),
    ("Adult social care", 10, ["Coventry City Council - Adult Social Care"]),
    ("Housing", 9, ["Coventry City Council - Housing & Homelessness"]),
    ("Children's services", 6, ["Coventry City Council - Children's Services"]),
    ("Trading standards", 3, ["Coventry City Council - Regulatory Services"]),
    (
        "NHS",
        9,
        [
            "University Hospital Coventry & Warwickshire",
            "Coventry GP practice",
            "Coventry and Warwickshire Partnership Trust",
        ],
    ),
    (
        "Voluntary / charity",
        16,
        [
            "Adavu",
            "Hope for Justice",
            "The Salvation Army",
            "Coventry Refugee and Migrant Centre",
            "Kairos",
            "Citizens Advice Coventry",
        ],
    ),
    (
        "Government",
        7,
        ["Home Office - Immigration Enforcement", "GLAA", "Department for Work and Pensions"],
    ),
    ("Business", 3, ["Citizen Housing", "Coventry hotel", "Recruitment agency"]),
    ("Member of the public", 6, [""]),
    ("Self-referral", 2, [""]),
    ("", 2, [""]),
]
HISTORY_WARDS = [
    ("Foleshill", 9),
    ("St Michael's", 10),
    ("Radford", 5),
    ("Wyken", 2),
    ("Longford", 4),
    ("Upper Stoke", 4),
    ("Lower Stoke", 3),
    ("Earlsdon", 2),
    ("Binley and Willenhall", 4),
    ("Henley", 3),
    ("Holbrook", 3),
    ("Sherbourne", 2),
    ("Whoberley", 2),
    ("Bablake", 1),
    ("Cheylesmore", 2),
    ("Westwood", 1),
    ("Wainbody", 1),
    ("Woodlands", 1),
    ("Overseas: Vietnam", 1),
    ("Overseas: Albania", 1),
    ("Overseas: Libya", 1),
    ("Overseas: Romania", 1),
    ("", 10),
]
# First Responders who made the NRM referrals; the council makes most of them.
HISTORY_RESPONDERS = [
    (COMMUNITY_SAFETY, 34),
    (ADULT_SOCIAL_CARE, 14),
    ("Coventry City Council - Housing & Homelessness", 8),
    ("Coventry City Council - Children's Services", 6),
    (POLICE_SOCEX, 14),
    ("West Midlands Police - Coventry Local Policing", 8),
    ("The Salvation Army", 8),
    ("Home Office - Immigration Enforcement", 5),
    ("Gangmasters and Labour Abuse Authority", 3),
]
HISTORY_PERPETRATOR_NATIONALITIES = [
    ("British", 30),
    ("Vietnamese", 6),
    ("Romanian", 6),
    ("Albanian", 6),
    ("Iraqi", 3),
    ("Chinese", 3),
    ("Pakistani", 3),
    ("Polish", 2),
    ("Indian", 3),
    ("Nigerian", 2),
    ("", 36),
]


def _pick(rng: random.Random, options):
    """One item of ``(value, weight, ...)`` tuples, by weight."""
    return rng.choices(options, weights=[option[1] for option in options])[0]


def _quarter_starts(today: date) -> list[date]:
    """The first day of each quarter from HISTORY_START to the last complete one."""
    starts, start = [], HISTORY_START
    while (end := _next_quarter(start)) <= today:
        starts.append(start)
        start = end
    return starts


def _next_quarter(start: date) -> date:
    month = start.month + 3
    return date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def _cell(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _history_row(rng: random.Random, *, reference: str, reported: date, today: date):
    exploitation, _, subtypes = _pick(rng, HISTORY_TYPES)
    types, chosen_subtypes = [exploitation] if exploitation else [], []
    if exploitation and (subtype := _pick(rng, list(subtypes.items()))[0]):
        chosen_subtypes.append(subtype)
    if exploitation in ("Criminal", "Labour") and rng.random() < 0.08:
        types.append("Sexual" if exploitation == "Criminal" else "Financial")
    nationality, _, names = _pick(rng, HISTORY_NATIONALITIES)
    gender = _pick(rng, [("Male", 48), ("Female", 27), ("", 25)])[0]
    if exploitation == "Sexual" and gender == "Male" and rng.random() < 0.7:
        gender = "Female"
    age = (
        ""
        if rng.random() < 0.15
        else str(rng.choice([rng.randint(15, 17), rng.randint(18, 24)] + [rng.randint(19, 58)] * 4))
    )
    referrer_type, _, organisations = _pick(rng, HISTORY_REFERRERS)
    age_days = (today - reported).days
    row = {
        "reference": reference,
        "date_reported": _cell(reported),
        "referring_agency_type": referrer_type,
        "referring_agency": rng.choice(organisations),
        "survivor_gender": gender,
        "survivor_age": age,
        "survivor_nationality": nationality,
        "exploitation_types": ";".join(types),
        "exploitation_subtypes": ";".join(chosen_subtypes),
        "location_of_exploitation": _pick(rng, HISTORY_WARDS)[0],
        "perpetrator_gender": _pick(rng, [("Male", 55), ("Female", 12), ("", 33)])[0],
        "perpetrator_nationality": _pick(rng, HISTORY_PERPETRATOR_NATIONALITIES)[0],
        "disability_or_health_condition": _pick(rng, [("Yes", 18), ("No", 52), ("", 30)])[0],
        "pregnant": "Yes" if gender == "Female" and rng.random() < 0.06 else "",
        "care_experienced": _pick(rng, [("Yes", 7), ("No", 48), ("", 45)])[0],
    }
    outcomes = _history_nrm(rng, row, reported=reported, today=today)
    if age_days > 120 and rng.random() < 0.85 or age_days > 60 and rng.random() < 0.4:
        closed = min(reported + timedelta(days=rng.randint(14, 200)), today)
        row["status"], row["closed_on"] = "Closed", _cell(closed)
        outcomes += rng.sample(
            [
                "Accessed specialist support",
                "Accommodated",
                "Adult safeguarding (s42) enquiry",
                "Disruption or enforcement action",
                "Perpetrator arrested or charged",
                "Referred out of area",
            ],
            k=rng.choice([0, 1, 1, 2]),
        )
        if not outcomes or rng.random() < 0.15:
            outcomes.append(
                _pick(
                    rng,
                    [
                        ("Lost contact", 4),
                        ("Declined support", 4),
                        ("No further action", 3),
                        ("Not modern slavery", 2),
                    ],
                )[0]
            )
    row["case_outcome"] = ";".join(outcomes)
    return row, names


def _history_nrm(rng: random.Random, row: dict, *, reported: date, today: date) -> list[str]:
    """Fill the NRM columns: about a quarter NRM, some Duty to Notify; returns outcomes."""
    chance = rng.random()
    if chance >= 0.40:
        return []
    submitted = min(reported + timedelta(days=rng.choice([0, 1, 2, 5, 9, 14, 28])), today)
    row["nrm_submitted_on"] = _cell(submitted)
    row["first_responder"] = _pick(rng, HISTORY_RESPONDERS)[0]
    if chance >= 0.30:
        row["nrm_route"] = "DtN"
        row["first_responder"] = rng.choice([COMMUNITY_SAFETY, POLICE_SOCEX, POLICE_SOCEX])
        return ["Duty to Notify submitted"]
    row["nrm_route"] = "NRM"
    rg_on = submitted + timedelta(days=rng.choice([3, 5, 8, 12, 16, 21, 28, 35, 49, 70]))
    if rg_on > today:
        row["rg_decision"] = "Pending"
        return ["NRM referral made"]
    row["rg_decision"] = "Negative" if rng.random() < 0.09 else "Positive"
    row["rg_decision_on"] = _cell(rg_on)
    if row["rg_decision"] == "Positive":
        cg_on = rg_on + timedelta(days=rng.randint(120, 540))
        if cg_on <= today and rng.random() < 0.9:
            row["cg_decision"] = "Negative" if rng.random() < 0.12 else "Positive"
            row["cg_decision_on"] = _cell(cg_on)
        else:
            row["cg_decision"] = "Pending"
    return ["NRM referral made"]


def history_csv(*, today: date, existing_per_quarter: dict[date, int]):
    """The made-up spreadsheet as CSV bytes, and the survivors' names by reference."""
    rng = random.Random(167)  # noqa: S311 - made-up demo data, not security
    out = io.StringIO()
    # The import's own columns, so the file follows docs/import-format.md;
    # columns the demo leaves out are written blank.
    writer = csv.DictWriter(out, fieldnames=[column.name for column in COLUMNS], restval="")
    writer.writeheader()
    names: dict[str, tuple[str, str]] = {}
    numbers: dict[int, int] = {}
    for start in _quarter_starts(today):
        end = _next_quarter(start)
        wanted = rng.randint(*QUARTER_CASES) - existing_per_quarter.get(start, 0)
        days = sorted(
            start + timedelta(days=rng.randrange((end - start).days)) for _ in range(wanted)
        )
        for reported in days:
            numbers[reported.year] = numbers.get(reported.year, 0) + 1
            reference = f"CMSP-{reported.year}-{numbers[reported.year]:04d}"
            row, (first_names, family_names) = _history_row(
                rng, reference=reference, reported=reported, today=today
            )
            writer.writerow(row)
            names[reference] = (rng.choice(first_names), rng.choice(family_names))
    return out.getvalue().encode(), names


def seed_history(today: date) -> None:
    """Import the partnership's earlier spreadsheet once, as the Lead would."""
    if Case.objects.filter(imported_from=HISTORY_FILE).exists():
        return
    existing = Counter()
    for reported in Case.objects.values_list("date_reported", flat=True):
        if reported >= HISTORY_START:
            existing[date(reported.year, (reported.month - 1) // 3 * 3 + 1, 1)] += 1
    content, names = history_csv(today=today, existing_per_quarter=existing)
    result = import_cases(
        content=content, file_name=HISTORY_FILE, actor=User.objects.get(username="lead")
    )
    if not result.written:
        raise ServiceError("The demo case spreadsheet did not import: " + str(result.errors[:3]))
    # The spreadsheet kept no names (docs/import-format.md has no name column); the
    # demo gives the imported survivors made-up ones so their case pages read naturally.
    people = list(
        Person.objects.filter(
            cases__imported_from=HISTORY_FILE, first_name="", last_name=""
        ).annotate(reference=F("cases__reference"))
    )
    for person in people:
        person.first_name, person.last_name = names[person.reference]
    Person.objects.bulk_update(people, ["first_name", "last_name"])
