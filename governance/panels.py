"""The sections governance puts on the case page (registered in GovernanceConfig.ready)."""

from cases.permissions import can_work_case
from governance import selectors


def consent_panel(request, case) -> dict:
    """Each person's current consent at a glance (the case view has already
    checked that the user may see the case)."""
    links = case.case_people.select_related("person").order_by("pk")
    people = [
        {
            "person": link.person,
            "link_id": link.pk,
            "lines": selectors.consent_current(case=case, person=link.person),
        }
        for link in links
    ]
    return {"case": case, "people": people, "can_work": can_work_case(request.user)}


def disclosures_panel(request, case) -> dict | None:
    """Shares waiting for the Lead's approval, or refused."""
    disclosures = selectors.disclosures_for_case(case=case)
    if not disclosures:
        return None
    return {"case": case, "disclosures": disclosures}
