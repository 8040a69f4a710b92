"""Synthetic load data for benchmarks: realistic volumes, made quickly.

Cases spread over the last three years, each with a survivor (most), exploitation
types and sub-types, a location, perhaps a suspected perpetrator, the raising
agency's share and its guardian permission, pathway steps, NRM episodes and
SERAC referrals, meetings, agenda items and actions. Everything goes in with
``bulk_create`` in batches; nothing is loaded back. Every name is made up
(first and last names drawn from lists), and references start ``LD-`` so the data is
easy to spot.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Agency, AgencyType, User
from cases.choices import CaseOutcome, Gender, PremisesType, ReferringAgencyType, RiskLevel
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CasePerpetrator,
    CasePerson,
    CaseShare,
    CaseStatus,
    ExploitationSubtype,
    ExploitationType,
    Location,
    Perpetrator,
    Person,
    ShareKind,
)
from core.choices import YesNoUnknown
from pathways.definitions import PATHWAYS
from pathways.models import CasePathway

BATCH = 5000
NATIONALITIES = (
    ["GB"] * 20
    + ["VN"] * 6
    + ["AL"] * 5
    + ["IQ"] * 4
    + ["ER"] * 4
    + ["AF"] * 4
    + [
        "RO",
        "PL",
        "SD",
        "CN",
        "NG",
        "IN",
        "BG",
        "SK",
    ]
)
# Made-up names from several languages, combined at random, so name search is
# measured against realistic spread rather than one repeated word.
FIRST_NAMES = (  # noqa: SIM905 - a word list reads better than a column
    "Adam Ahmed Aisha Ali Amira Ana Andrei Anh Bao Daniel Dawit Elena Emma Fatima "
    "Florin Grace Hassan Hoa Ion Ioana James Jan Kateryna Khalid Lan Linh Maria "
    "Mariam Mateusz Mihai Minh Mohammed Nadia Olga Omar Petra Piotr Rahel Robert "
    "Ruta Samir Sara Tomasz Thanh Tuan Viktor Yonas Yusuf Zainab"
).split()
LAST_NAMES = (  # noqa: SIM905 - a word list reads better than a column
    "Abdi Ahmadi Ali Bakr Bogdan Brown Chen Ciobanu Dang Dumitru Evans Farah Ghebre "
    "Haile Hoang Hussain Ivanova Jones Kaur Khan Kowalski Le Lungu Mahmoud Mensah "
    "Mirza Mohammadi Nguyen Nowak Okafor Patel Pham Popescu Rahimi Rossi Said Shah "
    "Singh Smith Taylor Tesfay Tran Vasile Vu Walker Williams Wisniewski Yilmaz "
    "Zielinski"
).split()
WARDS = ["Foleshill", "Hillfields", "St Michael's", "Binley", "Earlsdon", "Longford", "Radford"]
TYPE_WEIGHTS = {
    "Labour": 30,
    "Criminal": 28,
    "Sexual": 22,
    "Financial": 4,
    "Domestic servitude": 4,
    "Other": 6,
    "Unknown": 6,
}
LOAD_AGENCIES = [
    ("Load - Police", AgencyType.POLICE, True),
    ("Load - Council", AgencyType.LOCAL_AUTHORITY, True),
    ("Load - NHS Trust", AgencyType.NHS, False),
    ("Load - Charity", AgencyType.VOLUNTARY, False),
    ("Load - Housing Association", AgencyType.OTHER, False),
]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Generator:
    def __init__(
        self,
        *,
        seed: int = 1,
        start: date | None = None,
        end: date | None = None,
        report: Callable[[str], None] = print,
    ):
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.today = timezone.localdate()
        self.end = end or self.today
        self.start = start or self.end - timedelta(days=3 * 365)
        if self.end < self.start:
            raise ValueError("The end date must be after the start date")
        self.report = report

    # --- Setup ---------------------------------------------------------------------------

    def _agencies(self) -> list[Agency]:
        agencies = list(Agency.objects.filter(is_active=True))
        if len(agencies) < 3:
            for name, agency_type, first_responder in LOAD_AGENCIES:
                Agency.objects.get_or_create(
                    name=name,
                    defaults={"agency_type": agency_type, "is_first_responder": first_responder},
                )
            agencies = list(Agency.objects.filter(is_active=True))
        return agencies

    def _user(self) -> User:
        user, _ = User.objects.get_or_create(
            username="load.data", defaults={"first_name": "Load", "last_name": "Data"}
        )
        if user.is_active:
            user.is_active = False  # made for the records' foreign keys; never signs in
            user.set_unusable_password()
            user.save()
        return user

    # --- Cases ---------------------------------------------------------------------------

    def make(self, count: int) -> dict:
        agencies = self._agencies()
        self.user = self._user()
        self.types = {t.name: t for t in ExploitationType.objects.all()}
        self.subtypes = {}
        for subtype in ExploitationSubtype.objects.select_related("exploitation_type"):
            self.subtypes.setdefault(subtype.exploitation_type.name, []).append(subtype)
        self.view_case = Permission.objects.get(
            codename="view_case", content_type__app_label="cases"
        )
        start = Case.objects.filter(reference__startswith="LD-").count() + 1
        totals: dict[str, int] = {}
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            with transaction.atomic():
                made = self._batch(start + offset, size, agencies)
            for key, value in made.items():
                totals[key] = totals.get(key, 0) + value
            self.report(f"  {offset + size:,} of {count:,} cases")
        with transaction.atomic():
            totals.update(self._serac(agencies))
        # Fresh planner statistics after a bulk load, as autovacuum would in time.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return totals

    def _date(self):
        return self.start + timedelta(days=self.rng.randint(0, (self.end - self.start).days))

    def _batch(self, first: int, size: int, agencies: list[Agency]) -> dict:
        rng = self.rng
        cases = []
        for index in range(size):
            reported = self._date()
            closed = rng.random() < 0.6 and reported < self.today - timedelta(days=30)
            raised_by = rng.choice(agencies) if rng.random() < 0.8 else None
            outcomes = rng.sample(list(CaseOutcome.values), rng.randint(1, 2)) if closed else []
            cases.append(
                Case(
                    reference=f"LD-{first + index:07d}",
                    status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                    summary="Synthetic case for load testing.",
                    risk_level=rng.choice(RiskLevel.values),
                    date_reported=reported,
                    referring_agency_type=rng.choice(ReferringAgencyType.values),
                    raised_by_agency=raised_by,
                    outcomes=outcomes,
                    closed_on=reported + timedelta(days=rng.randint(5, 25)) if closed else None,
                    imported_from="generate_load_data",
                    created_by=self.user,
                )
            )
        Case.objects.bulk_create(cases, batch_size=BATCH)

        people, perpetrators, locations, shares, perms, pathways = [], [], [], [], [], []
        type_links, subtype_links = [], []
        TypeLink = Case.exploitation_types.through
        SubtypeLink = Case.exploitation_subtypes.through
        pathway_keys = list(PATHWAYS)
        now = timezone.now()
        for case in cases:
            if rng.random() < 0.9:
                people.append(
                    Person(
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        gender=rng.choices(
                            [Gender.MALE, Gender.FEMALE, Gender.OTHER, Gender.NOT_RECORDED],
                            weights=[48, 27, 1, 24],
                        )[0],
                        estimated_age=rng.randint(14, 70) if rng.random() < 0.8 else None,
                        nationalities=[rng.choice(NATIONALITIES)] if rng.random() < 0.75 else [],
                        disability_or_health_condition=rng.choice(YesNoUnknown.values),
                        pregnant=YesNoUnknown.YES if rng.random() < 0.03 else YesNoUnknown.UNKNOWN,
                        care_experienced=rng.choice(YesNoUnknown.values),
                    )
                )
            else:
                people.append(None)
            names = {_weighted(rng, TYPE_WEIGHTS)}
            if rng.random() < 0.15:
                names.add(_weighted(rng, TYPE_WEIGHTS))
            for name in names:
                if name in self.types:
                    type_links.append(TypeLink(case=case, exploitationtype=self.types[name]))
                    options = self.subtypes.get(name)
                    if options and rng.random() < 0.6:
                        subtype_links.append(
                            SubtypeLink(case=case, exploitationsubtype=rng.choice(options))
                        )
            if rng.random() < 0.8:
                overseas = rng.random() < 0.1
                locations.append(
                    Location(
                        case=case,
                        premises_type=rng.choice(PremisesType.values),
                        ward="" if overseas else rng.choice(WARDS),
                        is_overseas=overseas,
                        country=rng.choice(["VN", "AL", "RO"]) if overseas else "",
                    )
                )
            if rng.random() < 0.5:
                perpetrators.append(
                    (
                        case,
                        Perpetrator(
                            description="Synthetic suspect",
                            gender=rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE]),
                            nationalities=[rng.choice(NATIONALITIES)],
                        ),
                    )
                )
            if case.raised_by_agency and case.raised_by_agency.group_id:
                shares.append(
                    CaseShare(
                        case=case,
                        agency=case.raised_by_agency,
                        kind=ShareKind.RAISED,
                        reason="Raised the concern",
                    )
                )
                perms.append(
                    CaseGroupObjectPermission(
                        group_id=case.raised_by_agency.group_id,
                        permission=self.view_case,
                        content_object=case,
                    )
                )
            for key in rng.sample(pathway_keys, rng.randint(1, 3)):
                pathway = PATHWAYS[key]
                done = case.status == CaseStatus.CLOSED or rng.random() < 0.5
                due = case.date_reported + timedelta(days=rng.randint(1, 60))
                pathways.append(
                    CasePathway(
                        case=case,
                        pathway_key=key,
                        state_key=pathway.initial,
                        entered_state_at=now - timedelta(days=rng.randint(0, 90)),
                        due_on=None if done else due,
                        responsible_agency=case.raised_by_agency,
                        completed_at=now if done else None,
                    )
                )

        Person.objects.bulk_create([p for p in people if p], batch_size=BATCH)
        CasePerson.objects.bulk_create(
            [CasePerson(case=c, person=p) for c, p in zip(cases, people, strict=True) if p],
            batch_size=BATCH,
        )
        TypeLink.objects.bulk_create(type_links, batch_size=BATCH, ignore_conflicts=True)
        SubtypeLink.objects.bulk_create(subtype_links, batch_size=BATCH, ignore_conflicts=True)
        Location.objects.bulk_create(locations, batch_size=BATCH)
        Perpetrator.objects.bulk_create([p for _, p in perpetrators], batch_size=BATCH)
        CasePerpetrator.objects.bulk_create(
            [CasePerpetrator(case=c, perpetrator=p) for c, p in perpetrators], batch_size=BATCH
        )
        CaseShare.objects.bulk_create(shares, batch_size=BATCH)
        CaseGroupObjectPermission.objects.bulk_create(
            perms, batch_size=BATCH, ignore_conflicts=True
        )
        CasePathway.objects.bulk_create(pathways, batch_size=BATCH)
        made = {
            "cases": len(cases),
            "people": sum(1 for p in people if p),
            "locations": len(locations),
            "perpetrators": len(perpetrators),
            "shares": len(shares),
            "pathway steps": len(pathways),
        }
        made.update(self._nrm(cases, people, agencies))
        return made

    # --- NRM and SERAC, from the apps that own them ------------------------------------------

    def _nrm(self, cases, people, agencies) -> dict:
        try:
            from referrals.models import CgDecision, EpisodeState, NrmEpisode, NrmRoute, RgDecision
        except ImportError:
            return {}
        rng = self.rng
        responders = [a for a in agencies if a.is_first_responder] or agencies
        episodes = []
        for case, person in zip(cases, people, strict=True):
            if person is None or rng.random() > 0.45:
                continue
            agency = rng.choice(responders)
            submitted = case.date_reported + timedelta(days=rng.randint(0, 20))
            if rng.random() < 0.2:
                episodes.append(
                    NrmEpisode(
                        case=case,
                        person=person,
                        route=NrmRoute.DTN,
                        state=EpisodeState.DTN_SUBMITTED,
                        first_responder_agency=agency,
                        first_responder_type=agency.agency_type,
                        submitted_on=submitted,
                    )
                )
                continue
            rg = cg = ""
            rg_on = cg_on = None
            state = EpisodeState.AWAITING_RG
            if submitted + timedelta(days=45) < self.today and rng.random() < 0.85:
                rg = RgDecision.POSITIVE if rng.random() < 0.8 else RgDecision.NEGATIVE
                rg_on = submitted + timedelta(days=rng.randint(5, 45))
                state = (
                    EpisodeState.AWAITING_CG
                    if rg == RgDecision.POSITIVE
                    else EpisodeState.RG_NEGATIVE
                )
                if rg == RgDecision.POSITIVE and rg_on + timedelta(days=400) < self.today:
                    cg = rng.choice(
                        [
                            CgDecision.POSITIVE_TRAFFICKING,
                            CgDecision.POSITIVE_SLAVERY,
                            CgDecision.NEGATIVE,
                        ]
                    )
                    cg_on = rg_on + timedelta(days=rng.randint(60, 400))
                    state = EpisodeState.EXITED
            episodes.append(
                NrmEpisode(
                    case=case,
                    person=person,
                    route=NrmRoute.NRM,
                    state=state,
                    first_responder_agency=agency,
                    first_responder_type=agency.agency_type,
                    submitted_on=submitted,
                    rg_decision=rg,
                    rg_decision_on=rg_on,
                    cg_decision=cg,
                    cg_decision_on=cg_on,
                )
            )
        NrmEpisode.objects.bulk_create(episodes, batch_size=BATCH)
        return {"NRM episodes": len(episodes)}

    def _serac(self, agencies) -> dict:
        try:
            from serac.models import (
                ActionStatus,
                AgendaItem,
                AgendaKind,
                MeetingStatus,
                ReferralStatus,
                SeracAction,
                SeracMeeting,
                SeracReferral,
            )
        except ImportError:
            return {}
        rng = self.rng
        tz = timezone.get_current_timezone()
        meetings = []
        day = self.start
        while day <= self.end:
            meetings.append(
                SeracMeeting(
                    starts_at=datetime.combine(day, time(10, 0), tzinfo=tz),
                    place="Council House",
                    chair=self.user,
                    status=MeetingStatus.HELD,
                    confidentiality_agreed=True,
                )
            )
            day += timedelta(days=28)
        SeracMeeting.objects.bulk_create(meetings)
        # About 3% of cases go to SERAC: pick them in SQL, not by loading every case.
        per_meeting = max(
            1,
            Case.objects.filter(reference__startswith="LD-").count() // 33 // max(1, len(meetings)),
        )
        referrals, items, actions = [], [], []
        for meeting in meetings:
            window_start = meeting.starts_at.date() - timedelta(days=28)
            picks = list(
                Case.objects.filter(
                    reference__startswith="LD-",
                    date_reported__gte=window_start,
                    date_reported__lt=meeting.starts_at.date(),
                ).order_by("?")[:per_meeting]
            )
            for order, case in enumerate(picks):
                agency = rng.choice(agencies)
                referral = SeracReferral(
                    case=case,
                    referring_agency=agency,
                    referred_by=self.user,
                    summary="Synthetic referral",
                    consent_given=True,
                    status=ReferralStatus.ACCEPTED,
                    is_repeat=rng.random() < 0.1,
                    referred_at=meeting.starts_at - timedelta(days=rng.randint(3, 20)),
                )
                referrals.append(referral)
                items.append((meeting, case, referral, order))
        SeracReferral.objects.bulk_create(referrals, batch_size=BATCH)
        agenda = [
            AgendaItem(
                meeting=meeting,
                case=case,
                referral=referral,
                kind=AgendaKind.REFERRAL,
                order=order,
                summary="Synthetic agenda item",
            )
            for meeting, case, referral, order in items
        ]
        AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
        for item in agenda:
            for _ in range(rng.randint(1, 3)):
                due = item.meeting.starts_at.date() + timedelta(days=rng.randint(7, 28))
                done = due < self.today and rng.random() < 0.8
                actions.append(
                    SeracAction(
                        meeting=item.meeting,
                        item=item,
                        case=item.case,
                        description="Synthetic action",
                        owner_agency=rng.choice(agencies),
                        due_on=due,
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        completed_on=due - timedelta(days=rng.randint(-5, 10)) if done else None,
                        created_by=self.user,
                    )
                )
        SeracAction.objects.bulk_create(actions, batch_size=BATCH)
        return {
            "SERAC meetings": len(meetings),
            "SERAC referrals": len(referrals),
            "SERAC actions": len(actions),
        }


def allowed() -> bool:
    """Load data is for development and benchmark databases only."""
    return bool(settings.WAYMARK_DEMO or settings.DEBUG)
