"""Disclosure control: small numbers in a report must not identify anyone.

One function, :func:`suppress`, decides which counts of a table are hidden.
Everything a report shows (JSON, CSV, PDF tables, charts, headline figures)
goes through it, so there is one place to get right and to test.

- Primary suppression: a count from 1 to ``threshold - 1`` is hidden and shown
  as "fewer than <threshold>". Zero is shown: it identifies nobody.
- Secondary suppression: where a table's cells add up to a published total,
  a reader knows the hidden cells add up to the total less the visible ones.
  More cells are hidden (the smallest visible first) until no hidden cell can
  be worked out from that sum. Hidden cells a reader knows are 1 to
  ``threshold - 1`` ("fewer than 5") or at least ``threshold`` ("suppressed").
- If that cannot be achieved (every non-zero cell is hidden and one can still
  be worked out), the whole table is withheld.
- Percentages are shown only for visible counts on a base of at least
  ``percent_min_base``.

The audiences are ``internal`` (exact), ``board`` (the default) and
``public``; their thresholds live in ``settings.WAYMARK_REPORT_DISCLOSURE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

INTERNAL = "internal"
BOARD = "board"
PUBLIC = "public"
AUDIENCES = {
    INTERNAL: "Internal (exact figures, Modern Slavery Lead only)",
    BOARD: "Partnership board (small numbers protected)",
    PUBLIC: "Public (stricter protection)",
}

VISIBLE = "visible"
PRIMARY = "primary"  # 1 to threshold - 1: "fewer than <threshold>"
SECONDARY = "secondary"  # hidden so a primary cell cannot be worked out
WITHHELD = "withheld"  # the table could not be protected cell by cell


@dataclass(frozen=True)
class Rule:
    threshold: int
    percent_min_base: int

    @property
    def exact(self) -> bool:
        return self.threshold <= 1


def rule_for(audience: str) -> Rule:
    try:
        config = settings.WAYMARK_REPORT_DISCLOSURE[audience]
    except KeyError:
        raise ValueError(f"Choose an audience from {', '.join(AUDIENCES)}") from None
    return Rule(int(config["threshold"]), int(config["percent_min_base"]))


@dataclass(frozen=True)
class Suppressed:
    """The outcome for one table: a state per cell, and whether the total is hidden."""

    states: tuple[str, ...]
    total_hidden: bool = False

    def visible(self, index: int) -> bool:
        return self.states[index] == VISIBLE

    @property
    def withheld(self) -> bool:
        return WITHHELD in self.states


def _hidden_ranges(states, threshold, hidden_sum):
    ranges = []
    for state in states:
        if state == PRIMARY:
            ranges.append((1, threshold - 1))
        elif state == SECONDARY:
            ranges.append((threshold, hidden_sum))
        elif state == WITHHELD:
            ranges.append((0, hidden_sum))
    return ranges


def _some_cell_can_be_worked_out(counts, states, threshold, total) -> bool:
    """Whether a reader who knows the total, the visible cells and what each
    kind of hidden cell may be can pin one hidden cell down to one value.

    Each hidden cell lies in a range and they add up to a known sum; one cell's
    possible values then run from max(lo, sum - others' highs) to
    min(hi, sum - others' lows)."""
    hidden_sum = total - sum(c for c, s in zip(counts, states, strict=True) if s == VISIBLE)
    ranges = _hidden_ranges(states, threshold, hidden_sum)
    if not ranges:
        return False
    all_lo = sum(lo for lo, _ in ranges)
    all_hi = sum(hi for _, hi in ranges)
    for lo, hi in ranges:
        low = max(lo, hidden_sum - (all_hi - hi))
        high = min(hi, hidden_sum - (all_lo - lo))
        if low >= high:
            return True
    return False


def suppress(
    counts: list[int], *, threshold: int, total: int | None = None, hide=frozenset()
) -> Suppressed:
    """Which cells of a table to hide. ``total`` is given when the cells add up
    to a total the report publishes (each case in exactly one row). ``hide``
    holds the indexes of cells hidden because the same quantity is hidden
    elsewhere in the report; the table is then protected around them too."""
    counts = list(counts)
    if threshold <= 1:
        return Suppressed(tuple(VISIBLE for _ in counts))
    states = [PRIMARY if 0 < count < threshold else VISIBLE for count in counts]
    for index in hide:
        if states[index] == VISIBLE and counts[index] > 0:
            states[index] = SECONDARY
    total_hidden = total is not None and 0 < total < threshold
    if total is None or total_hidden:
        return Suppressed(tuple(states), total_hidden)
    while any(s != VISIBLE for s in states) and _some_cell_can_be_worked_out(
        counts, states, threshold, total
    ):
        candidates = [i for i, c in enumerate(counts) if states[i] == VISIBLE and c > 0]
        if not candidates:
            return Suppressed(tuple(WITHHELD for _ in counts))
        states[min(candidates, key=lambda i: (counts[i], i))] = SECONDARY
    return Suppressed(tuple(states))


# --- Applying it to the report's tables ---------------------------------------------------


def _percent(count: int, base: int, rule: Rule) -> float | None:
    if base <= 0 or base < rule.percent_min_base:
        return None
    return round(100 * count / base, 1)


def disclose_rows(
    rows: list[dict],
    *,
    rule: Rule,
    base: int | None,
    known_total: int | None,
    hide_labels=frozenset(),
) -> dict:
    """Rows of ``{"label", "count"}`` as the report shows them.

    ``base`` is what percentages are of (the cases in the period; None for no
    percentages). ``known_total`` is a total a reader knows the cells add up
    to, if any: cells are then protected against being worked out from it.
    ``hide_labels`` are rows hidden because their quantity is hidden elsewhere."""
    counts = [row["count"] for row in rows]
    hide = frozenset(i for i, row in enumerate(rows) if row["label"] in hide_labels)
    outcome = suppress(counts, threshold=rule.threshold, total=known_total, hide=hide)
    shown = []
    for index, row in enumerate(rows):
        # Sub-counts beside a count (actions done on time) get primary suppression.
        extra = {
            k: (disclose_count(v, rule=rule)["count"] if isinstance(v, int) else v)
            for k, v in row.items()
            if k not in ("label", "count")
        }
        if outcome.visible(index):
            percent = None if base is None else _percent(row["count"], base, rule)
            shown.append(
                {"label": row["label"], "count": row["count"], "percent": percent, **extra}
            )
        else:
            shown.append(
                {
                    "label": row["label"],
                    "count": None,
                    "suppressed": True,
                    "percent": None,
                    "fewer_than": rule.threshold if outcome.states[index] == PRIMARY else None,
                    **dict.fromkeys(extra),
                }
            )
    return {"rows": shown, "withheld": outcome.withheld}


def disclose_count(value: int | None, *, rule: Rule) -> dict:
    """A single figure (meetings held, referrals made)."""
    if value is None:
        return {"count": None}
    if suppress([value], threshold=rule.threshold).visible(0):
        return {"count": value}
    return {"count": None, "suppressed": True, "fewer_than": rule.threshold}
