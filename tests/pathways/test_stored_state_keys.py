"""A pathway step renamed in its definition must not strand the cases stored at it."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from pathways.checks import check_stored_state_keys, stranded_keys
from pathways.migration_helpers import rename_state
from pathways.models import CasePathway, PathwayStep
from pathways.services import pathway_start, pathway_transition
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_housing(worker_a, agency_a):
    """A case one step along the housing pathway."""
    case_pathway = pathway_start(
        actor=worker_a, case=CaseFactory(raised_by=agency_a), pathway_key="housing"
    )
    first = case_pathway.pathway.transitions_from(case_pathway.state_key)[0]
    return pathway_transition(actor=worker_a, case_pathway=case_pathway, transition_key=first.key)


def strand(case_pathway, old_key):
    """What a rename in the definition without a data migration leaves behind."""
    current = case_pathway.state_key
    CasePathway.objects.filter(pk=case_pathway.pk).update(state_key=old_key)
    PathwayStep.objects.filter(case_pathway=case_pathway, to_state=current).update(to_state=old_key)


def test_manage_py_check_reports_a_stranded_state_key(on_housing):
    call_command("check", databases=["default"], stdout=StringIO())  # nothing stranded
    strand(on_housing, "referred_to_housing_old")
    with pytest.raises(SystemCheckError) as reported:
        call_command("check", databases=["default"], stdout=StringIO(), stderr=StringIO())
    message = str(reported.value)
    assert "pathways.E002" in message
    assert "1 case stored at step 'referred_to_housing_old' of pathway 'housing'" in message
    assert "rename_state(apps, 'housing', 'referred_to_housing_old', NEW_KEY)" in message


def test_the_check_reports_a_pathway_no_definition_has(on_housing):
    CasePathway.objects.filter(pk=on_housing.pk).update(pathway_key="retired_pathway")
    errors = check_stored_state_keys(databases=["default"])
    assert [error.id for error in errors] == ["pathways.E001"]
    assert "'retired_pathway'" in errors[0].msg


def test_the_check_reads_the_database_only_when_asked(on_housing):
    strand(on_housing, "gone")
    assert check_stored_state_keys(databases=None) == []


def test_the_rename_helper_moves_stored_keys_and_the_step_history(on_housing):
    current = on_housing.state_key
    strand(on_housing, "referred_to_housing_old")
    other = pathway_start(actor=None, case=CaseFactory(), pathway_key="adult_social_care")

    moved = rename_state(apps, "housing", "referred_to_housing_old", current)

    assert moved == 1
    on_housing.refresh_from_db()
    assert on_housing.state_key == current
    assert list(on_housing.steps.values_list("to_state", flat=True))[-1] == current
    assert not PathwayStep.objects.filter(to_state="referred_to_housing_old").exists()
    other.refresh_from_db()
    assert other.state_key == other.pathway.initial  # another pathway is left alone
    assert stranded_keys() == []
    call_command("check", databases=["default"], stdout=StringIO())


def test_the_rename_helper_touches_only_the_named_pathway(worker_a, agency_a):
    case = CaseFactory(raised_by=agency_a)
    housing = pathway_start(actor=worker_a, case=case, pathway_key="housing")
    health = pathway_start(actor=worker_a, case=case, pathway_key="health")
    rename_state(apps, "housing", housing.state_key, "renamed")
    housing.refresh_from_db()
    health.refresh_from_db()
    assert housing.state_key == "renamed"
    assert health.state_key == health.pathway.initial
    assert housing.steps.get().to_state == "renamed"


def test_the_rename_helper_needs_both_keys():
    with pytest.raises(ValueError, match="Give the state key"):
        rename_state(apps, "housing", "", "new")
