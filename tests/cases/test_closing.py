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


# --- A closed case is read-only to everyone but the Lead ------------------------------


@pytest.fixture
def closed_case(lead, agency_a):
    from cases.services.cases import case_close
    from tests.factories import PersonFactory

    case = CaseFactory(raised_by=agency_a, survivors=[PersonFactory(first_name="Ana")])
    return case_close(actor=lead, case=case, outcomes=["lost_contact"])


@pytest.fixture
def agency_lead_a(agency_a):
    from accounts.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])


def test_a_closed_case_is_read_only_to_an_agency_with_access(
    client, closed_case, agency_lead_a, agency_b
):
    link = closed_case.case_people.get()
    reference = closed_case.reference
    client.force_login(agency_lead_a)
    assert client.get(closed_case.get_absolute_url()).status_code == 200
    writes = {
        reverse("cases:case_edit", args=[reference]): {
            "summary": "Changed after closing",
            "risk_level": "high",
            "is_emergency": "no",
            "child_involved": "no",
            "adult_at_risk": "no",
            "version": closed_case.version,
        },
        reverse("cases:note_add", args=[reference]): {"text": "A note after closing"},
        reverse("cases:person_edit", args=[reference, link.pk]): {"first_name": "Changed"},
        reverse("cases:child_add", args=[reference, link.pk]): {"age": 3},
        reverse("cases:case_share", args=[reference]): {"agency": agency_b.pk, "reason": "x"},
        reverse("cases:document_upload", args=[reference]): {"description": "x"},
        reverse("pathways:case_pathway_start", args=[reference]): {
            "pathway": "housing",
        },
        reverse("serac:referral_create", args=[reference]): {},
        reverse("referrals:episode_start", args=[reference]): {},
    }
    for url, data in writes.items():
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, data).status_code == 404, url
    closed_case.refresh_from_db()
    assert closed_case.summary != "Changed after closing"
    assert not closed_case.notes.exists()
    body = client.get(closed_case.get_absolute_url()).content.decode()
    assert reverse("cases:case_edit", args=[reference]) not in body
    assert reverse("cases:note_add", args=[reference]) not in body


def test_services_refuse_changes_to_a_closed_case_from_anyone_but_the_lead(
    closed_case, lead, worker_a
):
    from cases.services.cases import case_update, note_add
    from core.errors import ServiceError

    with pytest.raises(ServiceError):
        note_add(actor=worker_a, case=closed_case, text="After closing")
    with pytest.raises(ServiceError):
        case_update(
            actor=worker_a, case=closed_case, expected_version=closed_case.version, summary="x"
        )
    note_add(actor=lead, case=closed_case, text="The Lead may still note")
    assert closed_case.notes.count() == 1


def test_the_lead_may_edit_a_closed_case_and_reopens_it_with_a_reason(client, closed_case, lead):
    client.force_login(lead)
    assert client.get(reverse("cases:case_edit", args=[closed_case.reference])).status_code == 200
    reopen = reverse("cases:case_reopen", args=[closed_case.reference])
    response = client.post(reopen, {"reason": ""})
    assert response.status_code == 200
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.CLOSED
    client.post(reopen, {"reason": "The survivor got back in touch"})
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.OPEN
    assert closed_case.timeline.filter(
        kind="reopened", description__contains="The survivor got back in touch"
    ).exists()


def test_nobody_but_the_lead_may_reopen(client, closed_case, agency_lead_a):
    client.force_login(agency_lead_a)
    url = reverse("cases:case_reopen", args=[closed_case.reference])
    assert client.post(url, {"reason": "Please"}).status_code == 404
    closed_case.refresh_from_db()
    assert closed_case.status == CaseStatus.CLOSED
