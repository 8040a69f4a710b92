"""Characters PostgreSQL cannot hold (a NUL byte) never become a 500: a route
parameter holding one names no record (404), a form field holding one gets an
error naming it, and anything else that reaches the database is a 400."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ConcernFactory

pytestmark = pytest.mark.django_db

# The addresses the security review found answering 500.
REPORTED = [
    "/cases/%00/",
    "/cases/concerns/%00/",
    "/serac/cases/%00/refer/",
    "/referrals/cases/%00/nrm/start/",
]


@pytest.mark.parametrize("url", REPORTED)
@pytest.mark.parametrize("persona", ["lead", "worker_a", "outsider"])
def test_a_null_byte_in_a_route_parameter_is_a_404_for_everyone(client, request, url, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404
    assert client.post(url, {"x": "y"}).status_code == 404


def test_a_null_byte_answers_exactly_like_a_record_that_does_not_exist(client, lead):
    client.force_login(lead)
    missing = client.get("/cases/MS-2026-99999/")
    refused = client.get("/cases/MS%00/")
    assert missing.status_code == refused.status_code == 404
    assert _without_tokens(missing) == _without_tokens(refused)


def _without_tokens(response):
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


def test_a_null_byte_anywhere_in_a_real_reference_is_a_404(client, lead, agency_a):
    case = CaseFactory(raised_by=agency_a)
    client.force_login(lead)
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert client.get(f"/cases/{case.reference}%00/").status_code == 404
    assert client.get(f"/cases/{case.reference}%00/edit/").status_code == 404


def test_a_null_byte_in_a_form_field_is_a_form_error_naming_the_field(client, lead, agency_a):
    case = CaseFactory(raised_by=agency_a, summary="What was reported")
    client.force_login(lead)
    response = client.post(
        reverse("cases:case_edit", args=[case.reference]),
        {"summary": "Rewritten\x00", "version": case.version},
    )
    assert response.status_code == 200
    assert "cannot be stored" in response.content.decode()
    case.refresh_from_db()
    assert case.summary == "What was reported"


def test_a_null_byte_in_a_list_filter_is_ignored_like_any_invalid_filter(client, lead):
    client.force_login(lead)
    response = client.get(reverse("cases:case_list"), {"agency": "\x00", "q": "\x00"})
    assert response.status_code == 200


def test_a_null_byte_in_a_triage_choice_is_refused(client, lead):
    concern = ConcernFactory()
    client.force_login(lead)
    url = reverse("cases:triage_concern", args=[concern.reference])
    response = client.post(url, {"action": "link", "case": "\x00"})
    assert response.status_code in (200, 302)


def test_the_public_form_refuses_a_null_byte_by_naming_the_field(client):
    response = client.post(reverse("public_report"), {"what_happened": "Seen\x00"})
    assert response.status_code == 200


def test_a_null_byte_in_a_query_string_a_view_reads_itself_is_never_a_500(client, lead):
    client.force_login(lead)
    for url in ["/cases/?q=%00", "/cases/?page=%00", "/referrals/nrm/?state=%00", "/?next=%00"]:
        assert client.get(url).status_code < 500, url


@pytest.mark.parametrize("next_value", ["0", "cases", "//evil.example/", "https://evil.example/"])
def test_a_next_address_that_is_not_a_path_here_goes_home_not_to_a_500(
    client, worker_a, next_value
):
    # Found by the fuzzing (tests/access/test_fuzz.py): redirect("0") looked for a view named "0".
    client.force_login(worker_a)
    response = client.get("/accounts/two-factor/", {"next": next_value})
    assert response.status_code == 302
    assert response["Location"] == "/"
