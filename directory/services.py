"""The specialist support directory's writes: seeding and the Lead's edits.

Writes take an ``actor`` and run in a transaction. ``DirectoryConfig.ready``
imports this module so the seed runs after every ``migrate`` (and every
test-database flush) through ``post_migrate``.
"""

from django.db import transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from directory.models import ELIGIBILITY_FIELDS, ServiceCapacity, ServiceGender, SupportService

NO_CONTACT_YET = "Not recorded yet. Ask the Modern Slavery Lead."

_ALL = ("in_nrm", "not_in_nrm", "negative_decision", "positive_decision")

# docs/domain.md section 6, row by row, with the protocol's full descriptions (the
# gaps view reads them). Whether each service accepts people with
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
        "what_they_offer": "Accommodation, gym memberships, therapy sessions and bus passes.",
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
        "what_they_offer": "Emergency safehouse for survivors with medium to low needs.",
        "eligible": ("not_in_nrm",),
        "gender": ServiceGender.ALL,
        "medium_low_needs_only": True,
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
    model = get_model("directory", "SupportService") if get_model else SupportService
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
                medium_low_needs_only=row.get("medium_low_needs_only", False),
                capacity=ServiceCapacity.UNKNOWN,
                **{field: status in eligible for status, field in ELIGIBILITY_FIELDS.items()},
            )
            created += 1
    return created


@receiver(post_migrate, dispatch_uid="directory_seed")
def seed_directory_after_migrate(sender, apps=None, using="default", **kwargs):
    if getattr(sender, "name", None) != "directory":
        return
    if apps is None:
        # ``flush`` (as after a transactional test) sends no ``apps``: the
        # tables are the current models', emptied, so seed them again.
        ensure_directory_services()
        return
    try:
        apps.get_model("directory", "SupportService")
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
