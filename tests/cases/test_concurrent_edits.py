import pytest
from django.urls import reverse

from cases.services.cases import case_update
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def edit_form(case, **changes):
    data = {
        "summary": case.summary,
        "risk_level": case.risk_level,
        "is_emergency": case.is_emergency,
        "child_involved": case.child_involved,
        "adult_at_risk": case.adult_at_risk,
        "version": case.version,
    }
    data.update(changes)
    return data


def test_a_stale_case_edit_is_refused_and_keeps_what_the_user_typed(
    client, worker_a, lead, agency_a
):
    case = CaseFactory(raised_by=agency_a, summary="Original")
    opened = edit_form(case, summary="My careful rewrite")
    case_update(actor=lead, case=case, expected_version=case.version, risk_level="high")

    client.force_login(worker_a)
    response = client.post(reverse("cases:case_edit", args=[case.reference]), opened)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this case after you opened it" in body
    assert "My careful rewrite" in body
    case.refresh_from_db()
    assert case.summary == "Original" and case.risk_level == "high"


def test_a_fresh_case_edit_saves_and_moves_the_version_on(client, worker_a, agency_a):
    case = CaseFactory(raised_by=agency_a)
    client.force_login(worker_a)
    response = client.post(
        reverse("cases:case_edit", args=[case.reference]), edit_form(case, summary="Updated")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.summary == "Updated" and case.version == 2
    assert case.timeline.filter(kind="updated").exists()


def test_a_stale_person_edit_is_refused(client, worker_a, lead, agency_a):
    from cases.models import CasePerson
    from cases.services.cases import person_update

    person = PersonFactory(first_name="Ana")
    case = CaseFactory(raised_by=agency_a, survivors=[person])
    link = CasePerson.objects.get(case=case, person=person)
    client.force_login(worker_a)
    page = client.get(reverse("cases:person_edit", args=[case.reference, link.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    person_update(
        actor=lead, case=case, person=person, expected_version=person.version, first_name="Anna"
    )
    data["first_name"] = "Ana-Maria"
    response = client.post(reverse("cases:person_edit", args=[case.reference, link.pk]), data)
    assert "Someone else changed this person" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Anna"
