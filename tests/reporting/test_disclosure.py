"""Disclosure control: properties that must hold for any table, and the audiences."""

import itertools

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reporting.disclosure import (
    PRIMARY,
    SECONDARY,
    VISIBLE,
    WITHHELD,
    disclose_rows,
    rule_for,
    suppress,
)

tables = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=5)
thresholds = st.integers(min_value=2, max_value=6)


def possible_values(counts, states, threshold, total):
    """Every value each hidden cell could take, found by trying every
    assignment a reader could not rule out: "fewer than t" cells are 1 to t-1,
    "suppressed" cells t or more, withheld cells anything; all add up to the total."""
    hidden = [i for i, s in enumerate(states) if s != VISIBLE]
    rest = total - sum(c for c, s in zip(counts, states, strict=True) if s == VISIBLE)
    ranges = []
    for i in hidden:
        if states[i] == PRIMARY:
            ranges.append(range(1, threshold))
        elif states[i] == SECONDARY:
            ranges.append(range(threshold, rest + 1))
        else:
            ranges.append(range(0, rest + 1))
    seen = {i: set() for i in hidden}
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for i, value in zip(hidden, values, strict=True):
                seen[i].add(value)
    return seen


@given(counts=tables, threshold=thresholds)
def test_no_visible_count_is_between_one_and_the_threshold(counts, threshold):
    outcome = suppress(counts, threshold=threshold, total=sum(counts))
    for count, state in zip(counts, outcome.states, strict=True):
        if state == VISIBLE:
            assert count == 0 or count >= threshold


@given(counts=tables, threshold=thresholds)
@hypothesis_settings(max_examples=200, deadline=None)
def test_a_published_total_never_reveals_a_hidden_cell(counts, threshold):
    total = sum(counts)
    outcome = suppress(counts, threshold=threshold, total=total)
    if outcome.total_hidden:
        assert 0 < total < threshold
        return
    for index, values in possible_values(counts, outcome.states, threshold, total).items():
        assert counts[index] in values, "the real value must be among the possibilities"
        assert len(values) >= 2, f"cell {index} of {counts} can be worked out: {values}"


@given(counts=tables, threshold=thresholds)
def test_without_a_known_total_only_small_counts_are_hidden(counts, threshold):
    outcome = suppress(counts, threshold=threshold, total=None)
    assert [s != VISIBLE for s in outcome.states] == [0 < c < threshold for c in counts]


@given(counts=tables)
def test_an_exact_audience_hides_nothing(counts):
    assert set(suppress(counts, threshold=0, total=sum(counts)).states) <= {VISIBLE}


def test_a_single_small_cell_takes_a_second_with_it():
    outcome = suppress([3, 40, 25], threshold=5, total=68)
    assert outcome.states == (PRIMARY, VISIBLE, SECONDARY)


def test_a_table_that_cannot_be_protected_cell_by_cell_is_withheld():
    # Five "fewer than 5" cells and one "suppressed" adding up to 10: each small one is 1.
    outcome = suppress([1, 1, 5, 1, 0, 1, 1], threshold=5, total=10)
    assert set(outcome.states) == {WITHHELD}


def test_board_rows_say_fewer_than_five_with_no_percentage(settings):
    rule = rule_for("board")
    result = disclose_rows(
        [{"label": "Labour", "count": 50}, {"label": "Organ harvesting", "count": 2}],
        rule=rule,
        base=167,
        known_total=None,
    )
    assert result["rows"][0] == {"label": "Labour", "count": 50, "percent": 29.9}
    assert result["rows"][1]["count"] is None
    assert result["rows"][1]["suppressed"] is True
    assert result["rows"][1]["percent"] is None
    assert result["rows"][1]["fewer_than"] == 5


def test_no_percentages_on_a_tiny_base():
    rows = disclose_rows(
        [{"label": "Labour", "count": 6}], rule=rule_for("board"), base=8, known_total=None
    )["rows"]
    assert rows == [{"label": "Labour", "count": 6, "percent": None}]


def test_public_thresholds_come_from_settings(settings):
    settings.WAYMARK_REPORT_DISCLOSURE = {
        **settings.WAYMARK_REPORT_DISCLOSURE,
        "public": {"threshold": 20, "percent_min_base": 100},
    }
    rows = disclose_rows(
        [{"label": "Labour", "count": 15}], rule=rule_for("public"), base=500, known_total=None
    )["rows"]
    assert rows[0]["count"] is None and rows[0]["fewer_than"] == 20


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError, match="internal, board, public"):
        rule_for("press")
