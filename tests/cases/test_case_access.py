"""Who sees a case: the permission matrix for every case route and persona.

The list and the page must agree: a case is on someone's list exactly when its
page opens for them; otherwise every route answers 404.
"""

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


def case_routes(case):
    from cases.models import DependentChild

    link = case.case_people.first()
    child = DependentChild.objects.get_or_create(person=link.person, age=5)[0]
    return [
        reverse("cases:case_detail", args=[case.reference]),
        reverse("cases:case_edit", args=[case.reference]),
        reverse("cases:case_share", args=[case.reference]),
        reverse("cases:case_close", args=[case.reference]),
        reverse("cases:child_add", args=[case.reference, link.pk]),
        reverse("cases:child_remove", args=[case.reference, link.pk, child.pk]),
    ]


PERSONAS_WHO_SEE = ["lead", "worker_a", "worker_shared"]
PERSONAS_WHO_DO_NOT = ["worker_b", "board_member", "administrator", "outsider"]


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


@pytest.mark.parametrize("persona", PERSONAS_WHO_DO_NOT)
def test_everyone_else_gets_404_on_every_case_route_and_an_empty_list(
    client, request, case, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for url in case_routes(case):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url
    listed = client.get(reverse("cases:case_list"))
    assert listed.status_code == 404 or case.reference not in listed.content.decode()
    search = client.get(reverse("cases:case_list"), {"q": case.reference})
    assert search.status_code == 404 or list(search.context["page"].object_list) == []


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


# --- Sign-in and account routes ----------------------------------------------------
# Every persona has their own sign-ins and second factors; only administrators
# find the lockouts. (method, path) -> the status each persona gets, signed in
# with a second factor; anyone signed out is sent to sign in.

ALL_PERSONAS = ["lead", "worker_a", "serac_chair", "board_member", "administrator", "outsider"]
EVERYONE_200 = dict.fromkeys(ALL_PERSONAS, 200)
ACCOUNT_ROUTES = {
    ("get", "/accounts/sign-ins/"): EVERYONE_200,
    ("post", "/accounts/sign-ins/sign-out-others/"): dict.fromkeys(ALL_PERSONAS, 302),
    ("get", "/accounts/two-factor/"): dict.fromkeys(ALL_PERSONAS, 302),  # already given
    ("get", "/accounts/two-factor/recovery-code/"): dict.fromkeys(ALL_PERSONAS, 302),
    ("get", "/accounts/two-factor/set-up/"): EVERYONE_200,
    ("get", "/accounts/two-factor/set-up/app/"): EVERYONE_200,
    ("get", "/accounts/two-factor/set-up/passkey/"): EVERYONE_200,
    ("get", "/accounts/two-factor/recovery-codes/"): EVERYONE_200,
    ("post", "/accounts/two-factor/remove/"): dict.fromkeys(ALL_PERSONAS, 404),  # not theirs
    ("get", "/accounts/lockouts/"): {**dict.fromkeys(ALL_PERSONAS, 404), "administrator": 200},
    ("post", "/accounts/lockouts/lift/"): {
        **dict.fromkeys(ALL_PERSONAS, 404),
        "administrator": 302,
    },
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_account_routes_answer_each_persona_as_the_matrix_says(client, request, persona):
    from tests.factories import authenticator_app_for

    someone_else = UserFactory(username="someone.else")
    their_app = authenticator_app_for(someone_else)
    client.force_login(request.getfixturevalue(persona))
    for (method, path), expected in ACCOUNT_ROUTES.items():
        data = {"device": f"totp/{their_app.pk}", "username": "someone.else"}
        response = getattr(client, method)(path, data if method == "post" else None)
        assert response.status_code == expected[persona], (method, path)


def test_account_routes_send_anyone_signed_out_to_sign_in(client):
    for method, path in ACCOUNT_ROUTES:
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


# --- Routes outside the case record --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 302),
        ("board_member", 404),  # sees the board report, may not make it again
        ("worker_a", 404),
        ("worker_b", 404),
        ("serac_chair", 404),
        ("administrator", 404),
        ("outsider", 404),
    ],
)
def test_only_the_lead_may_try_a_failed_report_again(client, request, persona, expected):
    from reporting.models import ReportRun, RunStatus
    from tests.reporting.factories import ReportRunFactory

    run = ReportRunFactory(audience="board", status=RunStatus.FAILED, error="It failed.")
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reporting:run_retry", args=[run.public_id])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == expected
    retried = ReportRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert retried is (expected == 302)


def test_a_signed_out_visitor_cannot_try_a_report_again(client):
    from tests.reporting.factories import ReportRunFactory

    run = ReportRunFactory(status="failed")
    response = client.post(reverse("reporting:run_retry", args=[run.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
