"""Every deadline carries its source; the Lead sets local-practice timescales."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.dates import add_working_days
from core.errors import ServiceError
from pathways.definitions import PATHWAYS
from pathways.engine import LOCAL_PRACTICE
from pathways.models import CasePathway, TimescaleChange
from pathways.services import pathway_start, pathway_transition, timescale_change
from tests.factories import CaseFactory

URL = "/pathways/timescales/"


def test_every_deadline_in_every_definition_has_a_source():
    for pathway in PATHWAYS.values():
        for state in pathway.states:
            if state.deadline is not None:
                assert state.deadline.source.strip(), (pathway.key, state.key)


def test_only_the_statutory_and_national_timescales_claim_a_source_other_than_local_practice():
    sourced = {
        (p.key, s.key)
        for p in PATHWAYS.values()
        for s in p.states
        if s.deadline is not None and s.deadline.source != LOCAL_PRACTICE
    }
    assert ("during_nrm", "awaiting_rg") in sourced
    assert ("during_nrm", "recovery_period") in sourced
    assert ("post_nrm", "move_on_support") in sourced
    # Chosen during development: the partnership's local practice.
    assert ("initial_identification", "concern_raised") not in sourced
    assert ("housing", "enquiries") not in sourced
    assert ("adult_social_care", "s42_enquiry") not in sourced


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(PATHWAYS))
def test_the_command_prints_each_definition_as_json(key):
    out = StringIO()
    call_command("pathways", key, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    pathway = PATHWAYS[key]
    assert list(data) == ["key", "number", "title", "states", "transitions"]
    assert (data["key"], data["number"], data["title"]) == (key, pathway.number, pathway.name)
    for state in data["states"]:
        assert list(state) == [
            "key",
            "label",
            "terminal",
            "deadline_days",
            "working_days",
            "deadline_source",
        ]
        if state["deadline_days"] is not None:
            assert state["deadline_source"]
    assert all(list(t) == ["from", "to", "label"] for t in data["transitions"])
    # Every state reaches an end.
    ends = {s["key"] for s in data["states"] if s["terminal"]}
    reach = set(ends)
    while True:
        more = {t["from"] for t in data["transitions"] if t["to"] in reach} - reach
        if not more:
            break
        reach |= more
    assert reach == {s["key"] for s in data["states"]}


@pytest.mark.django_db
def test_json_says_pre_nrm_is_4_2_1_with_its_deadline_and_source():
    out = StringIO()
    call_command("pathways", "during_nrm", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["number"] == "4.2.2"
    rg = next(s for s in data["states"] if s["key"] == "awaiting_rg")
    assert rg["deadline_days"] == 5 and rg["working_days"] is True
    assert "Statutory Guidance" in rg["deadline_source"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "board_member", "outsider", "serac_chair", "administrator"]
)
def test_only_the_lead_can_open_the_timescales(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    edit = reverse("pathways:timescale_edit", args=["housing", "referred"])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"applies": "no", "reason": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_lead_sees_every_deadline_with_its_source_and_that_open_steps_keep_theirs(client, lead):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert "Modern Slavery Statutory Guidance" in page
    assert "Local practice" in page
    assert "steps already open keep the deadline they were given" in page
    count = sum(1 for p in PATHWAYS.values() for s in p.states if s.deadline and not s.terminal)
    assert len(client.get(URL).context["deadlines"]) == count


@pytest.mark.django_db
def test_the_lead_changes_a_local_practice_deadline_for_steps_entered_afterwards(
    client, lead, agency_a
):
    case = CaseFactory(raised_by=agency_a)
    open_step = pathway_start(actor=lead, case=case, pathway_key="housing")
    kept = open_step.due_on
    client.force_login(lead)
    response = client.post(
        reverse("pathways:timescale_edit", args=["housing", "need_identified"]),
        {"applies": "yes", "days": "4", "reason": "Agreed at the partnership board"},
    )
    assert response.status_code == 302
    change = TimescaleChange.objects.get()
    assert (change.actor, change.before_days, change.after_days) == (lead, 1, 4)
    assert change.reason == "Agreed at the partnership board" and change.created_at
    open_step.refresh_from_db()
    assert open_step.due_on == kept  # the open step keeps its deadline
    other = pathway_start(actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="housing")
    assert other.due_on == add_working_days(timezone.localdate(), 4)
    assert "4 working days" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_statutory_deadline_can_be_turned_off_but_not_renumbered(lead, agency_a):
    with pytest.raises(ServiceError, match="cannot be changed here"):
        timescale_change(
            actor=lead,
            pathway_key="during_nrm",
            state_key="awaiting_rg",
            days=10,
            enabled=True,
            reason="Faster",
        )
    timescale_change(
        actor=lead,
        pathway_key="during_nrm",
        state_key="awaiting_rg",
        days=None,
        enabled=False,
        reason="We monitor this on the NRM episode",
    )
    change = TimescaleChange.objects.get()
    assert (change.before_enabled, change.after_enabled) == (True, False)
    step = pathway_start(actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="during_nrm")
    assert step.due_on is None


@pytest.mark.django_db
def test_a_change_needs_a_reason_and_only_the_lead_may_make_it(lead, worker_a):
    with pytest.raises(ServiceError, match="reason"):
        timescale_change(
            actor=lead,
            pathway_key="housing",
            state_key="referred",
            days=3,
            enabled=True,
            reason=" ",
        )
    with pytest.raises(ServiceError, match="Only the Modern Slavery Lead"):
        timescale_change(
            actor=worker_a,
            pathway_key="housing",
            state_key="referred",
            days=3,
            enabled=True,
            reason="Why not",
        )
    assert not TimescaleChange.objects.exists()


@pytest.mark.django_db
def test_the_form_names_the_field_in_error(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("pathways:timescale_edit", args=["housing", "referred"]),
        {"applies": "yes", "days": "", "reason": ""},
    )
    body = response.content.decode()
    assert "Enter the number of days" in body and "Enter the reason for the change" in body


@pytest.mark.django_db
def test_the_protocol_page_shows_each_deadline_with_its_source(client, worker_a):
    client.force_login(worker_a)
    page = client.get(reverse("pathways:protocol_pathway", args=["during_nrm"])).content.decode()
    assert "Time allowed: 5 working days. Source: Modern Slavery Statutory Guidance" in page
    page = client.get(reverse("pathways:protocol_pathway", args=["housing"])).content.decode()
    assert "Source: Partnership&#x27;s local practice" in page


def test_the_diagram_shows_each_deadline_beside_its_source():
    from pathways.diagrams import to_dot

    dot = to_dot(PATHWAYS["housing"]).replace("\\n", " ")
    assert "local practice" in dot and "Housing Act 1996 s189B" in dot


@pytest.mark.django_db
def test_moving_on_uses_the_timescale_in_force_when_the_step_is_entered(lead, agency_a):
    step = pathway_start(actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="housing")
    timescale_change(
        actor=lead,
        pathway_key="housing",
        state_key="referred",
        days=None,
        enabled=False,
        reason="Not monitored",
    )
    moved = pathway_transition(actor=lead, case_pathway=step, transition_key="refer")
    assert moved.state_key == "referred" and moved.due_on is None
    assert CasePathway.objects.get(pk=step.pk).due_on is None
