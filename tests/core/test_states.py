"""The shared structure for states and transitions, without a database."""

from types import SimpleNamespace

import pytest
from django.db import models

from core.errors import ServiceError
from core.states import Rule, StateMachine, Transition


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    OFF = "off", "Off"


KEY_HOLDER = Rule(lambda actor, record: actor.has_key, "Only a key holder can do this")
NOT_BROKEN = Rule(lambda actor, record: not record.broken, "The light is broken")

LIGHT = StateMachine(
    name="light",
    states=Light,
    initial=Light.RED,
    terminal=(Light.OFF,),
    transitions=(
        Transition("go", "Go", Light.RED, Light.GREEN, requires=(NOT_BROKEN,)),
        Transition("slow", "Slow", Light.GREEN, Light.AMBER, requires=(NOT_BROKEN,)),
        Transition("stop", "Stop", (Light.AMBER, Light.GREEN), Light.RED, step="halt"),
        Transition("stop_now", "Stop at once", Light.AMBER, Light.RED, step="halt", doing="stop"),
        Transition(
            "switch_off", "Switch off", (Light.RED, Light.GREEN), Light.OFF, who=(KEY_HOLDER,)
        ),
        Transition("repaint", "Repaint", Light.RED, None, when=lambda light: light.faded),
    ),
)


def light(state, *, broken=False, faded=False):
    return SimpleNamespace(status=state, broken=broken, faded=faded)


KEY = SimpleNamespace(has_key=True)
NO_KEY = SimpleNamespace(has_key=False)


def test_a_sound_definition_has_no_problems():
    assert LIGHT.validate() == []
    assert LIGHT.reachable() == {"red", "green", "amber", "off"}
    assert LIGHT.open_states == {"red", "green", "amber"}


def test_validate_names_every_kind_of_mistake():
    broken = StateMachine(
        name="light",
        states=Light,
        initial=Light.RED,
        terminal=(Light.OFF, "gone"),
        transitions=(
            Transition("go", "Go", Light.RED, Light.GREEN),
            Transition("go", "Go again", Light.GREEN, "nowhere"),
            Transition("back", "Back", "limbo", Light.RED),
            Transition("escape", "Escape", Light.OFF, Light.RED),
            Transition("a", "A", Light.RED, Light.RED, step="s", who=(KEY_HOLDER,)),
            Transition("b", "B", Light.RED, Light.RED, step="s"),
        ),
    )
    problems = broken.validate()
    assert "terminal state 'gone' is not a state" in problems
    assert "duplicate transition key 'go'" in problems
    assert "transition 'go' to unknown state 'nowhere'" in problems
    assert "transition 'back' from unknown state 'limbo'" in problems
    assert "step 's': its transitions differ in wording or rules" in problems
    assert "state 'amber' is unreachable from 'red'" in problems
    assert "state 'off' is unreachable from 'red'" in problems
    assert "terminal state 'off' has a way out" in problems
    assert "state 'amber' is not terminal but has no way out" in problems


def test_a_transition_from_another_state_is_refused_in_words():
    assert LIGHT.refusal("slow", record=light("red"), actor=KEY) == (
        "You cannot slow now: the light is at 'Red'"
    )
    with pytest.raises(ServiceError, match="You cannot slow now: the light is at 'Red'"):
        LIGHT.check("slow", record=light("red"), actor=KEY)


def test_who_and_what_the_record_must_be_come_before_where_it_stands():
    assert LIGHT.refusal("switch_off", record=light("amber"), actor=NO_KEY) == (
        "Only a key holder can do this"
    )
    assert (
        LIGHT.refusal("go", record=light("green", broken=True), actor=KEY) == "The light is broken"
    )
    assert LIGHT.refusal("switch_off", record=light("red"), actor=KEY) == ""


def test_waymark_itself_passes_the_rules_about_people_but_not_about_the_record():
    assert LIGHT.refusal("switch_off", record=light("red"), actor=None) == ""
    assert (
        LIGHT.refusal("go", record=light("red", broken=True), actor=None) == "The light is broken"
    )


def test_a_step_fits_when_any_of_its_transitions_does():
    assert LIGHT.step_refusal("halt", record=light("green"), actor=KEY) == ""
    assert LIGHT.step_refusal("halt", record=light("amber"), actor=KEY) == ""
    assert LIGHT.step_refusal("halt", record=light("red"), actor=KEY) == (
        "You cannot stop now: the light is at 'Red'"
    )


def test_a_condition_on_the_record_limits_a_transition_from_its_source():
    assert LIGHT.refusal("repaint", record=light("red", faded=True), actor=KEY) == ""
    assert "cannot repaint now" in LIGHT.refusal("repaint", record=light("red"), actor=KEY)


def test_available_steps_are_what_this_person_may_do_now_in_definition_order():
    assert LIGHT.available_steps(record=light("red"), actor=KEY) == ["go", "switch_off"]
    assert LIGHT.available_steps(record=light("red"), actor=NO_KEY) == ["go"]
    assert LIGHT.available_steps(record=light("red", faded=True), actor=NO_KEY) == [
        "go",
        "repaint",
    ]
    assert LIGHT.available_steps(record=light("off"), actor=KEY) == []
    assert LIGHT.withheld_steps(record=light("green"), actor=NO_KEY) == {"switch_off": KEY_HOLDER}


def test_moving_to_a_state_finds_the_transition_or_says_why_not():
    assert LIGHT.transition_to("green", "red").key == "stop"
    assert LIGHT.targets_from("green") == ["amber", "red", "off"]
    assert LIGHT.target_refusal("off", record=light("amber"), actor=KEY) == (
        "You cannot make it Off now: the light is at 'Amber'"
    )
    assert LIGHT.target_refusal("red", record=light("amber"), actor=KEY) == ""


def test_a_transition_without_a_target_stays_where_it_is():
    repaint = LIGHT.transition("repaint")
    assert repaint.lands_on("red") == "red"
    assert LIGHT.transition("go").lands_on("red") == "green"
