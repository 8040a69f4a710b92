"""The specialist support directory: seeding, writes and reads.

Writes take an ``actor`` and run in a transaction; reads return plain lists.
Import this module from ``PathwaysConfig.ready`` so the seed runs after every
``migrate`` (and every test-database flush) through ``post_migrate``.
"""

import re

from django.db import transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from cases.choices import Gender
from pathways.models_directory import NrmStatus, ServiceCapacity, ServiceGender, SupportService
from referrals.models import POSITIVE_CG, EpisodeState, NrmEpisode, RgDecision

ELIGIBILITY_FIELDS = {status: f"eligible_{status}" for status in NrmStatus.values}

NO_CONTACT_YET = "Not recorded yet. Ask the Modern Slavery Lead."

_ALL = ("in_nrm", "not_in_nrm", "negative_decision", "positive_decision")

# Domain guide section 6, row by row. Whether each service accepts people with
# little English or people using substances is not in the guide, so every seed
# says False ("not known") until the Lead records otherwise.
DIRECTORY_SEED = (
    {
        "seed_key": "victim_care_contract",
        "name": "NRM support via the Modern Slavery Victim Care Contract",
        "provider": "The Salvation Army (delivered by Black Country Women's Aid and Migrant Help)",
        "what_they_offer": "Support for adults in the National Referral Mechanism under the "
        "Modern Slavery Victim Care Contract.",
        "contact": "Refer through The Salvation Army.",
        "eligible": ("in_nrm", "positive_decision"),
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "wmasn_isma",
        "name": "Independent Modern Slavery Advocates",
        "provider": "West Midlands Anti Slavery Network",
        "what_they_offer": "Independent modern slavery advocacy.",
        "eligible": _ALL,
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "adavu",
        "name": "Adavu casework support",
        "provider": "Adavu",
        "what_they_offer": "Casework support before and after the NRM.",
        "eligible": _ALL,
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "hope_for_justice",
        "name": "Hope for Justice independent advocacy",
        "provider": "Hope for Justice",
        "what_they_offer": "Independent advocacy.",
        "eligible": _ALL,
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "hope_at_home",
        "name": "Hope at Home",
        "provider": "Hope at Home",
        "what_they_offer": "Hosted accommodation.",
        "eligible": ("in_nrm", "positive_decision"),
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "sophie_hayes",
        "name": "Sophie Hayes Foundation",
        "provider": "Sophie Hayes Foundation",
        "what_they_offer": "Education and skills.",
        "eligible": _ALL,
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "kairos",
        "name": "Kairos Women Working Together",
        "provider": "Kairos Women Working Together",
        "what_they_offer": "Support for women at risk of sexual exploitation.",
        "eligible": _ALL,
        "gender": ServiceGender.FEMALE,
    },
    {
        "seed_key": "medaille_moving_on",
        "name": "Medaille Trust Moving On Project",
        "provider": "Medaille Trust",
        "what_they_offer": "Moving On Project: support to move on.",
        "eligible": _ALL,
        "gender": ServiceGender.ALL,
    },
    {
        "seed_key": "bcwa_sece",
        "name": "Sexual Exploitation & Community Engagement Project",
        "provider": "Black Country Women's Aid",
        "what_they_offer": "Support for women affected by sexual exploitation, and "
        "community engagement.",
        "eligible": ("not_in_nrm",),
        "gender": ServiceGender.FEMALE,
    },
    {
        "seed_key": "wmasn_safeplace",
        "name": "SafePlace emergency safehouse",
        "provider": "West Midlands Anti Slavery Network",
        "what_they_offer": "Emergency safehouse accommodation.",
        "eligible": ("not_in_nrm",),
        "gender": ServiceGender.ALL,
    },
)


def ensure_directory_services(get_model=None) -> int:
    """Create any of the ten seeded services that are missing. Idempotent.

    Finds each by ``seed_key`` (falling back to its seeded name) and never
    overwrites what the Lead has since changed: capacity, flags or wording
    edited in Waymark survive every ``migrate``. ``get_model`` is
    ``apps.get_model`` from a data migration or ``post_migrate``; without it
    the current model is used. Returns how many services were created.
    """
    model = get_model("pathways", "SupportService") if get_model else SupportService
    created = 0
    with transaction.atomic():
        for row in DIRECTORY_SEED:
            if model.objects.filter(seed_key=row["seed_key"]).exists():
                continue
            by_name = model.objects.filter(name=row["name"], seed_key="").first()
            if by_name is not None:
                by_name.seed_key = row["seed_key"]
                by_name.save(update_fields=["seed_key"])
                continue
            eligible = set(row["eligible"])
            model.objects.create(
                seed_key=row["seed_key"],
                name=row["name"],
                provider=row["provider"],
                what_they_offer=row["what_they_offer"],
                contact=row.get("contact", NO_CONTACT_YET),
                gender=row["gender"],
                # Historical models have no custom save(): set the derived field here.
                accepts_men=row["gender"] != ServiceGender.FEMALE,
                accepts_little_english=False,
                accepts_substance_use=False,
                capacity=ServiceCapacity.UNKNOWN,
                **{field: status in eligible for status, field in ELIGIBILITY_FIELDS.items()},
            )
            created += 1
    return created


@receiver(post_migrate, dispatch_uid="pathways_directory_seed")
def seed_directory_after_migrate(sender, apps=None, using="default", **kwargs):
    if getattr(sender, "name", None) != "pathways" or apps is None:
        return
    try:
        apps.get_model("pathways", "SupportService")
    except LookupError:  # migrated back before the directory existed
        return
    ensure_directory_services(apps.get_model)


