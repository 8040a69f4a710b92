import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessAction, AccessLogEntry
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_case_by_a_misspelt_name_and_is_logged(client, lead):
    person = PersonFactory(first_name="Mihai", last_name="Popescu")
    case = CaseFactory(survivors=[person])
    CaseFactory(survivors=[PersonFactory(first_name="Grace", last_name="Taylor")])
    client.force_login(lead)
    response = client.get(reverse("cases:case_list"), {"q": "Mihai Popesku"})
    assert [c.reference for c in response.context["page"].object_list] == [case.reference]
    assert AccessLogEntry.objects.filter(user=lead, action=AccessAction.SEARCH).count() == 1


def test_search_by_reference(client, lead):
    case = CaseFactory()
    CaseFactory()
    client.force_login(lead)
    response = client.get(reverse("cases:case_list"), {"q": case.reference})
    assert [c.reference for c in response.context["page"].object_list] == [case.reference]


def test_search_finds_a_case_by_one_name_or_an_alias(client, lead):
    person = PersonFactory(first_name="Tomasz", last_name="Nowak", aliases=["Tommy K"])
    case = CaseFactory(survivors=[person])
    CaseFactory(survivors=[PersonFactory(first_name="Grace", last_name="Taylor")])
    client.force_login(lead)
    for text in ["nowak", "Tomasz", "tommy k"]:
        response = client.get(reverse("cases:case_list"), {"q": text})
        assert [c.reference for c in response.context["page"].object_list] == [case.reference]


def test_search_by_the_number_of_a_reference(client, lead):
    case = CaseFactory()
    CaseFactory()
    client.force_login(lead)
    number = case.reference.rsplit("-", 1)[1]
    response = client.get(reverse("cases:case_list"), {"q": number})
    assert [c.reference for c in response.context["page"].object_list] == [case.reference]


def test_search_shows_only_cases_the_user_may_see(client, worker_b):
    CaseFactory(survivors=[PersonFactory(first_name="Mihai", last_name="Popescu")])
    client.force_login(worker_b)
    response = client.get(reverse("cases:case_list"), {"q": "Popescu"})
    assert list(response.context["page"].object_list) == []


def test_filters_narrow_the_list(client, lead, agency_a):
    labour = CaseFactory(exploitation=["Labour"], risk_level="high", raised_by=agency_a)
    CaseFactory(exploitation=["Sexual"], risk_level="low")
    client.force_login(lead)
    from cases.models import ExploitationType

    labour_type = ExploitationType.objects.get(name="Labour")
    for params in [
        {"exploitation_type": labour_type.pk},
        {"risk": "high"},
        {"agency": agency_a.pk},
    ]:
        response = client.get(reverse("cases:case_list"), params)
        assert [c.reference for c in response.context["page"].object_list] == [labour.reference]


def test_the_list_runs_the_same_number_of_queries_for_5_or_25_cases(client, lead, agency_a):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cases:case_list"))
        return len(queries)

    client.force_login(lead)
    for _ in range(5):
        CaseFactory(raised_by=agency_a, exploitation=["Labour"], survivors=[PersonFactory()])
    few = count_queries()
    for _ in range(20):
        CaseFactory(raised_by=agency_a, exploitation=["Labour"], survivors=[PersonFactory()])
    assert count_queries() == few


def test_the_lead_exports_csv_with_formulas_neutralised_and_the_export_logged(client, lead):
    CaseFactory(summary="x", referring_agency_name='=HYPERLINK("http://evil")')
    client.force_login(lead)
    response = client.get(reverse("cases:case_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "reference"
    assert rows[1][5].startswith("'=")
    exported = AccessLogEntry.objects.filter(user=lead, action=AccessAction.EXPORT)
    # The filters used, and one row for each case in the file.
    assert exported.filter(case=None).count() == 1
    assert exported.exclude(case=None).count() == 1


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "outsider"])
def test_nobody_but_the_lead_can_export(client, request, persona):
    CaseFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:case_export")).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
