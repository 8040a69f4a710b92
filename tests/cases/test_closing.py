import pytest
from django.urls import reverse

from cases.models import CaseStatus
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_lead_closes_a_case_with_outcomes_and_reopens_it(client, lead):
    case = CaseFactory()
    client.force_login(lead)
    client.post(
        reverse("cases:case_close", args=[case.reference]),
        {"outcomes": ["nrm_referral", "accommodated"], "note": "Moved to safe house"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcomes == ["nrm_referral", "accommodated"]
    assert case.closed_on is not None
    client.post(reverse("cases:case_reopen", args=[case.reference]), {"reason": "New information"})
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert list(case.timeline.values_list("kind", flat=True)[:2]) == ["reopened", "closed"]


def test_closing_without_an_outcome_names_the_field_and_leaves_it_open(client, lead):
    case = CaseFactory()
    client.force_login(lead)
    response = client.post(reverse("cases:case_close", args=[case.reference]), {})
    assert "Select at least one outcome" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_worker_with_access_cannot_close_the_case(client, worker_a, agency_a):
    case = CaseFactory(raised_by=agency_a)
    client.force_login(worker_a)
    response = client.post(
        reverse("cases:case_close", args=[case.reference]), {"outcomes": ["lost_contact"]}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