# --- Writes ------------------------------------------------------------------


@transaction.atomic
def service_create(*, actor, **fields) -> SupportService:
    service = SupportService(updated_by=actor, **fields)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def service_update(*, actor, service: SupportService, **fields) -> SupportService:
    service = SupportService.objects.select_for_update().get(pk=service.pk)
    for name, value in fields.items():
        setattr(service, name, value)
    service.updated_by = actor
    service.full_clean()
    service.save()
    return service


# --- Reads -------------------------------------------------------------------

# How an NRM episode's state sets NRM status (referrals.models.EpisodeState).
# Before submission, after a Duty to Notify, a withdrawal or a disqualification
# the person is not in the NRM; an exit keeps the decision they had.
EPISODE_STATUS = {
    EpisodeState.AWAITING_RG: NrmStatus.IN_NRM,
    # A positive Reasonable Grounds decision counts as a positive decision.
    EpisodeState.RECOVERY_PERIOD: NrmStatus.POSITIVE_DECISION,
    EpisodeState.AWAITING_CG: NrmStatus.POSITIVE_DECISION,
    EpisodeState.MOVE_ON: NrmStatus.POSITIVE_DECISION,
    EpisodeState.EXTENDED_SUPPORT: NrmStatus.POSITIVE_DECISION,
    EpisodeState.RG_NEGATIVE: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.RG_RECONSIDERATION: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.CG_NEGATIVE: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.CG_RECONSIDERATION: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.SHORT_MOVE_ON: NrmStatus.NEGATIVE_DECISION,
}


def nrm_status_for_episode(episode) -> str:
    if episode.state in EPISODE_STATUS:
        return str(EPISODE_STATUS[episode.state])
    if episode.state == EpisodeState.EXITED:
        if episode.cg_decision in POSITIVE_CG:
            return str(NrmStatus.POSITIVE_DECISION)
        if episode.cg_decision or episode.rg_decision == RgDecision.NEGATIVE:
            return str(NrmStatus.NEGATIVE_DECISION)
    return str(NrmStatus.NOT_IN_NRM)


def nrm_status_for_case(case) -> str:
    """The NRM status of the case's survivor(s), from the case's most recent NRM
    episode (``referrals``). Returns one of ``NrmStatus``'s values."""
    episode = NrmEpisode.objects.filter(case=case).order_by("-created_at", "-pk").first()
    if episode is None:
        return str(NrmStatus.NOT_IN_NRM)
    return nrm_status_for_episode(episode)


def _genders_for(person_gender: str) -> list[str]:
    if person_gender == Gender.FEMALE:
        return [ServiceGender.ALL, ServiceGender.FEMALE]
    if person_gender == Gender.MALE:
        return [ServiceGender.ALL, ServiceGender.MALE]
    return [ServiceGender.ALL]  # other or not recorded: services open to everyone


def services_for(*, nrm_status: str, gender: str) -> list[SupportService]:
    """Active services open to someone of this NRM status and gender."""
    if nrm_status not in ELIGIBILITY_FIELDS:
        raise ValueError(f"Unknown NRM status: {nrm_status}")
    return list(
        SupportService.objects.filter(
            is_active=True,
            gender__in=_genders_for(gender),
            **{ELIGIBILITY_FIELDS[nrm_status]: True},
        )
    )


def services_for_case_people(*, case) -> list[tuple]:
    """(person, services they can use) for each survivor in the case."""
    nrm_status = nrm_status_for_case(case)
    people = [cp.person for cp in case.case_people.select_related("person").order_by("pk")]
    return [(p, services_for(nrm_status=nrm_status, gender=p.gender)) for p in people]


def service_list() -> list[SupportService]:
    return list(SupportService.objects.all())


GAP_SEARCHES = (
    ("counselling", r"counsell?ing", "No service in the directory offers counselling."),
    ("childcare", r"child ?care", "No service in the directory offers childcare."),
    ("housing", r"accommodation|housing|safehouse", "No service offers accommodation or housing."),
)


def directory_gaps() -> dict:
    """What the directory's data says is missing, for the top of the page.

    Counts are of active services. ``known_gaps`` lists the needs assessment's
    gaps (domain guide section 6) that the data still shows: a need appears
    only when no active service's ``what_they_offer`` mentions it.
    """
    active = list(SupportService.objects.filter(is_active=True))
    offers = [s.what_they_offer for s in active]
    known_gaps = [
        message
        for _, pattern, message in GAP_SEARCHES
        if not any(re.search(pattern, text, re.IGNORECASE) for text in offers)
    ]
    return {
        "active": len(active),
        "accept_men": sum(s.accepts_men for s in active),
        "accept_little_english": sum(s.accepts_little_english for s in active),
        "accept_substance_use": sum(s.accepts_substance_use for s in active),
        "capacity_now": sum(
            s.capacity in (ServiceCapacity.AVAILABLE, ServiceCapacity.LIMITED) for s in active
        ),
        "known_gaps": known_gaps,
    }


def services_for_case_context(*, case) -> dict:
    """Context for templates/pathways/_services_for_case.html on the case page."""
    return {
        "services_for_people": services_for_case_people(case=case),
        "services_for_people_status": NrmStatus(nrm_status_for_case(case)).label,
    }
