"""Consent records per person: given, declined, withdrawn; the case page shows the current one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ServiceError
from governance.models import ConsentRecord
from governance.selectors import consent_current, consent_given_in_scope
from governance.services import consent_record
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survivor():
    return PersonFactory(first_name="Anh", last_name="Nguyen")


@pytest.fixture
def case(agency_a, survivor):
    return CaseFactory(raised_by=agency_a, survivors=[survivor])


def today():
    return timezone.localdate()


def give(actor, case, person, *, agencies, decision="given", on=None):
    return consent_record(
        actor=actor,
        case=case,
        person=person,
        decision=decision,
        scope="agencies",
        agencies=agencies,
        method="interpreter",
        decided_on=on or today(),
    )


def test_a_withdrawal_is_a_new_record_and_becomes_the_current_answer(
    worker_a, case, survivor, agency_b
):
    first = give(worker_a, case, survivor, agencies=[agency_b])
    assert consent_given_in_scope(case=case, person=survivor, scope="agencies", agency=agency_b)
    give(worker_a, case, survivor, agencies=[agency_b], decision="withdrawn")
    assert ConsentRecord.objects.count() == 2
    first.refresh_from_db()
    assert first.decision == "given"  # the earlier answer is never edited
    assert not consent_given_in_scope(case=case, person=survivor, scope="agencies", agency=agency_b)
    [line] = consent_current(case=case, person=survivor)
    assert (line["covers"], line["record"].decision) == (agency_b.name, "withdrawn")


def test_consent_for_one_agency_does_not_cover_another(worker_a, case, survivor, agency_b, council):
    give(worker_a, case, survivor, agencies=[agency_b])
    assert not consent_given_in_scope(case=case, person=survivor, scope="agencies", agency=council)


def test_the_record_says_who_recorded_it_how_and_when(worker_a, case, survivor, agency_b):
    record = give(worker_a, case, survivor, agencies=[agency_b])
    assert record.recorded_by == worker_a and record.method == "interpreter"
    assert record.decided_on == today() and record.created_at is not None
    assert case.timeline.filter(kind="consent", description__contains="interpreter").exists()


def test_a_future_date_and_a_sharing_consent_naming_no_agency_are_refused(worker_a, case, survivor):
    with pytest.raises(ServiceError, match="today or in the past"):
        give(worker_a, case, survivor, agencies=[], on=today() + datetime.timedelta(days=1))
    with pytest.raises(ServiceError, match="agencies the consent covers"):
        give(worker_a, case, survivor, agencies=[])


def test_a_worker_records_a_withdrawal_through_the_page_and_the_case_page_shows_it(
    client, worker_a, case, survivor, agency_b
):
    give(worker_a, case, survivor, agencies=[agency_b])
    link = case.case_people.get()
    client.force_login(worker_a)
    url = reverse("governance_case:consent_add", args=[case.reference, link.pk])
    response = client.post(
        url,
        {
            "decision": "withdrawn",
            "scope": "agencies",
            "agencies": [agency_b.pk],
            "method": "verbal",
            "decided_on_0": today().day,
            "decided_on_1": today().month,
            "decided_on_2": today().year,
        },
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    consent_section = page[page.index('id="consent"') :]
    assert "Withdrawn" in consent_section[: consent_section.index("</section>")]


def test_the_consent_form_names_the_missing_field(client, worker_a, case):
    link = case.case_people.get()
    client.force_login(worker_a)
    response = client.post(
        reverse("governance_case:consent_add", args=[case.reference, link.pk]),
        {"decision": "given", "scope": "agencies", "method": "verbal"},
    )
    page = response.content.decode()
    assert "Select the agencies the consent covers" in page
    assert "Enter the date the person gave their answer" in page
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("persona", ["worker_b", "board_member", "administrator", "outsider"])
def test_who_cannot_see_the_case_gets_404_from_the_consent_page(client, request, case, persona):
    link = case.case_people.get()
    client.force_login(request.getfixturevalue(persona))
    url = reverse("governance_case:consent_add", args=[case.reference, link.pk])
    assert client.get(url).status_code == 404
