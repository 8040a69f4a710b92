"""The pathway engine: declarative state machines, checked without a database.

A :class:`Pathway` is data: its states (each with guidance for the worker and,
optionally, the deadline it starts) and its transitions (each with the roles,
agency types and First Responder flag that may perform it). The definitions
live in ``pathways.definitions``; the database-backed ``pathway_transition``
service asks this module what is allowed and why not.

Rules applied here rather than in every definition:

- ``allowed_roles=None`` means any staff role (:data:`STAFF_ROLES`).
- The Modern Slavery Lead may perform any transition that is not driven by a
  fact, whatever its role and agency-type restrictions. First-Responder-only
  steps stay First-Responder-only: that is a statutory limit, not a role.
- A transition with ``driven_by_fact`` is performed by recording that fact
  elsewhere (the NRM episode); it is never offered as a button.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from django.conf import settings

from accounts.roles import Role
from config.env import env_int

#: Roles that do casework. Board members and system administrators do not.
STAFF_ROLES = frozenset(
    {
        Role.FRONTLINE_WORKER,
        Role.AGENCY_LEAD,
        Role.AMBASSADOR,
        Role.MODERN_SLAVERY_LEAD,
        Role.SERAC_CHAIR,
        Role.SERAC_MEMBER,
    }
)

#: Plain-English wording for the fact that drives a transition, used in refusals.
FACT_DESCRIPTIONS = {
    "nrm_consent_given": "recording the person's consent to an NRM referral",
    "nrm_consent_declined": "recording that the person declined an NRM referral",
    "nrm_consent_not_needed": "recording on the NRM referral that a child needs no consent",
    "nrm_submitted": "recording the NRM submission on the referral",
    "dtn_submitted": "recording the Duty to Notify submission on the referral",
    "rg_positive": "recording the NRM decision on the referral",
    "rg_negative": "recording the NRM decision on the referral",
    "cg_positive": "recording the NRM decision on the referral",
    "cg_negative": "recording the NRM decision on the referral",
    "reconsideration_requested": "recording the reconsideration request on the referral",
    "nrm_withdrawn": "recording the withdrawal on the referral",
    "public_order_disqualification": "recording the disqualification on the referral",
    "move_on_started": "recording the move-on start date on the referral",
    "recovery_needs_assessment": "recording the Recovery Needs Assessment on the referral",
    "exited_support": "recording the exit destination on the referral",
}


#: Where a deadline comes from when no statute, statutory guidance or protocol
#: section sets it. The Lead may change these at /pathways/timescales/.
LOCAL_PRACTICE = "Partnership's local practice"


#: Deadline.before: the day the deadline counts back from (4.8 Transition to Adulthood).
EIGHTEENTH_BIRTHDAY = "18th birthday"


def describe_days(days: int, *, working_days: bool, before: str = "") -> str:
    if before:
        if days == 0:
            return f"by the {before}"
        return f"{days} day{'' if days == 1 else 's'} before the {before}"
    if days == 0:
        return "same day"
    unit = "working day" if working_days else "day"
    return f"{days} {unit}{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class Deadline:
    """How long a state may last before it is overdue, and where that comes from.

    ``setting`` names a Django setting, or failing that an environment
    variable, that overrides ``days``: the deployment's default. The Lead may
    change a local-practice deadline, or turn any deadline off, at
    /pathways/timescales/ (``pathways.models.Timescale``).

    ``source`` is a statute or statutory guidance with its section, the
    protocol's section, or :data:`LOCAL_PRACTICE`.
    """

    days: int
    working_days: bool = False
    setting: str = ""
    source: str = LOCAL_PRACTICE
    # Counted back from a day in the person's life rather than from entering the
    # step: EIGHTEENTH_BIRTHDAY (CasePathway.timed_from holds the date).
    before: str = ""

    @property
    def is_local_practice(self) -> bool:
        return self.source == LOCAL_PRACTICE

    @property
    def short_source(self) -> str:
        """The source in a few words, for diagrams: "local practice", "Housing Act 1996 s189B"."""
        if self.is_local_practice:
            return "local practice"
        return self.source.split(" (")[0]

    def resolved_days(self) -> int:
        if not self.setting:
            return self.days
        configured = getattr(settings, self.setting, None)
        if configured is not None:
            return int(configured)
        return env_int(self.setting, self.days)

    def describe(self) -> str:
        return describe_days(
            self.resolved_days(), working_days=self.working_days, before=self.before
        )


@dataclass(frozen=True)
class State:
    """One step. ``episode_clock`` names the NRM episode's clock this step mirrors
    (``referrals.clocks.EPISODE_CLOCKS``): its due date is the episode's date for
    that fact, and the episode sends the one reminder for it, not the pathway."""

    key: str
    label: str
    guidance: str
    terminal: bool = False
    deadline: Deadline | None = None
    legal_basis: str = ""
    episode_clock: str = ""


@dataclass(frozen=True)
class Transition:
    key: str
    label: str
    source: tuple[str, ...] | str
    target: str
    allowed_roles: frozenset[Role] | None = None
    agency_types: frozenset[str] | None = None
    # The team (accounts.models.ServiceArea) whose step this is: 4.6, 4.8 and 4.9
    # belong to Adult Social Care, Children's Services and Trading Standards.
    teams: frozenset[str] | None = None
    first_responder_only: bool = False
    requires_note: bool = False
    driven_by_fact: str = ""
    # Pathways this step puts the case on (an adult safeguarding referral starts
    # the Adult Social Care pathway; the consent conversation hands over to Pre-NRM).
    starts_pathways: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)


@dataclass(frozen=True)
class Pathway:
    """One of the protocol's pathways. ``number`` and ``name`` are the protocol's
    own ("4.2.1", "Pre-NRM"); ``key`` is Waymark's, stored on every case."""

    key: str
    name: str
    number: str
    description: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    _index: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "_index", {s.key: s for s in self.states})

    @property
    def title(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """How people name the pathway: the protocol's number and title, "4.6 Adult Social Care"."""
        return f"{self.number} {self.name}"

    def __str__(self):
        return self.display

    def state(self, key: str) -> State:
        try:
            return self._index[key]
        except KeyError:
            raise KeyError(f"{self.key}: no state {key!r}") from None

    def has_state(self, key: str) -> bool:
        return key in self._index

    def transition(self, key: str) -> Transition:
        for t in self.transitions:
            if t.key == key:
                return t
        raise KeyError(f"{self.key}: no transition {key!r}")

    def transitions_from(self, state_key: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if state_key in t.sources)

    def transition_for_fact(self, state_key: str, fact: str) -> Transition | None:
        """The transition that recording ``fact`` performs from ``state_key``, if any."""
        for t in self.transitions_from(state_key):
            if t.driven_by_fact == fact:
                return t
        return None

    def facts(self) -> set[str]:
        return {t.driven_by_fact for t in self.transitions if t.driven_by_fact}

    def reachable(self) -> set[str]:
        if not self.has_state(self.initial):
            return set()
        seen = {self.initial}
        queue = deque([self.initial])
        while queue:
            for t in self.transitions_from(queue.popleft()):
                if t.target not in seen:
                    seen.add(t.target)
                    queue.append(t.target)
        return seen

    def validate(self) -> list[str]:
        """Problems with the definition; an empty list means it is sound."""
        problems = []
        state_keys = [s.key for s in self.states]
        for key in sorted({k for k in state_keys if state_keys.count(k) > 1}):
            problems.append(f"duplicate state key {key!r}")
        transition_keys = [t.key for t in self.transitions]
        for key in sorted({k for k in transition_keys if transition_keys.count(k) > 1}):
            problems.append(f"duplicate transition key {key!r}")
        if not self.has_state(self.initial):
            problems.append(f"initial state {self.initial!r} is not a state")
        for t in self.transitions:
            if not t.sources:
                problems.append(f"transition {t.key!r} has no source state")
            for source in t.sources:
                if not self.has_state(source):
                    problems.append(f"transition {t.key!r} from unknown state {source!r}")
            if not self.has_state(t.target):
                problems.append(f"transition {t.key!r} to unknown state {t.target!r}")
        reachable = self.reachable()
        for s in self.states:
            if self.has_state(self.initial) and s.key not in reachable:
                problems.append(f"state {s.key!r} is unreachable from {self.initial!r}")
            exits = self.transitions_from(s.key)
            if s.terminal and exits:
                problems.append(f"terminal state {s.key!r} has a way out")
            if not s.terminal and not exits:
                problems.append(f"non-terminal state {s.key!r} has no way out")
            if not s.guidance.strip():
                problems.append(f"state {s.key!r} has no guidance")
            if s.deadline is not None and not s.deadline.source.strip():
                problems.append(f"the deadline of state {s.key!r} has no source")
        for key in sorted(self.dead_ends()):
            problems.append(f"state {key!r} cannot reach the end of the pathway")
        return problems

    def dead_ends(self) -> set[str]:
        """States from which no terminal state can be reached (a case would be stuck)."""
        ends = {s.key for s in self.states if s.terminal}
        reaches_end = set(ends)
        changed = True
        while changed:
            changed = False
            for t in self.transitions:
                if t.target in reaches_end:
                    for source in t.sources:
                        if source not in reaches_end and self.has_state(source):
                            reaches_end.add(source)
                            changed = True
        return {s.key for s in self.states} - reaches_end


def _actor_may(
    transition: Transition,
    *,
    roles: set[Role],
    agency_type: str | None,
    is_first_responder: bool,
    team: str | None = None,
) -> str:
    """Why this actor may not perform the transition ('' if they may), ignoring state."""
    roles = {Role(r) for r in roles}
    if not roles & STAFF_ROLES:
        return "Only partnership staff can record pathway steps"
    if transition.first_responder_only and not is_first_responder:
        return (
            "Only a First Responder organisation can record this; "
            "refer the person to a First Responder"
        )
    if Role.MODERN_SLAVERY_LEAD in roles:
        return ""
    if transition.allowed_roles is not None and not roles & transition.allowed_roles:
        names = ", ".join(sorted(Role(r).label for r in transition.allowed_roles))
        return f"Only these roles can record this: {names}"
    if transition.agency_types is not None and agency_type not in transition.agency_types:
        from accounts.models import AgencyType

        names = ", ".join(sorted(AgencyType(a).label for a in transition.agency_types))
        return f"Only staff of this kind of organisation can record this: {names}"
    if transition.teams is not None and team not in transition.teams:
        from accounts.models import ServiceArea

        names = " or ".join(sorted(ServiceArea(t).label for t in transition.teams))
        return f"This step belongs to the {names} team: only its staff can record it"
    return ""


def refusal_reason(
    pathway: Pathway,
    state_key: str,
    transition: Transition | str,
    *,
    roles: set[Role],
    agency_type: str | None,
    is_first_responder: bool,
    include_fact_driven: bool = False,
    team: str | None = None,
) -> str:
    """A plain-English reason the transition is not allowed, or '' if it is."""
    if isinstance(transition, str):
        try:
            transition = pathway.transition(transition)
        except KeyError:
            return "This step is not part of this pathway"
    if state_key not in transition.sources:
        label = pathway.state(state_key).label if pathway.has_state(state_key) else state_key
        return f"The case has moved on: this step is not available from {label}"
    if transition.driven_by_fact and not include_fact_driven:
        how = FACT_DESCRIPTIONS.get(transition.driven_by_fact, "recording it on the referral")
        return f"This step is done by {how}"
    return _actor_may(
        transition,
        roles=roles,
        agency_type=agency_type,
        is_first_responder=is_first_responder,
        team=team,
    )


def allowed_transitions(
    pathway: Pathway,
    state_key: str,
    *,
    roles: set[Role],
    agency_type: str | None,
    is_first_responder: bool,
    include_fact_driven: bool = False,
    team: str | None = None,
) -> list[Transition]:
    """The transitions this actor may perform from ``state_key``, in definition order."""
    return [
        t
        for t in pathway.transitions_from(state_key)
        if not refusal_reason(
            pathway,
            state_key,
            t,
            roles=roles,
            agency_type=agency_type,
            is_first_responder=is_first_responder,
            include_fact_driven=include_fact_driven,
            team=team,
        )
    ]
