"""States and transitions written as data, for every record that has a status.

The protocol pathways were first (``pathways/engine.py``); NRM episodes,
service referrals and SERAC referrals, meetings and actions declare theirs with
the small structure here, each in its app's ``states.py``:

- a :class:`StateMachine` names the record's states (its model's
  ``TextChoices``), the first and the terminal ones, and its transitions;
- a :class:`Transition` says from which states it may happen, the state it
  leads to, who may perform it and what the record must be (:class:`Rule`);
- :func:`perform` is the one way a record changes state: it locks the row,
  checks the transition from where the record stands now and who is doing it,
  sets the state and saves. Each model's own transition service wraps it and
  writes the case timeline.

Pages that offer a record's next steps ask the same machine
(:meth:`StateMachine.available_steps`), so a page never offers what the
service would refuse. A machine is checked without a database
(:meth:`StateMachine.validate`): every state reachable from the first, no
transition from or to an unknown state, no way out of a terminal state and a
way out of every other.

``actor=None`` is Waymark itself (a clock, an import): rules about who may act
do not apply to it; rules about the record do.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pghistory
from django.db import models, transaction

from core.errors import ServiceError


@dataclass(frozen=True)
class Rule:
    """A condition on performing a transition, and what the person is told when it fails.

    ``test(actor, record)`` is true when the condition holds. Used in
    ``who`` it is about the person; in ``requires`` it is about the record.
    """

    test: Callable[[Any, Any], bool]
    refusal: str

    def refuses(self, actor, record) -> str:
        """The refusal when the condition fails, '' when it holds."""
        return "" if self.test(actor, record) else self.refusal


@dataclass(frozen=True)
class Transition:
    """One move a record may make.

    - ``sources``: the states it may start from (one key or several).
    - ``target``: the state it leads to; ``None`` when the record stays where
      it is (a fact recorded in place, such as a corrected date).
    - ``step``: the one action a person takes (a form, a button) that may
      perform it; several transitions share a step when what was recorded
      decides the state (a positive or a negative decision). Defaults to the key.
    - ``doing``: the step in words, for refusals ("record a withdrawal").
    - ``who``: rules about who may perform it, beyond the machine's own.
    - ``requires``: rules about the record, checked before where it stands
      because they say more ("needs a positive Reasonable Grounds decision").
    - ``when``: a further condition on the record for this transition to apply
      from its sources (an exit recorded later only while no destination is).
    - ``requires_note``: the person must say why.
    - ``refusal``: what to say when the record is in another state, instead of
      the machine's wording.
    """

    key: str
    label: str
    sources: frozenset[str] | tuple[str, ...] | str
    target: str | None
    step: str = ""
    doing: str = ""
    who: tuple[Rule, ...] = ()
    requires: tuple[Rule, ...] = ()
    when: Callable[[Any], bool] | None = None
    requires_note: bool = False
    refusal: str = ""

    def __post_init__(self):
        # Plain strings, so a definition reads the same whether it names a
        # TextChoices member or its value.
        sources = (self.sources,) if isinstance(self.sources, str) else self.sources
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        if self.target is not None:
            object.__setattr__(self, "target", str(self.target))
        object.__setattr__(self, "who", tuple(self.who))
        object.__setattr__(self, "requires", tuple(self.requires))
        if not self.step:
            object.__setattr__(self, "step", self.key)
        if not self.doing:
            object.__setattr__(self, "doing", self.label[:1].lower() + self.label[1:])

    def applies_from(self, state: str, record=None) -> bool:
        """Whether this transition may start from ``state`` (and, given it, ``record``)."""
        if state not in self.sources:
            return False
        return self.when is None or record is None or bool(self.when(record))

    def lands_on(self, state: str) -> str:
        return state if self.target is None else self.target


@dataclass(frozen=True)
class StateMachine:
    """A record's states and transitions.

    ``states`` is the model's ``TextChoices``; ``field`` the model field that
    holds the state. ``who`` are rules every transition a person performs
    must pass (may this person work on the case at all?). ``wording`` is the
    refusal when a transition does not fit where the record stands; it may
    use ``{doing}``, ``{name}``, ``{state}`` and ``{target}``.
    """

    name: str
    states: type[models.TextChoices]
    initial: str
    terminal: frozenset[str] | tuple[str, ...]
    transitions: tuple[Transition, ...]
    field: str = "status"
    who: tuple[Rule, ...] = ()
    wording: str = "You cannot {doing} now: the {name} is at '{state}'"
    # Named through the module: ``field`` is the name of the state's model field.
    _by_key: dict = dataclasses.field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self):
        object.__setattr__(self, "initial", str(self.initial))
        object.__setattr__(self, "terminal", frozenset(str(s) for s in self.terminal))
        object.__setattr__(self, "who", tuple(self.who))
        object.__setattr__(self, "_by_key", {t.key: t for t in self.transitions})

    # --- Reading the definition --------------------------------------------------

    @property
    def state_keys(self) -> tuple[str, ...]:
        return tuple(self.states.values)

    @property
    def open_states(self) -> frozenset[str]:
        """States in which something more is expected: every state not terminal."""
        return frozenset(self.state_keys) - self.terminal

    def label(self, state: str) -> str:
        try:
            return self.states(state).label
        except ValueError:
            return state

    def transition(self, key: str) -> Transition:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"{self.name}: no transition {key!r}") from None

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if state in t.sources)

    def steps(self) -> tuple[str, ...]:
        """Every step, in the order its first transition is declared."""
        return tuple(dict.fromkeys(t.step for t in self.transitions))

    def step_transitions(self, step: str) -> tuple[Transition, ...]:
        found = tuple(t for t in self.transitions if t.step == step)
        if not found:
            raise KeyError(f"{self.name}: no step {step!r}")
        return found

    def transition_to(self, state: str, target: str) -> Transition | None:
        """The transition from ``state`` that leads to ``target``, if there is one."""
        for t in self.transitions_from(state):
            if t.lands_on(state) == target:
                return t
        return None

    def targets_from(self, state: str) -> list[str]:
        """The states a record may move to from ``state``, in definition order."""
        return list(dict.fromkeys(t.lands_on(state) for t in self.transitions_from(state)))

    # --- Asking whether something may be done ---------------------------------------

    def _not_now(self, record, *, doing: str, target: str = "", wording: str = "") -> str:
        return (wording or self.wording).format(
            doing=doing,
            name=self.name,
            state=self.label(getattr(record, self.field)),
            target=self.label(target) if target else "",
        )

    def _state_refusal(self, transitions: Iterable[Transition], record, target: str = "") -> str:
        transitions = tuple(transitions)
        state = getattr(record, self.field)
        if any(t.applies_from(state, record) for t in transitions):
            return ""
        first = transitions[0]
        return self._not_now(record, doing=first.doing, target=target, wording=first.refusal)

    def _who_refusal(self, transition: Transition, actor, record) -> str:
        if actor is None:
            return ""
        for rule in (*self.who, *transition.who):
            reason = rule.refuses(actor, record)
            if reason:
                return reason
        return ""

    def _refusal(self, transitions: tuple[Transition, ...], record, actor, target="") -> str:
        # Transitions of one step share their rules (validate() makes sure).
        first = transitions[0]
        reason = self._who_refusal(first, actor, record)
        if reason:
            return reason
        for rule in first.requires:
            reason = rule.refuses(actor, record)
            if reason:
                return reason
        return self._state_refusal(transitions, record, target)

    def refusal(self, transition: str | Transition, *, record, actor) -> str:
        """Why ``actor`` may not perform this transition on ``record`` now ('' if they may)."""
        if isinstance(transition, str):
            transition = self.transition(transition)
        return self._refusal((transition,), record, actor, target=transition.target or "")

    def step_refusal(self, step: str, *, record, actor) -> str:
        """Why ``actor`` may not take this step on ``record`` now ('' if they may)."""
        return self._refusal(self.step_transitions(step), record, actor)

    def target_refusal(self, target: str, *, record, actor) -> str:
        """Why ``actor`` may not move ``record`` to ``target`` now ('' if they may)."""
        state = getattr(record, self.field)
        transition = self.transition_to(state, target)
        if transition is None:
            return self._not_now(record, doing=f"make it {self.label(target)}", target=target)
        return self.refusal(transition, record=record, actor=actor)

    def check(self, transition: str | Transition, *, record, actor) -> Transition:
        """The transition, or ``ServiceError`` saying why it may not happen now."""
        if isinstance(transition, str):
            transition = self.transition(transition)
        reason = self.refusal(transition, record=record, actor=actor)
        if reason:
            raise ServiceError(reason)
        return transition

    def check_step(self, step: str, *, record, actor) -> None:
        reason = self.step_refusal(step, record=record, actor=actor)
        if reason:
            raise ServiceError(reason)

    def available_steps(self, *, record, actor) -> list[str]:
        """The steps ``actor`` may take on ``record`` now, in definition order."""
        if actor is not None and any(rule.refuses(actor, record) for rule in self.who):
            return []
        available = []
        for step in self.steps():
            transitions = self.step_transitions(step)
            # The machine's own rules passed above; ask only the step's.
            first = transitions[0]
            if any(rule.refuses(actor, record) for rule in first.who if actor is not None):
                continue
            if any(rule.refuses(actor, record) for rule in first.requires):
                continue
            if not self._state_refusal(transitions, record):
                available.append(step)
        return available

    def withheld_steps(self, *, record, actor) -> dict[str, Rule]:
        """Steps that fit where ``record`` stands that ``actor`` may not take, each
        with the rule about people that stops them."""
        if actor is None:
            return {}
        # The machine's own rules are asked once, not once per step.
        machine_rule = next((rule for rule in self.who if rule.refuses(actor, record)), None)
        withheld = {}
        for step in self.steps():
            transitions = self.step_transitions(step)
            if self._state_refusal(transitions, record):
                continue
            rule = machine_rule or next(
                (rule for rule in transitions[0].who if rule.refuses(actor, record)), None
            )
            if rule is not None:
                withheld[step] = rule
        return withheld

    # --- Checking the definition itself ---------------------------------------------

    def reachable(self) -> set[str]:
        seen = {self.initial}
        queue = deque([self.initial])
        while queue:
            state = queue.popleft()
            for t in self.transitions_from(state):
                target = t.lands_on(state)
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen

    def validate(self) -> list[str]:
        """Problems with the definition; an empty list means it is sound."""
        problems = []
        states = set(self.state_keys)
        if self.initial not in states:
            problems.append(f"first state {self.initial!r} is not a state")
        for key in sorted(self.terminal - states):
            problems.append(f"terminal state {key!r} is not a state")
        keys = [t.key for t in self.transitions]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"duplicate transition key {key!r}")
        for t in self.transitions:
            if not t.sources:
                problems.append(f"transition {t.key!r} has no source state")
            for source in sorted(t.sources - states):
                problems.append(f"transition {t.key!r} from unknown state {source!r}")
            if t.target is not None and t.target not in states:
                problems.append(f"transition {t.key!r} to unknown state {t.target!r}")
        for step in self.steps():
            transitions = self.step_transitions(step)
            shared = {(t.doing, t.who, t.requires) for t in transitions}
            if len(shared) > 1:
                problems.append(f"step {step!r}: its transitions differ in wording or rules")
        reachable = self.reachable()
        for state in self.state_keys:
            if state not in reachable:
                problems.append(f"state {state!r} is unreachable from {self.initial!r}")
            exits = [t for t in self.transitions_from(state) if t.lands_on(state) != state]
            if state in self.terminal and exits:
                problems.append(f"terminal state {state!r} has a way out")
            if state not in self.terminal and not exits:
                problems.append(f"state {state!r} is not terminal but has no way out")
        return problems


def perform(
    machine: StateMachine,
    *,
    queryset: models.QuerySet,
    record: models.Model,
    transition: str,
    actor,
    fields: dict | None = None,
) -> models.Model:
    """Perform one transition: lock the row, check, set the state and ``fields``, save.

    The row is read again under ``select_for_update`` (the queryset's own
    lock if it has one, else the row alone) so the check sees the state as it
    is now, not as the person saw it. Returns the saved row; the
    model's transition service writes the case timeline in the same transaction.
    Change history (pghistory) records ``actor`` as who made the change.
    """
    with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
        if not queryset.query.select_for_update:
            queryset = queryset.select_for_update(of=("self",))
        locked = queryset.get(pk=record.pk)
        checked = machine.check(transition, record=locked, actor=actor)
        state = getattr(locked, machine.field)
        setattr(locked, machine.field, checked.lands_on(state))
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        locked.save()
    return locked
