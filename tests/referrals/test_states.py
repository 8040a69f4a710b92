"""The NRM episode's and the service referral's definitions, without a database."""

import dataclasses
from types import SimpleNamespace

import pytest

from accounts.models import AgencyType
from accounts.roles import Role
from core.errors import ServiceError
from referrals.models import EpisodeState, ReferralStatus
from referrals.states import (
    FIRST_RESPONDER,
    FIRST_RESPONDER_OR_SUPPORT_PROVIDER,
    NRM_EPISODE,
    SERVICE_REFERRAL,
)
from referrals.views import STEPS

# Waymark's own clock steps have no form; everything else a person records does.
CLOCK_STEPS = {"recovery_period_ended"}


def person(*, roles=(Role.FRONTLINE_WORKER,), first_responder=False, agency_type="police"):
    """A signed-in person, with roles known up front so no database is asked."""
    agency = SimpleNamespace(is_first_responder=first_responder, agency_type=agency_type)
    return SimpleNamespace(
        is_authenticated=True, _waymark_roles=frozenset(roles), agency=agency, agency_id=1
    )


LEAD = person(
    roles=(Role.MODERN_SLAVERY_LEAD,), first_responder=True, agency_type="local_authority"
)


def episode(state, **fields):
    values = {"rg_is_positive": True, "exit_destination": "", "case": None, **fields}
    return SimpleNamespace(state=state, **values)


@pytest.mark.parametrize("machine", [NRM_EPISODE, SERVICE_REFERRAL], ids=lambda m: m.name)
def test_the_definition_is_sound(machine):
    assert machine.validate() == []
    assert machine.reachable() == set(machine.state_keys)
    for transition in machine.transitions:
        assert transition.sources <= set(machine.state_keys)
        assert transition.target is None or transition.target in machine.state_keys


def test_the_closed_states_are_the_four_where_nothing_more_is_expected():
    assert NRM_EPISODE.terminal == {"dtn_submitted", "disqualified", "withdrawn", "exited"}
    assert NRM_EPISODE.open_states == set(EpisodeState.values) - NRM_EPISODE.terminal


def test_every_step_a_person_records_has_a_form_and_every_form_a_step():
    assert set(STEPS) == set(NRM_EPISODE.steps()) - CLOCK_STEPS


@pytest.mark.parametrize("state", EpisodeState.values)
def test_each_step_that_does_not_fit_the_state_is_refused_in_words(state):
    # The Lead passes every rule about people, so only where the episode stands decides.
    record = episode(state)
    available = NRM_EPISODE.available_steps(record=record, actor=LEAD)
    for step in STEPS:
        if step in available:
            NRM_EPISODE.check_step(step, record=record, actor=LEAD)
            continue
        with pytest.raises(ServiceError) as refused:
            NRM_EPISODE.check_step(step, record=record, actor=LEAD)
        label = EpisodeState(state).label
        assert str(refused.value) in (
            f"You cannot {NRM_EPISODE.step_transitions(step)[0].doing} now: "
            f"the episode is at '{label}'",
            "A Conclusive Grounds decision needs a positive Reasonable Grounds decision first",
        )


def test_steps_offered_where_an_episode_stands():
    assert NRM_EPISODE.available_steps(record=episode("consent_pending"), actor=LEAD) == [
        "consent",
        "withdrawal",
    ]
    assert NRM_EPISODE.available_steps(record=episode("awaiting_cg"), actor=LEAD) == [
        "cg",
        "disqualification",
        "withdrawal",
    ]
    assert NRM_EPISODE.available_steps(record=episode("dtn_submitted"), actor=LEAD) == []


def test_an_exit_is_recorded_later_only_while_the_destination_is_missing():
    assert NRM_EPISODE.available_steps(record=episode("exited"), actor=LEAD) == ["exit"]
    done = episode("exited", exit_destination="Own tenancy")
    assert NRM_EPISODE.available_steps(record=done, actor=LEAD) == []
    with pytest.raises(ServiceError, match="You cannot record an exit now"):
        NRM_EPISODE.check_step("exit", record=done, actor=LEAD)


def test_a_cg_decision_needs_a_positive_rg_whatever_the_state():
    for state in ("awaiting_rg", "awaiting_cg"):
        with pytest.raises(ServiceError, match="needs a positive Reasonable Grounds"):
            NRM_EPISODE.check_step("cg", record=episode(state, rg_is_positive=False), actor=LEAD)


# The rules about people, asked without the "may work on this case" rule, which
# reads the case's permission rows.
STEP_RULES_ONLY = dataclasses.replace(NRM_EPISODE, who=())


def test_only_first_responder_staff_record_a_submission_or_a_duty_to_notify():
    charity = person(agency_type=AgencyType.VOLUNTARY)
    police = person(first_responder=True)
    for step, state in (("submission", "consent_given"), ("dtn", "consent_declined")):
        with pytest.raises(ServiceError, match="Only staff of a First Responder organisation"):
            STEP_RULES_ONLY.check_step(step, record=episode(state), actor=charity)
        STEP_RULES_ONLY.check_step(step, record=episode(state), actor=police)
        assert STEP_RULES_ONLY.withheld_steps(record=episode(state), actor=charity) == {
            step: FIRST_RESPONDER
        }


def test_only_a_first_responder_a_support_provider_or_the_lead_asks_for_reconsideration():
    nurse = person(agency_type=AgencyType.NHS)
    with pytest.raises(ServiceError, match="Only the First Responder or a support provider"):
        STEP_RULES_ONLY.check_step("reconsideration", record=episode("rg_negative"), actor=nurse)
    assert STEP_RULES_ONLY.withheld_steps(record=episode("rg_negative"), actor=nurse) == {
        "reconsideration": FIRST_RESPONDER_OR_SUPPORT_PROVIDER
    }
    for allowed in (person(first_responder=True), person(agency_type="voluntary"), LEAD):
        STEP_RULES_ONLY.check_step("reconsideration", record=episode("cg_negative"), actor=allowed)


def test_only_waymark_ends_a_recovery_period():
    with pytest.raises(ServiceError, match="Waymark records this itself"):
        NRM_EPISODE.check("recovery_period_ended", record=episode("recovery_period"), actor=LEAD)
    NRM_EPISODE.check("recovery_period_ended", record=episode("recovery_period"), actor=None)


def test_a_service_referral_moves_only_where_its_definition_allows():
    sent = SimpleNamespace(status="sent", case=None)
    assert sorted(SERVICE_REFERRAL.targets_from("sent")) == [
        "accepted",
        "declined",
        "no_capacity",
        "withdrawn",
    ]
    assert SERVICE_REFERRAL.targets_from("ended") == []
    assert SERVICE_REFERRAL.target_refusal("ended", record=sent, actor=None) == (
        "A referral that is 'Sent' cannot become 'Ended'"
    )
    needs_reason = {t.target for t in SERVICE_REFERRAL.transitions if t.requires_note}
    assert needs_reason == {ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.ENDED}
    assert SERVICE_REFERRAL.terminal == {"declined", "no_capacity", "withdrawn", "ended"}
