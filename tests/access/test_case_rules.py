"""Who sees a case, beyond the status codes of the generated matrix
(test_permission_matrix.py): the list and the page agree, a search finds
nothing hidden, reads are logged, and finer rules inside the page hold."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import AccessAction, AccessLogEntry
from cases.services.sharing import case_share
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_agency(db):
    from accounts.models import AgencyType
    from tests.factories import AgencyFactory

    return AgencyFactory(name="Agency C Housing", agency_type=AgencyType.LOCAL_AUTHORITY)


@pytest.fixture
def worker_shared(shared_agency):
    from accounts.roles import Role

    return UserFactory(username="worker.c", agency=shared_agency, roles=[Role.FRONTLINE_WORKER])


@pytest.fixture
def case(agency_a, shared_agency):
    return CaseFactory(raised_by=agency_a, shared_with=[shared_agency], survivors=[PersonFactory()])


PERSONAS_WHO_SEE = ["lead", "worker_a", "worker_shared"]
PERSONAS_WHO_DO_NOT = ["worker_b", "board_member", "administrator", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS_WHO_DO_NOT)
def test_everyone_else_finds_the_case_neither_on_the_list_nor_by_search(
    client, request, case, persona
):
    client.force_login(request.getfixturevalue(persona))
    listed = client.get(reverse("cases:case_list"))
    assert listed.status_code == 404 or case.reference not in listed.content.decode()
    search = client.get(reverse("cases:case_list"), {"q": case.reference})
    assert search.status_code == 404 or list(search.context["page"].object_list) == []


@pytest.mark.parametrize("persona", PERSONAS_WHO_SEE)
def test_lead_raising_agency_and_shared_agency_see_the_case_on_list_and_page(
    client, request, case, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    listed = client.get(reverse("cases:case_list"))
    assert case.reference in listed.content.decode()
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert page.context["case"] == case


def test_anonymous_visitors_are_sent_to_sign_in_from_a_case(client, case):
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_case_that_does_not_exist_is_the_same_404(client, worker_b, case):
    client.force_login(worker_b)
    hidden = client.get(case.get_absolute_url())
    missing = client.get(reverse("cases:case_detail", args=["MS-2099-99999"]))
    assert hidden.status_code == missing.status_code == 404


def test_shared_case_appears_for_the_new_agency_immediately(client, lead, worker_b, case):
    client.force_login(worker_b)
    assert client.get(case.get_absolute_url()).status_code == 404
    case_share(actor=lead, case=case, agency=worker_b.agency, reason="Housing support")
    assert client.get(case.get_absolute_url()).status_code == 200


def test_every_view_of_a_case_page_writes_an_access_log_row(client, worker_a, case):
    client.force_login(worker_a)
    client.get(case.get_absolute_url())
    client.get(case.get_absolute_url())
    rows = AccessLogEntry.objects.filter(case=case, action=AccessAction.VIEW_CASE)
    assert rows.count() == 2
    row = rows.first()
    assert row.user == worker_a
    assert row.agency == worker_a.agency
    assert row.ip_address == "127.0.0.1"


def test_a_refused_view_writes_no_access_log_row(client, worker_b, case):
    client.force_login(worker_b)
    client.get(case.get_absolute_url())
    assert not AccessLogEntry.objects.filter(case=case).exists()


def test_only_the_lead_sees_who_has_looked_at_the_case(client, lead, worker_a, case):
    client.force_login(worker_a)
    assert "Who has looked at this case" not in client.get(case.get_absolute_url()).content.decode()
    client.force_login(lead)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Who has looked at this case" in body
    assert escape(str(worker_a)) in body  # names like O'Brien are escaped


def test_perpetrators_are_shown_to_police_and_lead_only(
    client, lead, worker_a, case, worker_shared
):
    from cases.models import CasePerpetrator, Perpetrator

    perpetrator = Perpetrator.objects.create(first_name="Viktor", last_name="Hale")
    CasePerpetrator.objects.create(case=case, perpetrator=perpetrator)
    for user, sees in [(lead, True), (worker_a, True), (worker_shared, False)]:
        client.force_login(user)
        assert ("Viktor Hale" in client.get(case.get_absolute_url()).content.decode()) is sees


def test_a_django_superuser_without_the_lead_role_cannot_open_a_case(client, case):
    superuser = UserFactory(username="root.admin", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_consent_on_a_closed_case_is_recorded_by_the_lead_only(client, lead, worker_a, case):
    """A closed case is read-only to everyone but the Lead: its consent page too."""
    from cases.services.cases import case_close

    link = case.case_people.get()
    url = reverse("governance_case:consent_add", args=[case.reference, link.pk])
    client.force_login(worker_a)
    assert client.get(url).status_code == 200
    case_close(actor=lead, case=case, outcomes=["nrm_referral"], note="Settled")
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert (
        "Record consent or a withdrawal" not in client.get(case.get_absolute_url()).content.decode()
    )
    client.force_login(lead)
    assert client.get(url).status_code == 200
    assert "Record consent or a withdrawal" in client.get(case.get_absolute_url()).content.decode()
