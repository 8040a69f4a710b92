"""SERAC personas: members from two member agencies; worker_b's charity is not a member."""

import pytest

from accounts.models import AgencyType
from accounts.roles import Role
from tests.factories import AgencyFactory, CaseFactory, PersonFactory, UserFactory
from tests.serac.factories import SeracMeetingFactory


@pytest.fixture
def nhs(db):
    return AgencyFactory(name="City Hospital", agency_type=AgencyType.NHS)


@pytest.fixture
def police_member(agency_a):
    return UserFactory(
        username="police.member",
        agency=agency_a,
        roles=[Role.FRONTLINE_WORKER, Role.SERAC_MEMBER],
    )


@pytest.fixture
def nhs_member(nhs):
    return UserFactory(
        username="nhs.member", agency=nhs, roles=[Role.FRONTLINE_WORKER, Role.SERAC_MEMBER]
    )


@pytest.fixture
def meeting(serac_chair, agency_a, nhs):
    return SeracMeetingFactory(chair=serac_chair, members=[agency_a, nhs])


@pytest.fixture
def survivor(db):
    return PersonFactory(first_name="Minh", last_name="O'Brien")


@pytest.fixture
def case_b(agency_b, survivor):
    """A case raised by the charity (agency B), which is not a SERAC member."""
    return CaseFactory(raised_by=agency_b, survivors=[survivor], risk_level="high")
