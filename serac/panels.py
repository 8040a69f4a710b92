"""The SERAC section of the case page (registered in SeracConfig.ready)."""

from cases.permissions import can_change_case
from serac.selectors import is_serac_admin, referrals_for_case


def serac_case_panel(request, case) -> dict:
    """The case's SERAC referrals, and a link to refer it."""
    user = request.user
    referrals = referrals_for_case(case=case)
    return {
        "case": case,
        "referrals": referrals,
        "can_refer": can_change_case(user, case) and bool(getattr(user, "agency_id", None)),
        "is_admin": is_serac_admin(user),
        "own_agency_id": getattr(user, "agency_id", None),
        "actions": list(case.serac_actions.select_related("owner_agency").order_by("due_on")),
    }
