"""A quantity published in several places (a headline figure, table rows, a
table's total) has one suppression decision, so no hidden count can be worked
out by putting the report's figures together."""

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reporting.report import QUANTITIES, disclose

THRESHOLD = 5  # the board's, from the test settings


def raw_report(cases: list[dict]) -> dict:
    """The exact figures ``collect`` would give for ``cases``: each a dict of
    ``route`` (nrm, dtn or none), ``rg``, ``cg`` and ``responder``. A case with
    an NRM referral has the outcome "NRM referral made"; one with only a Duty
    to Notify, "Duty to Notify submitted"."""
    nrm = [c for c in cases if c["route"] == "nrm"]
    dtn = [c for c in cases if c["route"] == "dtn"]

    def count(items, key, value):
        return sum(1 for item in items if item[key] == value)

    positive = [c for c in nrm if c["rg"] == "positive"]
    tables = {
        "nrm_route": [
            {"label": "NRM", "count": len(nrm)},
            {"label": "Duty to Notify", "count": len(dtn)},
            {"label": "None", "count": len(cases) - len(nrm) - len(dtn)},
        ],
        "case_outcome": [
            {"label": "NRM referral made", "count": len(nrm)},
            {"label": "Duty to Notify submitted", "count": len(dtn)},
            {"label": "Accommodated", "count": sum(1 for c in cases if c["accommodated"])},
        ],
        "rg_decision": [
            {"label": "Positive", "count": len(positive)},
            {"label": "Negative", "count": count(nrm, "rg", "negative")},
            {"label": "Awaiting decision", "count": count(nrm, "rg", "")},
        ],
        "cg_decision": [
            {"label": "Positive - trafficking", "count": count(positive, "cg", "trafficking")},
            {"label": "Negative", "count": count(positive, "cg", "negative")},
            {"label": "Awaiting decision", "count": count(positive, "cg", "")},
        ],
        "nrm_first_responder_type": [
            {"label": "Police", "count": count(nrm, "responder", "police")},
            {"label": "Local authority", "count": count(nrm, "responder", "local_authority")},
            {"label": "NHS", "count": count(nrm, "responder", "nhs")},
        ],
    }
    period = {"from": "2026-07-01", "to": "2026-09-30", "code": "2026-Q3", "label": "Q2"}
    return {
        "period": period,
        "generated_at": "2026-10-01T00:00:00",
        "total_cases": len(cases),
        "previous": {**period, "total_cases": 0},
        "trend": [],
        "tables": tables,
        "figures": {
            "nrm_referrals": len(nrm),
            "dtn_referrals": len(dtn),
            "council_nrm_referrals": count(nrm, "responder", "local_authority"),
        },
        "bases": {},
        "caseload_bases": {},
        "compliance": {},
        "training": {},
        "action_plan": [],
    }


def hidden(row) -> bool:
    return row["count"] is None


def rows(report, table) -> dict:
    return {row["label"]: row for row in report["tables"][table]}


def case(route, rg="", responder="", accommodated=False) -> dict:
    return {
        "route": route,
        "rg": rg,
        "cg": "",
        "responder": responder,
        "accommodated": accommodated,
    }


def test_the_board_reports_leak_is_closed():
    # The 2026-27 Q2 board report: 40 cases, 11 with an NRM referral, 2 with
    # only a Duty to Notify, so the NRM row was hidden to protect the 2.
    cases = (
        [case("nrm", "positive", "police")] * 8
        + [case("nrm", "negative", "police")] * 3
        + [case("dtn")] * 2
        + [case("none", accommodated=True)] * 27
    )
    report = disclose(raw_report(cases), audience="board")
    assert hidden(rows(report, "nrm_route")["NRM"])
    assert report["figures"]["nrm_referrals"] is None
    assert hidden(rows(report, "case_outcome")["NRM referral made"])
    # The Reasonable Grounds table no longer adds up to the hidden 11.
    assert any(hidden(row) for row in report["tables"]["rg_decision"])
    assert any(hidden(row) for row in report["tables"]["nrm_first_responder_type"])


def test_a_quantity_shown_everywhere_stays_shown():
    cases = [case("nrm", "positive", "police")] * 12
    cases += [case("none")] * 10
    report = disclose(raw_report(cases), audience="board")
    assert report["figures"]["nrm_referrals"] == 12
    assert rows(report, "case_outcome")["NRM referral made"]["count"] == 12
    assert rows(report, "rg_decision")["Positive"]["count"] == 12


def _bounds(rows_, total, threshold):
    """Each hidden row's possible range, from a known total and the shown rows:
    "fewer than" rows are 1 to threshold - 1, other hidden rows at least the
    threshold, and every row of a withheld table anything."""
    rest = total - sum(r["count"] for r in rows_ if r["count"] is not None)
    withheld = all(r["count"] is None for r in rows_)
    ranges = []
    for row in rows_:
        if row["count"] is not None:
            continue
        if withheld:
            ranges.append((0, rest))
        elif row.get("fewer_than"):
            ranges.append((1, threshold - 1))
        else:
            ranges.append((threshold, rest))
    low_sum = sum(lo for lo, _ in ranges)
    high_sum = sum(hi for _, hi in ranges)
    return [(max(lo, rest - (high_sum - hi)), min(hi, rest - (low_sum - lo))) for lo, hi in ranges]


case_strategy = st.fixed_dictionaries(
    {
        "route": st.sampled_from(["nrm", "nrm", "dtn", "none"]),
        "rg": st.sampled_from(["positive", "negative", ""]),
        "cg": st.sampled_from(["trafficking", "negative", ""]),
        "responder": st.sampled_from(["police", "local_authority", "nhs"]),
        "accommodated": st.booleans(),
    }
)


@given(cases=st.lists(case_strategy, max_size=40))
@hypothesis_settings(max_examples=300, deadline=None)
def test_no_hidden_count_can_be_worked_out_from_the_reports_other_figures(cases):
    raw = raw_report(cases)
    report = disclose(raw, audience="board")
    for name, quantity in QUANTITIES.items():
        figure = quantity["figure"]
        places = [rows(report, table)[label] for table, label in quantity["cells"]]
        exact = (
            raw["figures"][figure]
            if figure
            else next(
                r["count"]
                for r in raw["tables"][quantity["cells"][0][0]]
                if r["label"] == quantity["cells"][0][1]
            )
        )
        shown = [row["count"] for row in places if not hidden(row)]
        if figure:
            shown += [] if report["figures"][figure] is None else [report["figures"][figure]]
        totals = [
            sum(row["count"] for row in report["tables"][table])
            for table in quantity["totals"]
            if not any(hidden(row) for row in report["tables"][table])
        ]
        # One decision: shown everywhere (the same number) or nowhere. A table
        # that adds up to it publishes it only while every row is shown.
        hidden_somewhere = len(shown) < len(places) + bool(figure)
        if hidden_somewhere and exact:
            assert shown + totals == [], (name, shown, totals)
        else:
            assert set(shown + totals) <= {exact}, (name, shown, totals)
        published = shown + totals
        # Where the quantity is shown, no hidden row of a table adding up to it
        # can be pinned to one value.
        if published:
            for table in quantity["totals"]:
                table_rows = report["tables"][table]
                for low, high in _bounds(table_rows, exact, THRESHOLD):
                    assert low < high, (name, table, table_rows, exact)
    # The route table adds up to the published number of cases.
    if report["total_cases"] is not None:
        for low, high in _bounds(report["tables"]["nrm_route"], len(cases), THRESHOLD):
            assert low < high
