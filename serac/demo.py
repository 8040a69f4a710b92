"""Demo SERAC meetings for ``seed_demo``.

A meeting five weeks ago, held, with research, discussion, actions (some
overdue, some done) and approved minutes; an upcoming meeting whose agenda has
been circulated, with research returns in progress (police returned, the
hospital drafting, adult social care not started); a repeat referral on it;
and one referral from the charity waiting for the chair. The member agencies
are police, adult social care and the hospital; the charity is not a member.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.demo import ADAVU, ADULT_SOCIAL_CARE, POLICE_SOCEX, UHCW
from accounts.models import Agency, User
from cases.choices import RiskLevel
from cases.models import Case, CaseStatus
from serac.models import (
    ActionStatus,
    ExpectedVolume,
    MeetingStatus,
    SeracMeeting,
    SeracReferral,
    ThreatKind,
)
from serac.services import (
    action_add,
    action_update_status,
    agenda_add,
    emerging_threat_save,
    expected_volume_set,
    item_record_discussion,
    meeting_circulate,
    meeting_create,
    meeting_mark_held,
    meeting_record_attendance,
    minutes_save,
    referral_accept,
    referral_create,
    research_save,
)

REFERRAL_TEXT = {
    "police": "Found at a cannabis grow during a warrant; says he owes £18,000 for his journey "
    "and his family at home have been threatened. Went missing once from safe accommodation.",
    "council.asc": "Adult with care and support needs; a 'friend' collects her benefits and she "
    "is moved between addresses. Has disclosed being made to work unpaid.",
    "nhs": "Third A&E attendance in two months with injuries; accompanied each time by the same "
    "man who answers for her. Staff believe she is being sexually exploited.",
    "charity": "Client has been contacted again by the people who exploited him and has been "
    "offered work; he is frightened and thinking of going back.",
}


def _people():
    return {
        u.username: u for u in User.objects.filter(username__in=REFERRAL_TEXT.keys() | {"chair"})
    }


def _case_for(agency: Agency, used: set[int]) -> Case:
    """An open case the agency can see (it raised it), highest risk first."""
    candidates = (
        Case.objects.filter(status=CaseStatus.OPEN)
        .filter(Q(raised_by_agency=agency) | Q(shares__agency=agency, shares__revoked_at=None))
        .exclude(pk__in=used)
        .distinct()
    )
    case = (
        candidates.filter(risk_level=RiskLevel.HIGH).first()
        or candidates.first()
        or Case.objects.filter(status=CaseStatus.OPEN).exclude(pk__in=used).first()
    )
    used.add(case.pk)
    return case


def _person(case):
    link = case.case_people.select_related("person").first()
    return link.person if link else None


def _refer(user, case, *, days_ago: int, **criteria) -> SeracReferral:
    referral = referral_create(
        actor=user,
        case=case,
        person=_person(case),
        summary=REFERRAL_TEXT[user.username],
        consent_given=user.username != "police",
        consent_justification=""
        if user.username != "police"
        else "He is frightened to agree; sharing is needed to prevent serious harm.",
        lawful_basis="" if user.username != "police" else "safeguarding",
        criteria_high_risk=True,
        **criteria,
    )
    SeracReferral.objects.filter(pk=referral.pk).update(
        referred_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    referral.refresh_from_db()
    return referral


def seed() -> None:
    _seed_meetings()
    _seed_report_history()


def _seed_meetings() -> None:
    if SeracMeeting.objects.exists():
        return
    people = _people()
    chair = people["chair"]
    police, asc, nhs = (
        Agency.objects.get(name=name) for name in (POLICE_SOCEX, ADULT_SOCIAL_CARE, UHCW)
    )
    charity = Agency.objects.get(name=ADAVU)
    members = [police, asc, nhs]
    now = timezone.localtime()
    used: set[int] = set()

    # --- The last meeting, five weeks ago ----------------------------------
    past_start = (now - datetime.timedelta(days=35)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    past = meeting_create(
        actor=chair,
        starts_at=past_start,
        place="Council House, Committee Room 3",
        video_link="https://meet.example.org/serac",
        chair=chair,
        agencies=members,
    )
    past_items = []
    for username, agency in (("police", police), ("nhs", nhs), ("council.asc", asc)):
        case = _case_for(agency, used)
        referral = _refer(people[username], case, days_ago=50, criteria_escalation=True)
        referral_accept(actor=chair, referral=referral)
        past_items.append(
            agenda_add(
                actor=chair, meeting=past, case=case, referral=referral, summary=referral.summary
            )
        )
    # The agenda went out a week before; member access has already ended.
    SeracMeeting.objects.filter(pk=past.pk).update(
        status=MeetingStatus.CIRCULATED, circulated_at=past_start - datetime.timedelta(days=7)
    )
    past.refresh_from_db()
    for item in past_items:
        for username in ("police", "council.asc", "nhs"):
            research_save(
                actor=people[username],
                item=item,
                facts=f"{people[username].agency.name} has had contact twice this year.",
                opinion="Risk remains high while the debt is owed.",
                withheld="" if username != "police" else "Details of a live investigation.",
                return_it=True,
            )
    meeting_record_attendance(
        actor=chair,
        meeting=past,
        representatives={police.pk: "DC Dan Whitmore", asc.pk: "Grace Adeyemi", nhs.pk: ""},
        apologies={nhs.pk},
        confidentiality_agreed=True,
    )
    today = timezone.localdate()
    plans = [
        (police, people["police"], "Visit the address with Housing and check on his safety.", -21),
        (nhs, people["nhs"], "Flag the record so staff see her alone at the next visit.", -14),
        (asc, people["council.asc"], "Care Act assessment and a safe place to stay.", -7),
        (police, None, "Share intelligence on the men collecting her with the GLAA.", 10),
    ]
    for index, item in enumerate(past_items):
        item_record_discussion(
            actor=chair,
            item=item,
            discussion="Agencies shared what they hold; the pattern of control is clear.",
            risks="Debt bondage; threats to family; going missing.",
            decisions="Safety plan agreed; NRM referral to be discussed with the person.",
        )
        agency, owner, what, due_in = plans[index]
        action_add(
            actor=chair,
            item=item,
            description=what,
            owner_agency=agency,
            owner=owner,
            due_on=today + datetime.timedelta(days=due_in),
        )
    last_agency, last_owner, last_what, last_due = plans[3]
    action_add(
        actor=chair,
        item=past_items[2],
        description=last_what,
        owner_agency=last_agency,
        owner=last_owner,
        due_on=today + datetime.timedelta(days=last_due),
    )
    # One done on time; the others stay open, two of them overdue.
    done = past.actions.get(owner_agency=asc)
    action_update_status(
        actor=people["council.asc"],
        action=done,
        status=ActionStatus.DONE,
        completed_on=today - datetime.timedelta(days=9),
    )
    meeting_mark_held(actor=chair, meeting=past)
    past.refresh_from_db()
    minutes_save(actor=chair, meeting=past, text=past.minutes.text, approve=True)

    # --- The next meeting, in ten days -------------------------------------
    upcoming = meeting_create(
        actor=chair,
        starts_at=(now + datetime.timedelta(days=10)).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
        place="Council House, Committee Room 3",
        video_link="https://meet.example.org/serac",
        chair=chair,
        agencies=members,
    )
    # The same person again: Waymark marks it a repeat.
    repeat = _refer(people["police"], past_items[0].case, days_ago=3)
    referral_accept(actor=chair, referral=repeat)
    agenda_add(
        actor=chair,
        meeting=upcoming,
        case=repeat.case,
        referral=repeat,
        summary="Repeat: went missing again after last month's plan.",
    )
    new_case = _case_for(asc, used)
    fresh = _refer(
        people["council.asc"], new_case, days_ago=5, criteria_significant_indicators=True
    )
    referral_accept(actor=chair, referral=fresh)
    new_item = agenda_add(
        actor=chair, meeting=upcoming, case=new_case, referral=fresh, summary=fresh.summary
    )
    agenda_add(
        actor=chair,
        meeting=upcoming,
        case=past_items[1].case,
        summary="Review: the record flag is still not in place.",
    )
    meeting_circulate(actor=chair, meeting=upcoming)
    research_save(
        actor=people["police"],
        item=new_item,
        facts="No police record of the person; the address is linked to two other cases.",
        opinion="Consistent with organised labour exploitation.",
        withheld="",
        return_it=True,
    )
    research_save(
        actor=people["nhs"],
        item=new_item,
        facts="Registered with a GP in 2025; two missed appointments.",
        opinion="",
        withheld="",
        return_it=False,
    )

    # --- Waiting for the chair ---------------------------------------------
    charity_user = people["charity"]
    _refer(charity_user, _case_for(charity, used), days_ago=1)


# Referrals over the last two years on the partnership's earlier cases, so the
# report's SERAC equality tables and volume have a year's worth to count.
HISTORY_REFERRALS_A_MONTH = (2, 4)


def _seed_report_history() -> None:
    if ExpectedVolume.objects.exists():
        return
    lead = User.objects.get(username="lead")
    chair = User.objects.get(username="chair")
    today = timezone.localdate()
    first = today.year if today.month >= 4 else today.year - 1
    for start, expected in ((first - 1, 30), (first, 36)):
        expected_volume_set(
            actor=lead, year=f"{start}-{(start + 1) % 100:02d}", expected_referrals=expected
        )
    referrers = list(
        User.objects.filter(username__in=["police", "council.asc", "nhs", "charity"]).order_by(
            "username"
        )
    )
    cases = list(
        Case.objects.filter(case_people__isnull=False, serac_referrals__isnull=True)
        .exclude(imported_from="")
        .order_by("pk")
        .distinct()[:100]
    )
    index = 0
    for months_ago in range(24, 0, -1):
        for _ in range(HISTORY_REFERRALS_A_MONTH[months_ago % 2]):
            if index >= len(cases):
                break
            case, user = cases[index], referrers[index % len(referrers)]
            index += 1
            referral = referral_create(
                actor=user,
                case=case,
                person=_person(case),
                summary="Referred for a multi-agency plan (from the partnership's records).",
                consent_given=True,
                criteria_high_risk=True,
            )
            when = timezone.now() - datetime.timedelta(days=30 * months_ago + index % 20)
            SeracReferral.objects.filter(pk=referral.pk).update(referred_at=when)
            referral.refresh_from_db()
            referral_accept(actor=chair, referral=referral)
    past = SeracMeeting.objects.filter(status=MeetingStatus.HELD).order_by("-starts_at").first()
    if past is not None:
        emerging_threat_save(
            actor=chair,
            meeting=past,
            kind=ThreatKind.BUSINESS,
            title="Hand car washes on the ring road",
            summary="Three referrals this quarter name workers living on site at car washes "
            "along the ring road; none of the businesses is registered.",
            discussion="Trading Standards and the police know two of the sites.",
            decisions="Joint visits with the GLAA; the Lead to brief the licensing team.",
        )
    upcoming = (
        SeracMeeting.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    )
    if upcoming is not None:
        emerging_threat_save(
            actor=chair,
            meeting=upcoming,
            kind=ThreatKind.PATTERN,
            title="Recruitment through social media job adverts",
            summary="Several survivors describe the same advert for warehouse work with "
            "accommodation included.",
        )
