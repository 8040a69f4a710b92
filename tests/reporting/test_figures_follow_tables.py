"""A headline figure never shows a count its table had to hide.

The NRM figures repeat cells of the nrm_route table: when secondary
suppression hides the NRM cell (so a small Duty to Notify count cannot be
worked out from the total), the "NRM referrals made" figure must go too.
"""

from datetime import date

import pytest

from accounts.models import AgencyType
from referrals.models import NrmEpisode
from reporting.periods import financial_quarter
from reporting.report import collect, disclose
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def case_with(route: str | None) -> None:
    person = PersonFactory()
    case = CaseFactory(date_reported=date(2025, 5, 1), survivors=[person])
    if route:
        NrmEpisode.objects.create(
            case=case,
            person=person,
            route=route,
            state="awaiting_rg" if route == "nrm" else "dtn_submitted",
            submitted_on=date(2025, 5, 2),
            first_responder_type=AgencyType.POLICE,
        )


@pytest.fixture
def raw(db):
    for _ in range(12):
        case_with("nrm")
    case_with("dtn")  # one: hidden, and the NRM cell with it
    for _ in range(30):
        case_with(None)
    return collect(financial_quarter("2025-26-Q1"))


def test_the_board_sees_no_nrm_figure_when_the_table_hid_the_nrm_cell(raw):
    board = disclose(raw, audience="board")
    route = {row["label"]: row for row in board["tables"]["nrm_route"]}
    assert route["Duty to Notify"]["suppressed"] and route["NRM"]["suppressed"]
    assert board["figures"]["nrm_referrals"] is None
    assert board["figures"]["dtn_referrals"] is None
    assert {"nrm_referrals", "dtn_referrals"} <= set(board["suppressed_figures"])


def test_the_internal_report_shows_them(raw):
    internal = disclose(raw, audience="internal")
    assert internal["figures"]["nrm_referrals"] == 12
    assert internal["figures"]["dtn_referrals"] == 1
