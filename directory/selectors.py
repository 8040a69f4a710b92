"""Reads of the support directory: whom each service takes, and the gaps."""

import re

from cases.choices import Gender
from directory.models import ELIGIBILITY_FIELDS, ServiceCapacity, ServiceGender, SupportService


def _genders_for(person_gender: str) -> list[str]:
    if person_gender == Gender.FEMALE:
        return [ServiceGender.ALL, ServiceGender.FEMALE]
    if person_gender == Gender.MALE:
        return [ServiceGender.ALL, ServiceGender.MALE]
    return [ServiceGender.ALL]  # other or not recorded: services open to everyone


def services_for(
    *, nrm_status: str, gender: str, high_needs: bool = False, among=None
) -> list[SupportService]:
    """Active services open to someone of this NRM status and gender. Women-only
    services are never offered for a man; a service for medium to low needs only
    (SafePlace) is not offered where needs are high. ``among`` is the active
    services already read (a page asking for several people reads them once)."""
    if nrm_status not in ELIGIBILITY_FIELDS:
        raise ValueError(f"Unknown NRM status: {nrm_status}")
    if among is None:
        among = active_services()
    genders = _genders_for(gender)
    return [
        service
        for service in among
        if getattr(service, ELIGIBILITY_FIELDS[nrm_status])
        and service.gender in genders
        and not (high_needs and service.medium_low_needs_only)
    ]


def active_services() -> list[SupportService]:
    """The directory's active services, in its order (tens of rows)."""
    return list(SupportService.objects.filter(is_active=True))


def service_list() -> list[SupportService]:
    return list(SupportService.objects.all())


GAP_SEARCHES = (
    # Therapy sessions (Hope at Home) are counselling's kind of help.
    ("counselling", r"counsell?ing|therap", "No service in the directory offers counselling."),
    ("childcare", r"child ?care", "No service in the directory offers childcare."),
    ("housing", r"accommodation|housing|safehouse", "No service offers accommodation or housing."),
)


def directory_gaps() -> dict:
    """What the directory's data says is missing, for the top of the page.

    Counts are of active services. ``known_gaps`` lists the needs assessment's
    gaps (docs/domain.md section 6) that the data still shows: a need appears
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
