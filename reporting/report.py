"""A partnership report: exact figures for a period, then what an audience sees.

:func:`collect` counts everything (in SQL, see :mod:`reporting.figures`);
:func:`disclose` applies disclosure control for an audience and gives the JSON
form that ``render_report``, the report run's snapshot, the CSV and the PDF all
use. Nothing downstream of :func:`disclose` sees an exact small number.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from reporting import figures
from reporting.disclosure import Rule, disclose_count, disclose_rows, rule_for
from reporting.periods import Period

Progress = Callable[[int, str], None]

# Figures that count people's cases (suppressed like a cell) and figures that
# are percentages or medians, with the count each is based on.
COUNT_FIGURES = {
    "nrm_referrals",
    "dtn_referrals",
    "council_nrm_referrals",
    "referrals",
    "cases_heard",
    "repeat_referrals",
    "actions_due",
    "actions_done_on_time",
}
DERIVED_FIGURES = {
    "median_days_to_rg": "nrm_referrals",
    "median_days_to_cg": "nrm_referrals",
    "repeat_rate_percent": "referrals",
    "non_police_referral_percent": "referrals",
    "actions_on_time_percent": "actions_due",
}
# Figures that are also a cell of a table: hidden where that cell is, so the
# figure cannot give away a count the table's secondary suppression hid.
FIGURE_CELLS = {
    "nrm_referrals": ("nrm_route", "NRM"),
    "dtn_referrals": ("nrm_route", "Duty to Notify"),
    "council_nrm_referrals": ("nrm_first_responder_type", "Local authority"),
}


def _noop(percent: int, message: str) -> None:
    return None


def collect(period: Period, *, progress: Progress = _noop) -> dict:
    """Every exact figure the report needs for ``period``."""
    previous = period.previous()
    progress(5, "Counting cases")
    raw = {
        "period": {**period.as_dict(), "code": period.code, "label": period.label},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "total_cases": figures.total_cases(period),
        "previous": {
            **previous.as_dict(),
            "code": previous.code,
            "label": previous.label,
            "total_cases": figures.total_cases(previous),
        },
        "trend": figures.trend_counts(period),
        "tables": {},
        "figures": {},
    }
    steps = len(figures.CASE_TABLES)
    for index, (step, count) in enumerate(figures.CASE_TABLES.items()):
        progress(10 + int(50 * index / steps), f"Counting {step}")
        raw["tables"].update(count(period))

    progress(60, "Counting NRM referrals and decisions")
    nrm = figures.nrm_section(period)
    progress(70, "Counting SERAC meetings and actions")
    serac = figures.serac_section(period)
    for section in (nrm, serac):
        raw["tables"].update(section.get("tables", {}))
        raw["figures"].update(section.get("figures", {}))

    progress(80, "Counting pathway compliance, training and the action plan")
    raw["compliance"] = figures.pathway_compliance()
    raw["training"] = figures.training(period)
    raw["action_plan"] = figures.action_plan(period)
    return raw


def _known_total(name: str, rows: list[dict], total_cases: int) -> int | None:
    counts = [row["count"] for row in rows]
    if name in figures.NOT_PERCENT_OF_CASES:
        # Such a table may add up to a figure the report shows (NRM referrals,
        # SERAC referrals), so its own sum is treated as known.
        return sum(counts)
    return total_cases if sum(counts) == total_cases else None


def _disclose_figures(values: dict, rule: Rule) -> tuple[dict, list[str]]:
    shown, hidden = {}, []
    for name, value in values.items():
        if name in COUNT_FIGURES and isinstance(value, int):
            result = disclose_count(value, rule=rule)
            shown[name] = result["count"]
            if result.get("suppressed"):
                hidden.append(name)
        elif name in DERIVED_FIGURES:
            base = values.get(DERIVED_FIGURES[name])
            minimum = max(rule.threshold, 1) if name.startswith("median") else rule.percent_min_base
            if value is not None and isinstance(base, int) and base < minimum:
                shown[name] = None
                hidden.append(name)
            else:
                shown[name] = value
        else:
            shown[name] = value
    return shown, hidden


def disclose(raw: dict, *, audience: str) -> dict:
    """The report as ``audience`` may see it: the JSON form of ``render_report``."""
    rule = rule_for(audience)
    total = disclose_count(raw["total_cases"], rule=rule)
    total_hidden = total["count"] is None
    base = None if total_hidden else raw["total_cases"]
    tables, withheld = {}, []
    for name, rows in raw["tables"].items():
        percent_base = None if name in figures.NOT_PERCENT_OF_CASES else base
        known = None if total_hidden else _known_total(name, rows, raw["total_cases"])
        result = disclose_rows(rows, rule=rule, base=percent_base, known_total=known)
        tables[name] = result["rows"]
        if result["withheld"]:
            withheld.append(name)

    previous = disclose_count(raw["previous"]["total_cases"], rule=rule)["count"]
    change = None
    if total["count"] is not None and previous is not None:
        difference = total["count"] - previous
        change = {
            "count": difference,
            "percent": (
                round(100 * difference / previous, 1)
                if previous and previous >= rule.percent_min_base
                else None
            ),
        }
    shown_figures, hidden_figures = _disclose_figures(raw["figures"], rule)
    for name, (table, label) in FIGURE_CELLS.items():
        cell = next((row for row in tables.get(table, []) if row["label"] == label), None)
        if cell and cell.get("suppressed") and name in shown_figures:
            shown_figures[name] = None
            if name not in hidden_figures:
                hidden_figures.append(name)
    compliance = {
        key: [
            {
                k: (disclose_count(v, rule=rule)["count"] if isinstance(v, int) else v)
                for k, v in row.items()
            }
            for row in rows
        ]
        for key, rows in raw["compliance"].items()
    }
    return {
        "period": {"from": raw["period"]["from"], "to": raw["period"]["to"]},
        "audience": audience,
        "total_cases": total["count"],
        "tables": tables,
        # Beyond the tables: what the PDF's summary and sections need.
        "period_code": raw["period"]["code"],
        "period_label": raw["period"]["label"],
        "generated_at": raw["generated_at"],
        "previous_period": {
            "from": raw["previous"]["from"],
            "to": raw["previous"]["to"],
            "label": raw["previous"]["label"],
            "total_cases": previous,
        },
        "change_on_previous": change,
        "trend": [
            {**point, "count": disclose_count(point["count"], rule=rule)["count"]}
            for point in raw["trend"]
        ],
        "figures": shown_figures,
        "suppressed_figures": hidden_figures,
        "withheld_tables": withheld,
        # Kept for the scripts that read it: every section is always included now.
        "unavailable_sections": [],
        "pathway_compliance": compliance,
        "training": raw["training"],
        "action_plan": raw["action_plan"],
        "disclosure": {
            "threshold": rule.threshold if not rule.exact else None,
            "percent_min_base": rule.percent_min_base if not rule.exact else None,
        },
    }


def build(period: Period, *, audience: str, progress: Progress = _noop) -> dict:
    return disclose(collect(period, progress=progress), audience=audience)
