"""Name search: the trigram index's threshold is Waymark's own cut-off."""

import pytest
from django.db import connection

from cases.selectors import NAME_SIMILARITY_THRESHOLD, case_list_visible_to, case_search
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_index_threshold_is_the_name_similarity_cut_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.similarity_threshold")
        assert float(cursor.fetchone()[0]) == NAME_SIMILARITY_THRESHOLD


def test_a_misspelt_name_finds_the_case_for_the_lead_and_not_for_another_agency(
    lead, worker_b, agency_a
):
    person = PersonFactory(first_name="Mohammed", last_name="Ali")
    case = CaseFactory(raised_by=agency_a, survivors=[person])
    found = case_search(case_list_visible_to(user=lead), "Mohamed Alli")
    assert list(found) == [case]
    assert list(case_search(case_list_visible_to(user=worker_b), "Mohamed Alli")) == []
