"""Shorthand shared by the pathway definitions."""

import dataclasses

from accounts.roles import Role
from pathways.engine import Pathway, State, Transition

# accounts.models.AgencyType values, spelled out so the definitions import
# without the app registry (tests check they are valid choices).
LOCAL_AUTHORITY = frozenset({"local_authority"})
NHS = frozenset({"nhs"})
# accounts.models.ServiceArea values: the teams whose pathways are their own.
ADULT_SOCIAL_CARE_TEAM = frozenset({"adult_social_care"})
CHILDRENS_SERVICES_TEAM = frozenset({"childrens_services"})
TRADING_STANDARDS_TEAM = frozenset({"trading_standards"})

MSA_S52 = "Modern Slavery Act 2015 s52 (duty to notify)"
CARE_ACT_S42 = "Care Act 2014 s42 (safeguarding enquiry)"
CARE_ACT_S9 = "Care Act 2014 s9 (needs assessment)"
CHILDREN_ACT = "Children Act 1989 s47 (child protection enquiries)"
HRA_DUTY_TO_REFER = "Homelessness Reduction Act 2017 (duty to refer, Housing Act 1996 s213B)"
HOUSING_S184 = "Housing Act 1996 s184 (homelessness enquiries)"
LOCALISM_S1 = "Localism Act 2011 s1 (general power of competence)"

# Where the statutory and national timescales come from (docs/domain.md section
# 4). Every other deadline is the partnership's local practice, which is the
# Deadline default (pathways.engine.LOCAL_PRACTICE).
MS_GUIDANCE = (
    "Modern Slavery Statutory Guidance for England and Wales (s49 Modern Slavery Act 2015)"
)
SOURCE_RG = (
    f"{MS_GUIDANCE}: a Reasonable Grounds decision within 5 working days (Home Office target)"
)
SOURCE_RECOVERY = (
    "Modern Slavery Act 2015 s50A and " + MS_GUIDANCE + ": a recovery period of at least 30 days"
)
SOURCE_AWAITING_CG = (
    f"{MS_GUIDANCE}: Conclusive Grounds decision after the recovery period; "
    "waiting alerts (6 and 12 months by default)"
)
SOURCE_MOVE_ON_POSITIVE = f"{MS_GUIDANCE}: at least 45 days of move-on support"
SOURCE_MOVE_ON_NEGATIVE = (
    f"{MS_GUIDANCE}: move-on support after a negative decision (to be confirmed by the partnership)"
)
SOURCE_RELIEF_DUTY = "Housing Act 1996 s189B(7)(b) (the relief duty ends after 56 days)"


def closable_from_any_step(
    pathway: Pathway,
    *,
    key: str = "close",
    label: str = "Closed (reason recorded)",
    target: str = "closed",
    **rules,
) -> Pathway:
    """The pathway, closable from every open step with a reason: no dead ends.

    Replaces any transition called ``key`` with one from every non-terminal
    state to ``target`` (added as a terminal "Closed" step if missing), needing a
    note. ``rules`` are the transition's own (teams, roles, agency types).
    """
    states = pathway.states
    if not pathway.has_state(target):
        states += (
            State(
                target,
                "Closed",
                f"The {pathway.display} pathway is closed; the reason is recorded.",
                terminal=True,
            ),
        )
    open_states = tuple(s.key for s in states if not s.terminal)
    transitions = tuple(t for t in pathway.transitions if t.key != key) + (
        Transition(key, label, open_states, target, requires_note=True, **rules),
    )
    return dataclasses.replace(pathway, states=states, transitions=transitions)


#: The NRM pathways follow the episode's facts; only the Lead closes one by hand.
LEAD_ONLY = frozenset({Role.MODERN_SLAVERY_LEAD})
