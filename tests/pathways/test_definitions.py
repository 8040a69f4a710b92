"""The pathway definitions and engine, without a database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import AgencyType
from accounts.roles import Role
from pathways.definitions import PATHWAYS, get_pathway
from pathways.engine import (
    FACT_DESCRIPTIONS,
    STAFF_ROLES,
    Deadline,
    Pathway,
    State,
    Transition,
    allowed_transitions,
    refusal_reason,
)

KEYS = [
    "initial_identification",
    "pre_nrm",
    "during_nrm",
    "post_nrm",
    "specialist_support",
    "skills_employment",
    "housing",
    "adult_social_care",
    "health",
    "transition_to_adulthood",
    "trading_standards",
]
ALL = list(PATHWAYS.values())


def test_exactly_eleven_pathways_in_protocol_order():
    assert list(PATHWAYS) == KEYS
    assert [p.display for p in ALL] == [
        "4.1 Initial Identification & Safeguarding",
        "4.2.1 Pre-NRM",
        "4.2.2 During NRM",
        "4.2.3 Post NRM",
        "4.3 Access to Specialist Support",
        "4.4 Access to Skills & Employment",
        "4.5 Access to Housing",
        "4.6 Adult Social Care",
        "4.7 Health",
        "4.8 Transition to Adulthood",
        "4.9 Trading Standards",
    ]
    assert get_pathway("housing") is PATHWAYS["housing"]
    with pytest.raises(KeyError, match="valid keys"):
        get_pathway("nope")


@pytest.mark.parametrize("pathway", ALL, ids=KEYS)
def test_pathway_validates(pathway):
    assert pathway.validate() == []


@pytest.mark.parametrize("pathway", ALL, ids=KEYS)
def test_structure(pathway):
    keys = {s.key for s in pathway.states}
    assert pathway.reachable() == keys
    for t in pathway.transitions:
        assert set(t.sources) <= keys
        assert t.target in keys
    for s in pathway.states:
        assert bool(pathway.transitions_from(s.key)) != s.terminal, s.key
        assert s.guidance.strip() and s.label.strip()
        assert s.guidance.count(".") <= 4, f"{s.key}: guidance should be 1-3 sentences"
        if s.deadline:
            assert s.deadline.setting.startswith("WAYMARK_DEADLINE_")
    assert any(s.terminal for s in pathway.states)


@pytest.mark.parametrize("pathway", ALL, ids=KEYS)
def test_restrictions_use_real_choices(pathway):
    agency_types = set(AgencyType.values)
    for t in pathway.transitions:
        assert t.agency_types is None or t.agency_types <= agency_types
        assert t.allowed_roles is None or t.allowed_roles <= set(Role)
        assert not t.driven_by_fact or t.driven_by_fact in FACT_DESCRIPTIONS


def test_deadline_settings_are_unique_per_meaning():
    seen = {}
    for p in ALL:
        for s in p.states:
            if s.deadline:
                days = seen.setdefault(s.deadline.setting, s.deadline)
                assert days == s.deadline, s.deadline.setting


def test_nrm_timers_have_the_domain_values():
    rg = get_pathway("during_nrm").state("awaiting_rg").deadline
    assert (rg.days, rg.working_days) == (5, True)
    recovery = get_pathway("during_nrm").state("recovery_period").deadline
    assert (recovery.days, recovery.working_days) == (30, False)
    post = get_pathway("post_nrm")
    assert post.state("move_on_support").deadline.days == 45
    assert post.state("short_move_on").deadline.days == 14


def test_deadline_setting_overrides_days(settings):
    deadline = Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_NRM_RG_DAYS")
    assert deadline.resolved_days() == 5
    settings.WAYMARK_DEADLINE_NRM_RG_DAYS = 7
    assert deadline.resolved_days() == 7
    assert deadline.describe() == "7 working days"
    assert Deadline(0).describe() == "same day"


def test_nrm_steps_are_fact_driven():
    facts = set().union(*(p.facts() for p in ALL))
    assert {
        "nrm_consent_given",
        "nrm_consent_declined",
        "nrm_submitted",
        "dtn_submitted",
        "rg_positive",
        "rg_negative",
        "cg_positive",
        "cg_negative",
        "nrm_withdrawn",
        "reconsideration_requested",
        "move_on_started",
        "exited_support",
    } <= facts
    during = get_pathway("during_nrm")
    assert during.transition_for_fact("awaiting_rg", "rg_positive").target == "recovery_period"
    assert during.transition_for_fact("awaiting_rg", "cg_positive") is None
    non_terminal = {s.key for s in during.states if not s.terminal}
    assert set(during.transition("withdraw").sources) == non_terminal


def test_validate_finds_problems():
    broken = Pathway(
        key="broken",
        name="Broken",
        number="9.9",
        description="",
        initial="a",
        states=(
            State("a", "A", "Go."),
            State("b", "B", "Stuck."),
            State("b", "B again", "Duplicate."),
            State("end", "End", "Done.", terminal=True),
            State("island", "Island", ""),
        ),
        transitions=(
            Transition("go", "Go", "a", "b"),
            Transition("go", "Go again", "a", "nowhere"),
            Transition("leave_end", "Leave", "end", "a"),
            Transition("from_island", "Off", "island", "a"),
        ),
    )
    problems = "\n".join(broken.validate())
    assert "duplicate state key 'b'" in problems
    assert "duplicate transition key 'go'" in problems
    assert "to unknown state 'nowhere'" in problems
    assert "'island' is unreachable" in problems
    assert "'end' is unreachable" in problems
    assert "non-terminal state 'b' has no way out" in problems
    assert "terminal state 'end' has a way out" in problems
    assert "'island' has no guidance" in problems
    unknown_initial = Pathway("x", "X", 1, "", (State("a", "A", "Go.", terminal=True),), (), "z")
    assert "initial state 'z' is not a state" in unknown_initial.validate()


def actor(**overrides):
    base = {
        "roles": {Role.FRONTLINE_WORKER},
        "agency_type": AgencyType.VOLUNTARY,
        "is_first_responder": False,
    }
    return base | overrides


def test_first_responder_only():
    pre = get_pathway("pre_nrm")
    assert [t.key for t in allowed_transitions(pre, "consent_given", **actor())] == [
        "refer_to_first_responder"
    ]
    reason = refusal_reason(pre, "consent_given", "prepare_referral", **actor())
    assert reason.startswith("Only a First Responder organisation can record this")
    fr = actor(is_first_responder=True, agency_type=AgencyType.POLICE)
    assert "prepare_referral" in [t.key for t in allowed_transitions(pre, "consent_given", **fr)]
    # Even the Modern Slavery Lead needs a First Responder organisation.
    msl = actor(roles={Role.MODERN_SLAVERY_LEAD})
    assert refusal_reason(pre, "consent_given", "prepare_referral", **msl)


def test_fact_driven_steps_are_not_buttons():
    during = get_pathway("during_nrm")
    lead = actor(roles={Role.MODERN_SLAVERY_LEAD}, is_first_responder=True)
    # Only closing by hand (the Lead's, with a reason) is a button.
    assert [t.key for t in allowed_transitions(during, "awaiting_rg", **lead)] == ["close"]
    assert (
        refusal_reason(during, "awaiting_rg", "rg_positive", **lead)
        == "This step is done by recording the NRM decision on the referral"
    )
    keys = [
        t.key for t in allowed_transitions(during, "awaiting_rg", **lead, include_fact_driven=True)
    ]
    assert keys == ["rg_positive", "rg_negative", "withdraw", "close"]


def test_agency_type_and_modern_slavery_lead():
    ts = get_pathway("trading_standards")
    assert allowed_transitions(ts, "concern_received", **actor()) == []
    assert "Trading Standards team" in refusal_reason(
        ts, "concern_received", "record_intelligence", **actor()
    )
    # Any local authority no longer: the step belongs to the Trading Standards team.
    council = actor(agency_type=AgencyType.LOCAL_AUTHORITY)
    assert allowed_transitions(ts, "concern_received", **council) == []
    team = actor(agency_type=AgencyType.LOCAL_AUTHORITY, team="trading_standards")
    assert allowed_transitions(ts, "concern_received", **team)
    msl = actor(roles={Role.MODERN_SLAVERY_LEAD}, agency_type=None)
    assert allowed_transitions(get_pathway("health"), "concern_identified", **msl)
    nhs = actor(agency_type=AgencyType.NHS)
    assert allowed_transitions(get_pathway("health"), "concern_identified", **nhs)


def test_non_staff_and_moved_on():
    ii = get_pathway("initial_identification")
    assert allowed_transitions(ii, "concern_raised", **actor(roles={Role.BOARD_MEMBER})) == []
    assert allowed_transitions(ii, "concern_raised", **actor(roles=set())) == []
    assert (
        refusal_reason(ii, "done", "assess_danger", **actor())
        == "The case has moved on: this step is not available from Initial safeguarding complete"
    )


ROLE_SETS = st.sets(st.sampled_from(list(Role)), max_size=3)
AGENCY_TYPES = st.one_of(st.none(), st.sampled_from(AgencyType.values))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_walks_keep_invariants(data):
    pathway = data.draw(st.sampled_from(ALL), label="pathway")
    who = {
        "roles": data.draw(ROLE_SETS, label="roles"),
        "agency_type": data.draw(AGENCY_TYPES, label="agency_type"),
        "is_first_responder": data.draw(st.booleans(), label="is_first_responder"),
    }
    include_facts = data.draw(st.booleans(), label="include_fact_driven")
    state = pathway.initial
    for _ in range(data.draw(st.integers(0, 25), label="steps")):
        assert pathway.has_state(state)
        offered = allowed_transitions(pathway, state, **who, include_fact_driven=include_facts)
        if pathway.state(state).terminal:
            assert offered == []
            assert pathway.transitions_from(state) == ()
        offered_keys = {t.key for t in offered}
        for t in pathway.transitions:
            reason = refusal_reason(pathway, state, t, **who, include_fact_driven=include_facts)
            assert (t.key in offered_keys) == (reason == ""), (t.key, reason)
            if state not in t.sources:
                assert reason.startswith("The case has moved on")
            elif t.driven_by_fact and not include_facts:
                assert reason.startswith("This step is done by")
            elif not who["roles"] & STAFF_ROLES:
                assert reason
            elif t.first_responder_only and not who["is_first_responder"]:
                assert reason.startswith("Only a First Responder organisation can record this")
            elif Role.MODERN_SLAVERY_LEAD in who["roles"]:
                assert reason == ""
        if not offered:
            break
        state = data.draw(st.sampled_from(offered), label="transition").target
    assert pathway.has_state(state)


def test_pathways_a_step_starts_all_exist():
    for pathway in PATHWAYS.values():
        for transition in pathway.transitions:
            for key in transition.starts_pathways:
                assert key in PATHWAYS, (pathway.key, transition.key, key)


def test_a_deadline_can_be_corrected_by_setting_or_environment(monkeypatch, settings):
    from pathways.engine import Deadline

    deadline = Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_NRM_RG_DAYS")
    assert deadline.resolved_days() == 5
    monkeypatch.setenv("WAYMARK_DEADLINE_NRM_RG_DAYS", "7")
    assert deadline.resolved_days() == 7
    settings.WAYMARK_DEADLINE_NRM_RG_DAYS = 9
    assert deadline.resolved_days() == 9
