"""A two-person role grant's states and transitions, as data (``core.states``).

An administrator proposes (``accounts.services.role_grant_propose``); a Modern
Slavery Lead who is neither the proposer nor the person the role is for
approves or declines it.
"""

from __future__ import annotations

from accounts.models import RoleGrantStatus
from accounts.roles import Role
from accounts.selectors import user_has_role
from core.states import Rule, StateMachine, Transition

S = RoleGrantStatus

#: Only a Modern Slavery Lead decides.
LEAD = Rule(
    lambda actor, grant: user_has_role(actor, Role.MODERN_SLAVERY_LEAD),
    "Only a Modern Slavery Lead can approve or decline a role",
)
#: Two people: the Lead who decides is neither the proposer nor the one given the role.
NOT_FOR_THEMSELVES = Rule(
    lambda actor, grant: actor.pk != grant.user_id,
    "You cannot approve or decline a role for yourself: another Lead must",
)
NOT_THE_PROPOSER = Rule(
    lambda actor, grant: actor.pk != grant.proposed_by_id,
    "You proposed this role: another Lead must approve or decline it",
)

ROLE_GRANT = StateMachine(
    name="role grant",
    states=RoleGrantStatus,
    initial=S.PENDING,
    terminal=(S.APPROVED, S.DECLINED),
    who=(LEAD, NOT_FOR_THEMSELVES, NOT_THE_PROPOSER),
    transitions=(
        Transition("approve", "Approve", S.PENDING, S.APPROVED),
        Transition("decline", "Decline", S.PENDING, S.DECLINED),
    ),
    wording="This role has already been {state}",
)
