"""Demo NRM episodes in every state (some overdue) and service referrals with
varied outcomes, recorded through the services so pathways move as they would."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from cases.models import Case, CasePerson, CaseStatus
from cases.selectors import case_list_visible_to
from directory.models import SupportService
from referrals import services
from referrals.models import NrmEpisode, ServiceReferral


def _scenarios():
    """(name, steps): each step is (service name, days ago, extra arguments)."""
    consent = ("consent", {"referral": "given", "vcc_support": "yes", "police_contact": "yes"})
    declined = ("consent", {"referral": "declined"})
    submit = ("submission", {"home_office_reference": "NRM-DEMO", "competent_authority": "sca"})
    rg_pos = ("rg", {"decision": "positive", "vcc_support": "accepted"})
    rg_neg = ("rg", {"decision": "negative"})
    return [
        ("consent_pending", []),
        ("consent_given", [(*consent, 3)]),
        ("consent_declined", [(*declined, 2)]),
        ("dtn_submitted", [(*declined, 40), ("dtn", {}, 38)]),
        ("awaiting_rg", [(*consent, 3), (*submit, 2)]),
        ("awaiting_rg_overdue", [(*consent, 25), (*submit, 20)]),
        ("rg_negative", [(*consent, 30), (*submit, 28), (*rg_neg, 20)]),
        (
            "rg_reconsideration",
            [(*consent, 60), (*submit, 58), (*rg_neg, 50), ("reconsideration", {}, 45)],
        ),
        ("recovery_period", [(*consent, 20), (*submit, 19), (*rg_pos, 12)]),
        ("awaiting_cg_stale", [(*consent, 220), (*submit, 215), (*rg_pos, 205)]),
        ("awaiting_cg", [(*consent, 80), (*submit, 78), (*rg_pos, 70)]),
        (
            "cg_negative",
            [(*consent, 300), (*submit, 298), (*rg_pos, 290), ("cg", {"decision": "negative"}, 5)],
        ),
        (
            "cg_reconsideration",
            [
                (*consent, 320),
                (*submit, 318),
                (*rg_pos, 310),
                ("cg", {"decision": "negative"}, 30),
                ("reconsideration", {}, 25),
            ],
        ),
        (
            "move_on",
            [
                (*consent, 250),
                (*submit, 248),
                (*rg_pos, 240),
                ("cg", {"decision": "positive_trafficking"}, 10),
            ],
        ),
        (
            "move_on_ending",
            [
                (*consent, 260),
                (*submit, 258),
                (*rg_pos, 250),
                ("cg", {"decision": "positive_slavery"}, 41),
            ],
        ),
        (
            "extended_support",
            [
                (*consent, 400),
                (*submit, 398),
                (*rg_pos, 390),
                ("cg", {"decision": "positive_slavery"}, 60),
                ("rna", {"note": "Needs trauma counselling and housing support"}, 20),
            ],
        ),
        (
            "short_move_on",
            [
                (*consent, 330),
                (*submit, 328),
                (*rg_pos, 320),
                ("cg", {"decision": "negative"}, 12),
                ("move_on", {}, 10),
            ],
        ),
        (
            "disqualified",
            [
                (*consent, 100),
                (*submit, 98),
                (*rg_pos, 90),
                ("disqualification", {"reason": "Public order grounds"}, 15),
            ],
        ),
        ("withdrawn", [(*consent, 50), (*submit, 48), ("withdrawal", {"reason": "Left area"}, 30)]),
        (
            "exited",
            [
                (*consent, 500),
                (*submit, 498),
                (*rg_pos, 490),
                ("cg", {"decision": "positive_trafficking"}, 200),
                ("exit", {"destination": "Own tenancy in Coventry"}, 140),
            ],
        ),
    ]


DATE_ARGUMENT = {
    "consent": "referral_on",
    "submission": "submitted_on",
    "dtn": "submitted_on",
    "rg": "decided_on",
    "reconsideration": "requested_on",
    "cg": "decided_on",
    "move_on": "started_on",
    "rna": "assessed_on",
    "disqualification": "disqualified_on",
    "withdrawal": "withdrawn_on",
    "exit": "exited_on",
}
SERVICES = {
    "consent": services.nrm_record_consent,
    "submission": services.nrm_record_submission,
    "dtn": services.nrm_record_dtn_submission,
    "rg": services.nrm_record_rg_decision,
    "reconsideration": services.nrm_request_reconsideration,
    "cg": services.nrm_record_cg_decision,
    "move_on": services.nrm_record_move_on,
    "rna": services.nrm_record_rna,
    "disqualification": services.nrm_record_disqualification,
    "withdrawal": services.nrm_record_withdrawal,
    "exit": services.nrm_record_exit,
}


def seed() -> None:
    if NrmEpisode.objects.exists() or ServiceReferral.objects.exists():
        return  # made once
    today = timezone.localdate()
    lead = User.objects.get(username="lead")
    police = User.objects.get(username="police")
    police_cases = set(case_list_visible_to(user=police).values_list("pk", flat=True))
    links = list(
        CasePerson.objects.filter(case__status=CaseStatus.OPEN)
        .select_related("case", "person")
        .order_by("case__date_reported", "pk")
    )
    seen_cases = set()
    chosen = []
    for link in links:
        if link.case_id not in seen_cases:
            seen_cases.add(link.case_id)
            chosen.append(link)
    scenarios = _scenarios()
    for link, (_, steps) in zip(chosen, scenarios, strict=False):
        actor = police if link.case_id in police_cases else lead
        episode = services.nrm_episode_start(actor=actor, case=link.case, person=link.person)
        for name, extra, days in steps:
            SERVICES[name](
                actor=actor,
                episode=episode,
                **{DATE_ARGUMENT[name]: today - timedelta(days=days)},
                **extra,
            )
    _seed_service_referrals(chosen[len(scenarios) :], lead=lead, today=today)


def _seed_service_referrals(links, *, lead, today) -> None:
    directory = {s.seed_key: s for s in SupportService.objects.exclude(seed_key="")}
    plans = [
        ("adavu", "", 40, [("accepted", 35, ""), ("engaged", 30, "")]),
        ("kairos", "", 30, [("declined", 26, "Women only: the person is a man")]),
        ("hope_at_home", "", 25, [("no_capacity", 20, "")]),
        ("wmasn_isma", "", 60, [("accepted", 55, ""), ("ended", 10, "Advocacy completed")]),
        ("wmasn_safeplace", "", 20, [("withdrawn", 18, "Person moved out of area")]),
        ("", "housing", 30, []),  # unanswered: chased by the beat task
        ("", "adult_social_care", 15, [("accepted", 12, "")]),
        ("medaille_moving_on", "", 3, []),
        ("hope_for_justice", "", 50, [("no_capacity", 40, "")]),
        ("sophie_hayes", "", 45, [("accepted", 44, ""), ("engaged", 40, "")]),
    ]
    case_ids = {link.case_id for link in links}
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids)}
    for link, (seed_key, team, sent_days, updates) in zip(links, plans, strict=False):
        service = directory.get(seed_key) if seed_key else None
        if seed_key and service is None:
            continue
        referral = services.service_referral_create(
            actor=lead,
            case=cases[link.case_id],
            person=link.person,
            service=service,
            statutory_team=team,
            sent_on=today - timedelta(days=sent_days),
            consent_given=True,
            # Kairos is women only: the demo's referral of a man to it is confirmed,
            # and the service declines it.
            women_only_confirmed=True,
        )
        for status, days, reason in updates:
            referral = services.service_referral_update(
                actor=lead,
                referral=referral,
                status=status,
                on=today - timedelta(days=days),
                reason=reason,
            )
