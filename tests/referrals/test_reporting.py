"""nrm_report: the contract the reporting app relies on."""

from datetime import date

import pytest

from accounts.models import AgencyType
from cases.models import Case
from referrals.models import NrmEpisode
from referrals.reporting import nrm_report
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _case(reported, *episodes):
    person = PersonFactory()
    case = CaseFactory(date_reported=reported, survivors=[person])
    for fields in episodes:
        NrmEpisode.objects.create(case=case, person=person, **fields)
    return case


def _table(report, name):
    return {row["label"]: row["count"] for row in report["tables"][name]}


@pytest.fixture
def data(db):
    q1 = date(2025, 4, 10)
    nrm = {"route": "nrm", "first_responder_type": AgencyType.POLICE}
    council = {"route": "nrm", "first_responder_type": AgencyType.LOCAL_AUTHORITY}
    cases = {
        "awaiting_rg": _case(
            q1, {**nrm, "state": "awaiting_rg", "submitted_on": date(2025, 4, 11)}
        ),
        "rg_pos_cg_traff": _case(
            q1,
            {
                **council,
                "state": "move_on",
                "submitted_on": date(2025, 4, 1),
                "rg_decision": "positive",
                "rg_decision_on": date(2025, 4, 11),  # 10 days
                "cg_decision": "positive_trafficking",
                "cg_decision_on": date(2025, 10, 28),  # 210 days
            },
        ),
        "rg_pos_waiting": _case(
            q1,
            {
                **council,
                "state": "awaiting_cg",
                "submitted_on": date(2025, 4, 2),
                "rg_decision": "positive",
                "rg_decision_on": date(2025, 4, 22),  # 20 days
            },
        ),
        "rg_negative": _case(
            q1,
            {
                **nrm,
                "state": "rg_negative",
                "submitted_on": date(2025, 4, 3),
                "rg_decision": "negative",
                "rg_decision_on": date(2025, 4, 7),  # 4 days
            },
        ),
        "dtn_only": _case(
            q1, {"route": "dtn", "state": "dtn_submitted", "submitted_on": date(2025, 4, 5)}
        ),
        "dtn_then_nrm": _case(
            q1,
            {"route": "dtn", "state": "dtn_submitted", "submitted_on": date(2025, 4, 5)},
            {**nrm, "state": "awaiting_rg", "submitted_on": date(2025, 5, 1)},
        ),
        "consent_only": _case(q1, {"route": "nrm", "state": "consent_given"}),
        "nothing": _case(q1),
        "other_period": _case(
            date(2024, 4, 1),
            {
                **nrm,
                "state": "awaiting_cg",
                "submitted_on": date(2024, 5, 1),
                "rg_decision": "positive",
                "rg_decision_on": date(2024, 5, 2),
            },
        ),
    }
    return cases


def test_nrm_report_counts(data):
    period = Case.objects.filter(date_reported__range=(date(2025, 4, 1), date(2026, 3, 31)))
    report = nrm_report(cases=period, date_from=date(2025, 4, 1), date_to=date(2026, 3, 31))
    assert _table(report, "nrm_route") == {"NRM": 5, "Duty to Notify": 1, "None": 2}
    by_type = _table(report, "nrm_first_responder_type")
    assert by_type["Police"] == 3 and by_type["Local authority"] == 2 and by_type["NHS"] == 0
    assert _table(report, "rg_decision") == {"Positive": 2, "Negative": 1, "Awaiting decision": 2}
    assert _table(report, "cg_decision") == {
        "Positive - trafficking": 1,
        "Positive - slavery, servitude or forced labour": 0,
        "Negative": 0,
        "Awaiting decision": 1,
    }
    figures = report["figures"]
    assert figures["nrm_referrals"] == 5
    assert figures["dtn_referrals"] == 2
    assert figures["council_nrm_referrals"] == 2
    assert figures["median_days_to_rg"] == 10.0  # of 4, 10, 20
    assert figures["median_days_to_cg"] == 210.0


def test_open_episodes_by_age_cover_every_case_on_date_to(data):
    report = nrm_report(
        cases=Case.objects.none(), date_from=date(2025, 4, 1), date_to=date(2026, 3, 31)
    )
    # Open on 31 March 2026: the 2025 ones (about 11-12 months) and the 2024 one.
    ages = _table(report, "nrm_open_by_age")
    assert ages == {
        "Under 3 months": 0,
        "3 to 6 months": 0,
        "6 to 12 months": 5,  # awaiting_rg x2, move_on, awaiting_cg, rg_negative
        "12 months or more": 1,
    }
    assert _table(report, "nrm_route") == {"NRM": 0, "Duty to Notify": 0, "None": 0}


def test_an_episode_closed_before_date_to_is_not_open(db):
    _case(
        date(2025, 4, 1),
        {
            "route": "nrm",
            "state": "withdrawn",
            "submitted_on": date(2025, 4, 2),
            "withdrawn_on": date(2025, 6, 1),
        },
    )
    before = nrm_report(
        cases=Case.objects.none(), date_from=date(2025, 4, 1), date_to=date(2025, 5, 1)
    )
    after = nrm_report(
        cases=Case.objects.none(), date_from=date(2025, 4, 1), date_to=date(2025, 7, 1)
    )
    assert _table(before, "nrm_open_by_age")["Under 3 months"] == 1
    assert sum(_table(after, "nrm_open_by_age").values()) == 0


def test_positive_cg_decisions_of_an_unrecorded_kind_have_their_own_row(db):
    positive_rg = {"route": "nrm", "submitted_on": date(2025, 4, 11), "rg_decision": "positive"}
    _case(date(2025, 4, 10), {**positive_rg, "state": "exited", "cg_decision": "positive"})
    _case(date(2025, 4, 12), {**positive_rg, "state": "awaiting_cg"})
    report = nrm_report(
        cases=Case.objects.all(), date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)
    )
    cg = _table(report, "cg_decision")
    assert cg["Positive - type not recorded"] == 1
    assert cg["Awaiting decision"] == 1
    assert sum(cg.values()) == 2  # every positive RG is in exactly one row


def test_the_unrecorded_kind_row_is_absent_when_there_are_none(data):
    report = nrm_report(
        cases=Case.objects.all(), date_from=date(2025, 4, 1), date_to=date(2025, 6, 30)
    )
    assert "Positive - type not recorded" not in _table(report, "cg_decision")
