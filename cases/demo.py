"""Demo concerns and cases for ``seed_demo``: about fifty made-up cases.

The mix follows Coventry's published 2024 headlines (labour 30%, criminal 28%,
sexual 22%...; men about half of survivors), spread over the last eighteen
months, across the demo agencies, some shared, some closed, and some concerns
still waiting for triage. Every name is invented.
"""

import datetime
import random

from django.utils import timezone

from accounts.models import Agency, User
from cases.choices import (
    CaseOutcome,
    ConcernClosureReason,
    DisclosureBasis,
    Gender,
    PremisesType,
    ReferringAgencyType,
    RiskLevel,
)
from cases.models import (
    Case,
    Concern,
    ConcernSource,
    ConcernStatus,
    ExploitationSubtype,
    ExploitationType,
    Perpetrator,
    Person,
    ScreeningAnswer,
)
from cases.screening import SCREENING_KEYS
from cases.services.cases import case_close
from cases.services.common import next_reference
from cases.services.sharing import case_share
from cases.services.triage import concern_close, concern_triage_new_case
from core.choices import YesNoUnknown

CASE_COUNT = 50
WAITING_COUNT = 6

# (nationality, first names, family names)
NAMES = {
    "VN": (["Minh", "Thi Lan", "Van Duc", "Hoa", "Tuan"], ["Nguyen", "Tran", "Pham", "Le"]),
    "RO": (["Ionut", "Andreea", "Mihai", "Elena"], ["Popescu", "Ionescu", "Dumitru"]),
    "AL": (["Arben", "Elira", "Besnik"], ["Hoxha", "Krasniqi", "Shehu"]),
    "GB": (["Jordan", "Kayleigh", "Liam", "Stacey", "Ryan"], ["Smith", "Walsh", "Evans", "Price"]),
    "ER": (["Yonas", "Senait", "Dawit"], ["Tesfay", "Gebremedhin", "Haile"]),
    "IQ": (["Karwan", "Ahmed", "Rebin"], ["Mahmoud", "Aziz", "Karim"]),
    "AF": (["Farid", "Zarmina", "Habib"], ["Rahimi", "Noori", "Safi"]),
    "PL": (["Tomasz", "Agnieszka", "Piotr"], ["Kowalski", "Nowicki", "Wisniewski"]),
    "SD": (["Mohamed", "Amna"], ["Osman", "Idris"]),
    "IN": (["Harpreet", "Rajesh"], ["Singh", "Kumar"]),
}
NATIONALITY_WEIGHTS = {
    "GB": 20,
    "VN": 12,
    "RO": 10,
    "AL": 8,
    "IQ": 6,
    "AF": 6,
    "ER": 6,
    "PL": 6,
    "SD": 4,
    "IN": 4,
}
EXPLOITATION_WEIGHTS = {
    "Labour": 30,
    "Criminal": 28,
    "Sexual": 22,
    "Financial": 4,
    "Domestic servitude": 4,
    "Other": 6,
    "Unknown": 6,
}
WARDS = ["Foleshill", "Radford", "St Michael's", "Hillfields", "Longford", "Earlsdon", "Binley"]
PREMISES = {
    "Labour": [PremisesType.CAR_WASH, PremisesType.FACTORY, PremisesType.CONSTRUCTION],
    "Criminal": [PremisesType.CANNABIS_FARM, PremisesType.PRIVATE_HOUSE, PremisesType.HMO],
    "Sexual": [PremisesType.BROTHEL, PremisesType.NAIL_BAR, PremisesType.HMO],
    "Domestic servitude": [PremisesType.PRIVATE_HOUSE],
}
STREETS = [
    "Foleshill Road",
    "Stoney Stanton Road",
    "Walsgrave Road",
    "Far Gosford Street",
    "Holbrooks Lane",
]
STORIES = {
    "Labour": "Workers at a {premises} seen arriving in one van before 6am and leaving after 10pm; "
    "one said his boss keeps his passport.",
    "Criminal": "Young man found at an address in {ward} during a drugs warrant; says he owes a "
    "debt for his travel and cannot leave.",
    "Sexual": "Woman presented at A&E with injuries; another woman answered every question for her "
    "and would not leave the room.",
    "Financial": "Vulnerable adult's bank account used by a 'friend'; benefits withdrawn on the "
    "day they arrive.",
    "Domestic servitude": "Neighbour reports a woman who cleans and cooks for a family all day "
    "and is never seen outside alone.",
    "Other": "Concern raised by a housing officer about several men living in one room.",
    "Unknown": "Anonymous report of people being dropped off at a house late at night.",
}


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _demo_concern(rng, *, index, agencies, reporters, submitted_at) -> Concern:
    exploitation = _weighted(rng, EXPLOITATION_WEIGHTS)
    nationality = _weighted(rng, NATIONALITY_WEIGHTS)
    first_names, family_names = NAMES[nationality]
    public = index % 9 == 0
    reporter = None if public else rng.choice(reporters)
    ward = rng.choice(WARDS)
    premises = rng.choice(PREMISES.get(exploitation, [PremisesType.UNKNOWN]))
    concern = Concern.objects.create(
        reference=next_reference(prefix="CN", on=submitted_at.date()),
        source=ConcernSource.PUBLIC if public else ConcernSource.PROFESSIONAL,
        status=ConcernStatus.AWAITING_TRIAGE,
        reported_by=reporter,
        reporting_agency=reporter.agency if reporter else None,
        referring_agency_type=(
            ReferringAgencyType.PUBLIC if public else _referring_type(reporter.agency)
        ),
        what_happened=STORIES[exploitation].format(
            premises=PremisesType(premises).label.lower(), ward=ward
        ),
        location_description=f"{rng.randint(2, 240)} {rng.choice(STREETS)}",
        premises_type=premises,
        ward=ward,
        is_emergency=YesNoUnknown.NO,
        adult_at_risk=rng.choice([YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN]),
        needs_accommodation=rng.choice([YesNoUnknown.YES, YesNoUnknown.UNKNOWN]),
        submitted_at=submitted_at,
    )
    concern.exploitation_types.add(ExploitationType.objects.get(name=exploitation))
    subtypes = list(ExploitationSubtype.objects.filter(exploitation_type__name=exploitation))
    if subtypes:
        concern.exploitation_subtypes.add(rng.choice(subtypes))
    if rng.random() < 0.85:  # some cases are about a place with no named victim
        gender = _weighted(rng, {Gender.MALE: 48, Gender.FEMALE: 27, Gender.NOT_RECORDED: 25})
        born = rng.random() < 0.6
        person = Person.objects.create(
            first_name=rng.choice(first_names),
            last_name=rng.choice(family_names),
            gender=gender,
            nationalities=[nationality],
            date_of_birth=(
                datetime.date(rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28))
                if born
                else None
            ),
            estimated_age=None if born else rng.randint(18, 55),
            interpreter_needed=YesNoUnknown.NO if nationality == "GB" else YesNoUnknown.YES,
            disability_or_health_condition=rng.choice(list(YesNoUnknown)),
            pregnant=YesNoUnknown.YES
            if gender == Gender.FEMALE and rng.random() < 0.1
            else YesNoUnknown.UNKNOWN,
            care_experienced=rng.choice([YesNoUnknown.YES, YesNoUnknown.NO, YesNoUnknown.UNKNOWN]),
        )
        concern.people.add(person)
    if rng.random() < 0.4:
        concern.perpetrators.add(
            Perpetrator.objects.create(
                first_name=rng.choice(["Marek", "Dritan", "Gary", "Sorin", "Ali"]),
                gender=Gender.MALE,
                nationalities=[rng.choice(list(NAMES))],
                role=rng.choice(["controller", "employer", "recruiter", "landlord"]),
            )
        )
    for key in rng.sample(SCREENING_KEYS, 5):
        ScreeningAnswer.objects.create(
            concern=concern,
            question=key,
            answer=rng.choice([YesNoUnknown.YES, YesNoUnknown.UNKNOWN]),
        )
    return concern


