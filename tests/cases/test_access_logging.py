"""Every read of personal data is on the case access log: one row per case
shown, for pages, lists and exports alike (lists and exports in one insert)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLogEntry
from tests.factories import CaseFactory, ConcernFactory, PersonFactory
from tests.serac.factories import SeracActionFactory, SeracMeetingFactory

pytestmark = pytest.mark.django_db


def rows_for(case, user):
    return AccessLogEntry.objects.filter(case=case, user=user)


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a, survivors=[PersonFactory(first_name="Ana")])


def test_the_case_and_person_edit_pages_are_logged(client, worker_a, case):
    link = case.case_people.get()
    client.force_login(worker_a)
    client.get(reverse("cases:case_edit", args=[case.reference]))
    client.get(reverse("cases:person_edit", args=[case.reference, link.pk]))
    assert rows_for(case, worker_a).count() == 2


def test_a_refused_edit_page_writes_no_row(client, worker_b, case):
    client.force_login(worker_b)
    assert client.get(reverse("cases:case_edit", args=[case.reference])).status_code == 404
    assert not AccessLogEntry.objects.filter(user=worker_b).exists()


def test_triage_of_a_concern_is_logged(client, lead):
    concern = ConcernFactory(people=[PersonFactory()])
    client.force_login(lead)
    client.get(reverse("cases:triage_concern", args=[concern.reference]))
    row = AccessLogEntry.objects.get(user=lead)
    assert concern.reference in row.detail


def test_the_names_on_the_case_list_are_logged_per_case_even_without_a_search(
    client, worker_a, agency_a, case
):
    other = CaseFactory(raised_by=agency_a)
    hidden = CaseFactory()
    client.force_login(worker_a)
    client.get(reverse("cases:case_list"))
    assert rows_for(case, worker_a).count() == 1
    assert rows_for(other, worker_a).count() == 1
    assert not rows_for(hidden, worker_a).exists()


def test_the_case_list_logs_in_one_insert(client, worker_a, agency_a, case):
    for _ in range(3):
        CaseFactory(raised_by=agency_a)
    client.force_login(worker_a)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:case_list"))
    inserts = [q for q in queries if 'INSERT INTO "cases_accesslogentry"' in q["sql"]]
    assert len(inserts) == 1
    assert AccessLogEntry.objects.filter(user=worker_a).count() == 4


def test_an_export_logs_one_row_per_case_in_it(client, lead, agency_a, case):
    other = CaseFactory(raised_by=agency_a)
    client.force_login(lead)
    response = client.get(reverse("cases:case_export"))
    b"".join(response.streaming_content)
    assert rows_for(case, lead).filter(action="export").count() == 1
    assert rows_for(other, lead).filter(action="export").count() == 1


def test_the_serac_referral_detail_is_logged(client, worker_a, case):
    from serac.services import referral_create

    referral = referral_create(
        actor=worker_a,
        case=case,
        criteria_high_risk=True,
        summary="High risk of harm",
        consent_given=True,
    )
    client.force_login(worker_a)
    assert client.get(reverse("serac:referral_detail", args=[referral.pk])).status_code == 200
    assert rows_for(case, worker_a).count() == 1


def test_the_serac_action_page_is_logged(client, serac_chair, worker_a, agency_a, case):
    meeting = SeracMeetingFactory(chair=serac_chair, members=[agency_a])
    action = SeracActionFactory(
        meeting=meeting, case=case, owner_agency=agency_a, created_by=serac_chair
    )
    client.force_login(worker_a)
    assert client.get(reverse("serac:action_update", args=[action.pk])).status_code == 200
    assert rows_for(case, worker_a).count() == 1
