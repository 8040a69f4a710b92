"""The sections governance puts on the case page (registered in GovernanceConfig.ready)."""

from cases.permissions import can_change_case, is_lead
from cases.selectors import case_people_links
from governance import selectors


def consent_panel(request, case) -> dict:
    """Each person's current consent at a glance (the case view has already
    checked that the user may see the case)."""
    links = case_people_links(case=case)  # read once for the whole case page
    records = selectors.consent_records_by_person(case=case) if links else {}
    people = [
        {
            "person": link.person,
            "link_id": link.pk,
            "lines": selectors.consent_current(
                case=case, person=link.person, records=records.get(link.person_id, [])
            ),
        }
        for link in links
    ]
    return {
        "case": case,
        "people": people,
        "can_work": can_change_case(request.user, case),
        "is_lead": is_lead(request.user),
    }


def disclosures_panel(request, case) -> dict | None:
    """Shares waiting for the Lead's approval, or refused."""
    disclosures = selectors.disclosures_for_case(case=case)
    if not disclosures:
        return None
    return {"case": case, "disclosures": disclosures}


def retention_panel(request, case) -> dict | None:
    """The Lead's view of the case's legal hold and retention review."""
    if not is_lead(request.user):
        return None
    return {"case": case, "retention": selectors.retention_for_case(case)}
