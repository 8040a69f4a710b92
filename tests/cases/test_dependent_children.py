"""Dependent children are structured records on a survivor, not free text."""

import importlib

import pytest
from django.urls import reverse

from cases.models import CasePerson, DependentChild
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0008_dependent_children_from_text")


@pytest.fixture
def case_with_survivor(agency_a):
    person = PersonFactory(first_name="Mai", last_name="Tran")
    case = CaseFactory(raised_by=agency_a, survivors=[person])
    return case, CasePerson.objects.get(case=case, person=person)


def test_a_worker_on_the_case_adds_and_removes_a_child(client, worker_a, case_with_survivor):
    case, link = case_with_survivor
    client.force_login(worker_a)
    url = reverse("cases:child_add", args=[case.reference, link.pk])
    response = client.post(url, {"age": "4", "in_uk": "yes", "known_to_childrens_services": "no"})
    assert response.status_code == 302
    child = DependentChild.objects.get(person=link.person)
    assert (child.age, child.in_uk, child.known_to_childrens_services) == (4, "yes", "no")
    assert case.timeline.filter(description__contains="dependent child").exists()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Child aged 4" in page
    client.post(reverse("cases:child_remove", args=[case.reference, link.pk, child.pk]))
    assert not DependentChild.objects.exists()


def test_an_age_of_eighteen_is_not_a_dependent_child_and_the_field_is_named(
    client, worker_a, case_with_survivor
):
    case, link = case_with_survivor
    client.force_login(worker_a)
    response = client.post(
        reverse("cases:child_add", args=[case.reference, link.pk]),
        {"age": "18", "in_uk": "yes", "known_to_childrens_services": "no"},
    )
    assert "A dependent child is under 18" in response.content.decode()
    assert not DependentChild.objects.exists()


@pytest.mark.parametrize("persona", ["worker_b", "board_member", "outsider", "administrator"])
def test_someone_who_cannot_see_the_case_gets_404(client, request, case_with_survivor, persona):
    case, link = case_with_survivor
    child = DependentChild.objects.create(person=link.person, age=3)
    client.force_login(request.getfixturevalue(persona))
    add = reverse("cases:child_add", args=[case.reference, link.pk])
    remove = reverse("cases:child_remove", args=[case.reference, link.pk, child.pk])
    assert client.get(add).status_code == 404
    assert client.post(add, {"age": "2", "in_uk": "yes"}).status_code == 404
    assert client.post(remove).status_code == 404
    assert DependentChild.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "ages", "in_uk", "known"),
    [
        ("Two children aged 4 and 7 in Romania", [4, 7], "no", "unknown"),
        ("son, 12, lives with her; social worker involved", [12], "yes", "yes"),
        ("3 kids", [None, None, None], "unknown", "unknown"),
        ("a daughter (baby)", [None], "unknown", "unknown"),
        ("None", [], None, None),
        ("Cares for her elderly mother", [], None, None),
    ],
)
def test_free_text_written_before_becomes_children(text, ages, in_uk, known):
    children = migration.children_from_text(text)
    assert [child["age"] for child in children] == ages
    for child in children:
        assert (child["in_uk"], child["known_to_childrens_services"]) == (in_uk, known)
