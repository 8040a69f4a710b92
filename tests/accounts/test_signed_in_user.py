"""Loading the signed-in user on each request: with their agency and roles,
in one query, and never out of date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.services import user_set_roles

pytestmark = pytest.mark.django_db

ACCOUNT_TABLES = ('"accounts_user"', '"auth_group"', '"accounts_user_groups"', '"accounts_agency"')


def test_a_page_reads_the_user_their_agency_and_their_roles_in_one_query(client, worker_a):
    client.force_login(worker_a)
    client.get(reverse("cases:case_list"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:case_list"))
    assert "Agency A Police" in page.content.decode()  # the header names the agency
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and any(table in q["sql"] for table in ACCOUNT_TABLES)
        and "cases_" not in q["sql"]
    ]
    assert len(reads) == 1, reads


def test_a_role_taken_away_applies_from_the_next_request(client, lead, worker_a):
    client.force_login(worker_a)
    user_set_roles(actor=None, user=worker_a, roles=[Role.MODERN_SLAVERY_LEAD])
    assert client.get(reverse("cases:triage_queue")).status_code == 200
    user_set_roles(actor=None, user=worker_a, roles=[Role.FRONTLINE_WORKER])
    assert client.get(reverse("cases:triage_queue")).status_code == 404


def test_a_switched_off_account_is_signed_out_at_its_next_request(client, worker_a):
    client.force_login(worker_a)
    assert client.get(reverse("cases:case_list")).status_code == 200
    worker_a.is_active = False
    worker_a.save()
    assert client.get(reverse("cases:case_list"))["Location"].startswith("/accounts/login/")
