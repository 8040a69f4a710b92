import pytest
from django.contrib.auth.models import Group

from accounts.models import Agency
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.selectors import user_has_role
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrating():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_GROUP_NAMES.values()) <= names


def test_a_user_is_in_their_agency_group_and_moves_with_their_agency(worker_a, agency_b):
    assert worker_a.groups.filter(pk=worker_a.agency.group_id).exists()
    worker_a.agency = agency_b
    worker_a.save()
    agency_groups = worker_a.groups.filter(agency__isnull=False)
    assert list(agency_groups) == [agency_b.group]


def test_each_agency_gets_its_own_group():
    agency = AgencyFactory(name="Hope for Justice")
    assert Agency.objects.get(pk=agency.pk).group.name == "Agency: Hope for Justice"


def test_roles_are_read_from_groups(lead, outsider):
    assert user_has_role(lead, Role.MODERN_SLAVERY_LEAD)
    assert not user_has_role(lead, Role.BOARD_MEMBER)
    assert not user_has_role(outsider, *Role)


def test_administrator_sees_the_admin_link_and_a_worker_does_not(client, administrator, worker_a):
    client.force_login(administrator)
    assert 'href="/admin/"' in client.get("/").content.decode()
    client.force_login(worker_a)
    assert 'href="/admin/"' not in client.get("/").content.decode()


def test_administrator_may_manage_users_but_holds_no_other_model_permission(administrator):
    assert administrator.has_perm("accounts.change_user")
    assert administrator.has_perm("accounts.add_agency")
    assert not administrator.has_perm("auth.change_permission")
    assert not administrator.is_superuser


def test_home_page_tells_the_lead_how_many_concerns_wait_and_a_worker_their_cases(
    client, lead, worker_a, worker_b, agency_a
):
    from tests.factories import CaseFactory, ConcernFactory

    ConcernFactory()
    ConcernFactory()
    CaseFactory(raised_by=agency_a)
    client.force_login(lead)
    waiting = {item["label"]: item["count"] for item in client.get("/").context["waiting"]}
    assert waiting["concerns waiting for triage"] == 2
    client.force_login(worker_a)
    waiting = {item["label"]: item["count"] for item in client.get("/").context["waiting"]}
    assert waiting == {"open case you can see": 1}
    client.force_login(worker_b)
    waiting = {item["label"]: item["count"] for item in client.get("/").context["waiting"]}
    assert waiting == {"open cases you can see": 0}


def test_an_ambassador_works_their_agencys_cases_without_the_safeguarding_lead_role(
    client, agency_a
):
    from cases.permissions import can_share_case, can_work_case
    from tests.factories import CaseFactory, UserFactory

    ambassador = UserFactory(username="amb", agency=agency_a, roles=[Role.AMBASSADOR])
    assert user_has_role(ambassador, Role.AMBASSADOR)
    assert not user_has_role(ambassador, Role.AGENCY_LEAD)
    assert can_work_case(ambassador)
    # Sharing stays with the agency's safeguarding lead.
    assert not can_share_case(ambassador, CaseFactory(raised_by=agency_a))
    case = CaseFactory(raised_by=agency_a)
    client.force_login(ambassador)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert 'href="/cases/"' in client.get("/").content.decode()
    assert 'href="/reports/"' not in client.get("/").content.decode()


def test_the_demo_keeps_its_sign_ins_and_adds_an_ambassador():
    from accounts.demo import USERS

    usernames = [row[0] for row in USERS]
    for kept in ("lead", "police", "council.asc", "charity", "nhs", "chair", "board", "admin"):
        assert kept in usernames
    roles = {row[0]: row[4] for row in USERS}
    assert roles["ambassador"] == [Role.AMBASSADOR]
    assert Role.AGENCY_LEAD in roles["council.asc"]


def test_the_home_page_has_a_heading_and_offers_report_a_concern_to_workers(
    client, worker_a, board_member
):
    client.force_login(worker_a)
    body = client.get("/").content.decode()
    assert '<h1 class="govuk-heading-l">Your work in Waymark</h1>' in body
    assert 'href="/cases/concerns/new/"' in body
    client.force_login(board_member)
    assert 'href="/cases/concerns/new/"' not in client.get("/").content.decode()
