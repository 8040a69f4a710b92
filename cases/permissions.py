"""Who may do what to a case. Reads only; every check takes the user and case.

Seeing a case: the Modern Slavery Lead sees all cases; a member of an agency
sees a case while their agency has an active share (raised it, shared with it,
or a SERAC window) — enforced by guardian's view_case permission on the
agency's group. Board members, administrators and users without an agency see
none.
"""

from django.db.models import Q

from accounts.models import AgencyType
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.selectors import user_has_role
from cases.models import CaseShare, CaseStatus, ShareKind


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


def can_change_case(user, case) -> bool:
    """Work this case (edit it, its people, notes, documents, pathway steps,
    referrals): a role that works cases, on an open case. A closed case is
    read-only to everyone but the Lead, who may also reopen it."""
    status = getattr(case, "status", CaseStatus.OPEN)
    return can_work_case(user) and (status == CaseStatus.OPEN or is_lead(user))


def standing_shares(*, case, agency):
    """The agency's active shares that may be shared on: it raised the case,
    or the Lead shared it with them. A SERAC window, or a share made by
    another agency's safeguarding lead, is access to read, never a key to
    give others."""
    return CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True).filter(
        Q(kind=ShareKind.RAISED)
        | Q(
            kind=ShareKind.SHARED,
            shared_by__groups__name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD],
        )
    )


def can_share_case(user, case) -> bool:
    """The Lead, or the safeguarding lead of an agency with a standing share."""
    if is_lead(user):
        return True
    agency = getattr(user, "agency", None)
    return bool(
        agency
        and case.status == CaseStatus.OPEN
        and user_has_role(user, Role.AGENCY_LEAD)
        and standing_shares(case=case, agency=agency).exists()
    )


def can_end_share(user, share) -> bool:
    """Whoever may share the case may end a share, except the raising
    agency's: only the Lead ends that, so nobody locks an agency out of its
    own case."""
    if share.kind == ShareKind.RAISED:
        return is_lead(user)
    return can_share_case(user, share.case)


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
