"""4.6 Adult Social Care, 4.8 Transition to Adulthood and 4.9 Trading Standards belong
to those teams: only their staff (or the Lead) move the steps."""

import re

import pytest

from accounts.models import AgencyType, ServiceArea
from accounts.roles import Role
from core.errors import ServiceError
from pathways.services import pathway_start, pathway_transition
from tests.factories import AgencyFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def council_worker(name, service_area):
    agency = AgencyFactory(
        name=name, agency_type=AgencyType.LOCAL_AUTHORITY, service_area=service_area
    )
    return agency, UserFactory(username=name, agency=agency, roles=[Role.FRONTLINE_WORKER])


@pytest.mark.parametrize(
    ("pathway_key", "transition_key", "team"),
    [
        ("adult_social_care", "start_s42_enquiry", ServiceArea.ADULT_SOCIAL_CARE),
        ("transition_to_adulthood", "discuss_at_panel", ServiceArea.CHILDRENS_SERVICES),
        ("trading_standards", "record_intelligence", ServiceArea.TRADING_STANDARDS),
    ],
)
def test_only_the_team_moves_its_own_pathway(lead, pathway_key, transition_key, team):
    housing, housing_worker = council_worker("Council Housing", ServiceArea.HOUSING)
    own, own_worker = council_worker("Council Team", team)
    case = CaseFactory(raised_by=housing, shared_with=[own])
    if pathway_key == "transition_to_adulthood":
        on = pathway_start(
            actor=lead, case=case, pathway_key=pathway_key, date_of_birth_unknown=True
        )
    else:
        on = pathway_start(actor=lead, case=case, pathway_key=pathway_key)
    with pytest.raises(ServiceError, match=re.escape(f"belongs to the {team.label} team")):
        pathway_transition(actor=housing_worker, case_pathway=on, transition_key=transition_key)
    moved = pathway_transition(actor=own_worker, case_pathway=on, transition_key=transition_key)
    assert moved.state_key != on.state_key
