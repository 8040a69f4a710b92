"""No dead ends: every pathway can be closed from any open step, with a reason, and a
system check says so for every definition."""

import pytest

from core.errors import ServiceError
from pathways import checks
from pathways.definitions import PATHWAYS
from pathways.engine import Pathway, State, Transition
from pathways.services import pathway_start, pathway_transition
from tests.factories import CaseFactory

ALL = list(PATHWAYS.values())


@pytest.mark.parametrize("pathway", ALL, ids=list(PATHWAYS))
def test_from_every_state_the_end_can_be_reached(pathway):
    assert pathway.dead_ends() == set()


@pytest.mark.parametrize("pathway", ALL, ids=list(PATHWAYS))
def test_every_open_state_can_be_closed_with_a_reason(pathway):
    for state in pathway.states:
        if state.terminal:
            continue
        closing = [
            t
            for t in pathway.transitions_from(state.key)
            if pathway.state(t.target).terminal and t.requires_note and not t.driven_by_fact
        ]
        assert closing, (pathway.key, state.key)


def test_the_system_check_finds_a_dead_end(monkeypatch):
    stuck = Pathway(
        key="stuck",
        name="Stuck",
        number="9.9",
        description="",
        initial="a",
        states=(
            State("a", "A", "Go."),
            State("b", "B", "Round and round."),
            State("c", "C", "Round and round."),
            State("end", "End", "Done.", terminal=True),
        ),
        transitions=(
            Transition("finish", "Finish", "a", "end"),
            Transition("loop", "Loop", "a", "b"),
            Transition("b_to_c", "On", "b", "c"),
            Transition("c_to_b", "Back", "c", "b"),
        ),
    )
    assert checks.check_definitions() == []
    monkeypatch.setitem(checks.PATHWAYS, "stuck", stuck)
    errors = checks.check_definitions()
    assert {e.id for e in errors} == {"pathways.E003"}
    assert any("'b' cannot reach the end" in e.msg for e in errors)
    assert any("'c' cannot reach the end" in e.msg for e in errors)


@pytest.mark.django_db
def test_trading_standards_closes_without_an_inspection_visit(lead, agency_a):
    on = pathway_start(
        actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="trading_standards"
    )
    with pytest.raises(ServiceError, match="note"):
        pathway_transition(actor=lead, case_pathway=on, transition_key="close")
    closed = pathway_transition(
        actor=lead, case_pathway=on, transition_key="close", note="Business closed down"
    )
    assert closed.state_key == "closed" and closed.completed_at


@pytest.mark.django_db
def test_adult_social_care_closes_after_an_s42_enquiry(lead, agency_a):
    on = pathway_start(
        actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="adult_social_care"
    )
    on = pathway_transition(actor=lead, case_pathway=on, transition_key="start_s42_enquiry")
    closed = pathway_transition(
        actor=lead, case_pathway=on, transition_key="close", note="Enquiry found no further need"
    )
    assert closed.state_key == "closed"


@pytest.mark.django_db
def test_only_the_lead_closes_an_nrm_pathway_by_hand(lead, worker_a, agency_a):
    on = pathway_start(actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="during_nrm")
    with pytest.raises(ServiceError, match="Only these roles"):
        pathway_transition(actor=worker_a, case_pathway=on, transition_key="close", note="Gone")
    assert (
        pathway_transition(actor=lead, case_pathway=on, transition_key="close", note="Gone")
    ).state_key == "closed"
