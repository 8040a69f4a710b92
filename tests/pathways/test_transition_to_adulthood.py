"""4.8 Transition to Adulthood is timed from the young person's 18th birthday."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.errors import ServiceError
from pathways.models import CasePathway
from pathways.services import pathway_start
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_its_steps_are_timed_from_the_18th_birthday(lead, agency_a):
    born = timezone.localdate().replace(year=timezone.localdate().year - 17)
    case = CaseFactory(raised_by=agency_a, survivors=[PersonFactory(date_of_birth=born)])
    on = pathway_start(actor=lead, case=case, pathway_key="transition_to_adulthood")
    birthday = born.replace(year=born.year + 18)
    assert on.timed_from == birthday
    assert on.due_on == birthday - timedelta(days=182)  # the panel, six months before


def test_it_cannot_start_with_no_known_date_of_birth_without_saying_so(lead, agency_a):
    case = CaseFactory(raised_by=agency_a, survivors=[PersonFactory(estimated_age=17)])
    with pytest.raises(ServiceError, match="date of birth"):
        pathway_start(actor=lead, case=case, pathway_key="transition_to_adulthood")
    assert (
        not CasePathway.objects.filter(case=case)
        .exclude(pathway_key="initial_identification")
        .exists()
    )
    on = pathway_start(
        actor=lead, case=case, pathway_key="transition_to_adulthood", date_of_birth_unknown=True
    )
    assert on.timed_from is None and on.due_on is None
    assert any("date of birth is not known" in e.description for e in case.timeline.all())


def test_starting_it_from_the_case_page_asks_about_the_date_of_birth(
    client, worker_a, worker_b, agency_a
):
    case = CaseFactory(raised_by=agency_a, survivors=[PersonFactory()])
    client.force_login(worker_a)
    url = f"/pathways/cases/{case.reference}/start/"
    response = client.post(url, {"pathway": "transition_to_adulthood"}, follow=True)
    assert "record their date of birth" in response.content.decode()
    assert not CasePathway.objects.filter(case=case, pathway_key="transition_to_adulthood")
    client.post(url, {"pathway": "transition_to_adulthood", "date_of_birth_unknown": "on"})
    assert CasePathway.objects.filter(case=case, pathway_key="transition_to_adulthood").exists()
    client.force_login(worker_b)  # the case is not shared with agency B
    assert client.post(url, {"pathway": "housing"}).status_code == 404


def test_the_handover_is_due_on_the_18th_birthday():
    from pathways.definitions import PATHWAYS

    state = PATHWAYS["transition_to_adulthood"].state("nrm_status_reviewed")
    assert state.deadline.describe() == "by the 18th birthday"


def test_someone_born_on_29_february_turns_18_on_28_february():
    assert PersonFactory.build(date_of_birth=date(2008, 2, 29)).eighteenth_birthday() == date(
        2026, 2, 28
    )
