"""The import's NRM columns become episodes (docs/import-format.md)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from cases.services.importing import import_cases
from referrals.models import NrmEpisode
from referrals.services import nrm_episode_start
from tests.cases.test_import_command import csv_bytes, make_row

pytestmark = pytest.mark.django_db


def _import(rows, name="coventry-2024.csv"):
    result = import_cases(content=csv_bytes(rows), file_name=name)
    assert not result.errors, result.errors
    return result


def test_nrm_columns_become_one_episode_per_case():
    _import(
        [
            make_row(1),  # NRM, submitted 1 April 2024, positive RG 5 April 2024, Police
            make_row(
                2,
                nrm_route="DtN",
                rg_decision="",
                rg_decision_on="",
                first_responder="Coventry City Council",
            ),
            make_row(
                3,
                cg_decision="Positive",
                cg_decision_on="01/10/2024",
                first_responder="The Salvation Army",
            ),
            make_row(4, nrm_route="None", nrm_submitted_on="", rg_decision="", rg_decision_on=""),
        ]
    )
    one = NrmEpisode.objects.get(case__reference="MS-2024-00001")
    assert (one.route, one.state, one.submitted_on) == ("nrm", "awaiting_cg", date(2024, 4, 1))
    assert one.rg_decision_on == date(2024, 4, 5)
    assert one.recovery_period_ends_on == date(2024, 5, 5)
    assert one.first_responder_type == "police"
    assert one.imported_from == "coventry-2024.csv"
    assert one.person == Case.objects.get(reference="MS-2024-00001").case_people.get().person
    two = NrmEpisode.objects.get(case__reference="MS-2024-00002")
    assert (two.route, two.state, two.first_responder_type) == (
        "dtn",
        "dtn_submitted",
        "local_authority",
    )
    three = NrmEpisode.objects.get(case__reference="MS-2024-00003")
    assert three.cg_decision == "positive"
    assert three.move_on_ends_on == date(2024, 11, 15)
    # The file records no exit: a move-on long over is imported as ended then.
    assert (three.state, three.exited_on) == ("exited", date(2024, 11, 15))
    assert three.first_responder_type == "voluntary"
    assert not NrmEpisode.objects.filter(case__reference="MS-2024-00004").exists()


def test_reimporting_the_same_file_changes_nothing():
    rows = [make_row(1), make_row(2, nrm_route="DtN", rg_decision="", rg_decision_on="")]
    _import(rows)
    before = list(NrmEpisode.objects.values_list("pk", "state", "updated_at"))
    result = _import(rows)
    assert len(result.unchanged) == 2
    assert list(NrmEpisode.objects.values_list("pk", "state", "updated_at")) == before


def test_a_later_file_with_a_decision_updates_the_episode():
    _import([make_row(1, rg_decision="Pending", rg_decision_on="")])
    assert NrmEpisode.objects.get().state == "awaiting_rg"
    result = _import([make_row(1, rg_decision="Negative", rg_decision_on="10/04/2024")])
    assert result.updated == ["MS-2024-00001"] or len(result.updated) == 1
    episode = NrmEpisode.objects.get()
    assert (episode.state, episode.rg_decision) == ("rg_negative", "negative")


def test_a_failing_row_leaves_no_episode_behind():
    result = import_cases(
        content=csv_bytes([make_row(1), make_row(2, nrm_route="Maybe")]), file_name="bad.csv"
    )
    assert result.errors
    assert not NrmEpisode.objects.exists()


def test_episodes_recorded_in_waymark_are_left_alone(lead):
    _import([make_row(1, nrm_route="None", nrm_submitted_on="", rg_decision="", rg_decision_on="")])
    case = Case.objects.get(reference="MS-2024-00001")
    nrm_episode_start(actor=lead, case=case, person=case.case_people.get().person)
    _import([make_row(1)])
    assert NrmEpisode.objects.filter(case=case).count() == 1
    assert NrmEpisode.objects.get(case=case).imported_from == ""


def test_a_positive_cg_whose_move_on_is_still_running_is_imported_as_move_on():
    recent = timezone.localdate() - timedelta(days=10)
    _import([make_row(1, cg_decision="Positive", cg_decision_on=f"{recent:%d/%m/%Y}")])
    episode = NrmEpisode.objects.get()
    assert (episode.state, episode.exited_on) == ("move_on", None)
    assert episode.move_on_ends_on > timezone.localdate()