def _referring_type(agency: Agency) -> str:
    by_type = {
        "police": ReferringAgencyType.POLICE,
        "nhs": ReferringAgencyType.NHS,
        "voluntary": ReferringAgencyType.VOLUNTARY,
        "government": ReferringAgencyType.GOVERNMENT,
    }
    if agency.agency_type == "local_authority":
        return (
            ReferringAgencyType.LA_ADULT_SOCIAL_CARE
            if "Adult Social Care" in agency.name
            else ReferringAgencyType.LA_OTHER
        )
    return by_type.get(agency.agency_type, ReferringAgencyType.OTHER)


def seed() -> None:
    if Case.objects.exists() or Concern.objects.exists():
        return  # demo records are made once; agencies and users above are refreshed
    rng = random.Random(2026)  # noqa: S311 - made-up demo data, not security
    lead = User.objects.get(username="lead")
    reporters = list(
        User.objects.filter(
            username__in=["police", "council.asc", "charity", "nhs"]
        ).select_related("agency")
    )
    agencies = list(Agency.objects.filter(is_active=True))
    now = timezone.now()
    housing = Agency.objects.get(name="Coventry City Council - Housing & Homelessness")
    police = Agency.objects.get(
        name="West Midlands Police - Serious Organised Crime & Exploitation"
    )
    charity = Agency.objects.get(name="Adavu")
    total = CASE_COUNT + WAITING_COUNT + 3
    for index in range(total):
        submitted_at = now - datetime.timedelta(days=(total - index) * 9, hours=rng.randint(0, 20))
        concern = _demo_concern(
            rng, index=index, agencies=agencies, reporters=reporters, submitted_at=submitted_at
        )
        if index >= CASE_COUNT + 3:
            continue  # the newest few wait for triage
        if index in (7, 19, 33):
            concern_close(
                actor=lead, concern=concern, reason=rng.choice(ConcernClosureReason.values)
            )
            continue
        chosen = rng.sample([housing, police, charity], k=rng.randint(0, 2))
        case = concern_triage_new_case(
            actor=lead,
            concern=concern,
            agencies=chosen,
            # Nobody named has consented yet when the Lead triages: the basis is recorded.
            lawful_basis=DisclosureBasis.SAFEGUARDING,
            basis_reason="Multi-agency safeguarding of a possible victim of modern slavery",
            risk_level=_weighted(
                rng,
                {
                    RiskLevel.HIGH: 25,
                    RiskLevel.MEDIUM: 45,
                    RiskLevel.LOW: 20,
                    RiskLevel.UNKNOWN: 10,
                },
            ),
        )
        # Never a second share for an agency that already has access.
        if index % 11 == 3 and (extra := rng.choice(agencies)) not in [
            *chosen,
            concern.reporting_agency,
        ]:
            case_share(
                actor=lead,
                case=case,
                agency=extra,
                reason="Joint visit planned",
                ends_on=timezone.localdate() + datetime.timedelta(days=14),
            )
        if submitted_at < now - datetime.timedelta(days=150) and rng.random() < 0.5:
            case_close(
                actor=lead,
                case=case,
                outcomes=rng.sample(CaseOutcome.values, k=rng.randint(1, 2)),
                closed_on=(submitted_at + datetime.timedelta(days=rng.randint(20, 90))).date(),
            )
