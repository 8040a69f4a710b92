import datetime

import pytest
from django.urls import reverse

from cases.choices import ConcernClosureReason
from cases.models import Case, ConcernStatus, ScreeningAnswer
from cases.services.triage import concern_close, concern_link_to_case, concern_triage_new_case
from core.errors import ServiceError
from tests.factories import CaseFactory, ConcernFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_queue_shows_concerns_awaiting_triage_oldest_first(client, lead):
    from django.utils import timezone

    newer = ConcernFactory(submitted_at=timezone.now())
    older = ConcernFactory(submitted_at=timezone.now() - datetime.timedelta(days=2))
    ConcernFactory(status=ConcernStatus.CLOSED)
    client.force_login(lead)
    response = client.get(reverse("cases:triage_queue"))
    assert [c.reference for c in response.context["concerns"]] == [
        older.reference,
        newer.reference,
    ]


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "administrator", "outsider"])
def test_only_the_lead_can_open_the_triage_queue_or_a_concern(client, request, persona):
    concern = ConcernFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:triage_queue")).status_code == 404
    assert client.get(reverse("cases:triage_concern", args=[concern.reference])).status_code == 404


def test_triage_into_a_new_case_shares_it_with_the_raising_agency_and_chosen_agencies(
    client, lead, agency_a, agency_b, worker_a, worker_b
):
    person = PersonFactory(first_name="Minh", last_name="Nguyen")
    concern = ConcernFactory(reporting_agency=agency_a, reported_by=worker_a, people=[person])
    ScreeningAnswer.objects.create(
        concern=concern, question="debt", answer="yes", note="Owes £4,000"
    )
    client.force_login(lead)
    response = client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {
            "decision": "new_case",
            "risk_level": "high",
            "summary": "Car wash",
            "agencies": [agency_b.pk],
        },
    )
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.reference.startswith(f"MS-{case.date_reported.year}-")
    assert len(case.reference) == len("MS-2026-00001")
    assert case.raised_by_agency == agency_a
    assert list(case.people.all()) == [person]
    assert case.screening_answers.get(question="debt").note == "Owes £4,000"
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW_CASE and concern.case == case
    for worker in (worker_a, worker_b):
        client.force_login(worker)
        assert client.get(case.get_absolute_url()).status_code == 200
    assert case.timeline.filter(kind="triaged").exists()


def test_references_are_issued_in_sequence_per_year(lead):
    first = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(), agencies=[], risk_level="low"
    )
    second = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(), agencies=[], risk_level="low"
    )
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def test_a_known_person_is_offered_as_a_duplicate_and_can_be_linked_instead(client, lead):
    known = PersonFactory(
        first_name="Minh", last_name="Nguyen", date_of_birth=datetime.date(1990, 5, 1)
    )
    CaseFactory(survivors=[known])
    reported = PersonFactory(
        first_name="Min", last_name="Nguyen", date_of_birth=datetime.date(1990, 5, 1)
    )
    unrelated = PersonFactory(first_name="Alice", last_name="Brown")
    CaseFactory(survivors=[unrelated])
    concern = ConcernFactory(people=[reported])
    client.force_login(lead)
    page = client.get(reverse("cases:triage_concern", args=[concern.reference]))
    ((person, candidates),) = page.context["people_with_duplicates"]
    assert candidates == [known]
    client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {"decision": "new_case", "risk_level": "medium", f"same_as_{reported.pk}": str(known.pk)},
    )
    new_case = (
        Case.objects.exclude(people=unrelated).exclude(people=known, concerns__isnull=True).get()
    )
    assert list(new_case.people.all()) == [known]
    assert known.cases.count() == 2


def test_linking_a_concern_adds_its_people_to_the_existing_case(lead, agency_b):
    case = CaseFactory()
    person = PersonFactory()
    concern = ConcernFactory(people=[person], reporting_agency=agency_b)
    concern_link_to_case(actor=lead, concern=concern, case=case)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.LINKED
    assert person in case.people.all()
    assert case.shares.filter(agency=agency_b, revoked_at__isnull=True).exists()


@pytest.mark.parametrize("reason", ConcernClosureReason.values)
def test_a_concern_can_be_closed_with_each_reason_and_no_case_is_made(lead, reason):
    concern = ConcernFactory()
    concern_close(actor=lead, concern=concern, reason=reason, note="Checked")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.closure_reason == reason
    assert not Case.objects.exists()


def test_a_concern_cannot_be_triaged_twice(lead):
    concern = ConcernFactory()
    concern_close(actor=lead, concern=concern, reason="duplicate")
    with pytest.raises(ServiceError, match="already been triaged"):
        concern_triage_new_case(actor=lead, concern=concern, agencies=[], risk_level="low")


def test_closing_without_a_reason_names_the_field_and_changes_nothing(client, lead):
    concern = ConcernFactory()
    client.force_login(lead)
    response = client.post(
        reverse("cases:triage_concern", args=[concern.reference]), {"decision": "close"}
    )
    assert "Select why the concern is being closed" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE


def test_a_worker_cannot_triage_through_the_service(worker_a):
    with pytest.raises(ServiceError):
        concern_close(actor=worker_a, concern=ConcernFactory(), reason="duplicate")


def test_an_adult_at_risk_needing_accommodation_starts_adult_social_care_and_housing(lead):
    from pathways.models import CasePathway

    concern = ConcernFactory(adult_at_risk="yes", needs_accommodation="yes")
    case = concern_triage_new_case(actor=lead, concern=concern, agencies=[], risk_level="high")
    assert set(CasePathway.objects.filter(case=case).values_list("pathway_key", flat=True)) == {
        "initial_identification",
        "adult_social_care",
        "housing",
    }
    plain = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(adult_at_risk="no"), agencies=[], risk_level="low"
    )
    assert list(CasePathway.objects.filter(case=plain).values_list("pathway_key", flat=True)) == [
        "initial_identification"
    ]


# --- Perpetrators never reach roles that may not see them -----------------------------


@pytest.fixture
def concern_naming_a_perpetrator(agency_a):
    from cases.models import Perpetrator

    perpetrator = Perpetrator.objects.create(first_name="Viktor", last_name="Hale", aliases=["Vik"])
    concern = ConcernFactory(
        reporting_agency=agency_a,
        what_happened="Viktor Hale drives them to the car wash; Vik keeps their passports.",
        people=[PersonFactory()],
    )
    concern.perpetrators.add(perpetrator)
    return concern


def test_the_triage_prefill_leaves_out_the_perpetrators_names(
    client, lead, concern_naming_a_perpetrator
):
    client.force_login(lead)
    response = client.get(
        reverse("cases:triage_concern", args=[concern_naming_a_perpetrator.reference])
    )
    prefill = response.context["forms"]["new_case"].initial["summary"]
    assert "drives them to the car wash" in prefill
    assert "Viktor" not in prefill and "Hale" not in prefill and "Vik " not in prefill


def test_a_case_opened_without_a_summary_does_not_carry_the_perpetrator_to_the_charity(
    client, lead, agency_b, worker_b, concern_naming_a_perpetrator
):
    case = concern_triage_new_case(
        actor=lead,
        concern=concern_naming_a_perpetrator,
        agencies=[agency_b],
        summary="",
        risk_level="high",
    )
    assert "Viktor" not in case.summary and "Hale" not in case.summary
    client.force_login(worker_b)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Viktor" not in body and "Hale" not in body
