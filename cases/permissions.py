"""Who may do what to a case. Reads only; every check takes the user and case.

Seeing a case: the Modern Slavery Lead sees all cases; a member of an agency
sees a case while their agency has an active share (raised it, shared with it,
or a SERAC window) — enforced by guardian's view_case permission on the
agency's group. Board members, administrators and users without an agency see
none.
"""

from accounts.models import AgencyType
from accounts.roles import Role
from accounts.selectors import user_has_role


def is_lead(user) -> bool:
    return user.is_authenticated and user_has_role(user, Role.MODERN_SLAVERY_LEAD)


def can_see_perpetrators(user) -> bool:
    """Suspected perpetrators are for the Lead and police roles only."""
    if is_lead(user):
        return True
    agency = getattr(user, "agency", None)
    return bool(agency and agency.agency_type == AgencyType.POLICE)


def can_work_case(user) -> bool:
    """Roles that may add notes and documents to a case they can see."""
    return is_lead(user) or user_has_role(
        user,
        Role.FRONTLINE_WORKER,
        Role.AGENCY_LEAD,
        Role.AMBASSADOR,
        Role.SERAC_CHAIR,
        Role.SERAC_MEMBER,
    )


def can_share_case(user, agencies_with_access) -> bool:
    """The Lead, or the safeguarding lead of an agency that has access."""
    if is_lead(user):
        return True
    agency = getattr(user, "agency", None)
    return bool(
        agency
        and user_has_role(user, Role.AGENCY_LEAD)
        and agency.pk in {a.pk for a in agencies_with_access}
    )


def can_close_case(user) -> bool:
    """The Lead decides when the partnership's record of a case is closed."""
    return is_lead(user)


def can_export_cases(user) -> bool:
    return is_lead(user)


def can_triage(user) -> bool:
    return is_lead(user)


def can_report_concern(user) -> bool:
    """Staff of an agency log concerns in the browser."""
    return bool(getattr(user, "agency", None)) and can_work_case(user)
