"""A partnership report: exact figures for a period, then what an audience sees.

:func:`collect` counts everything (in SQL, see :mod:`reporting.figures`);
:func:`disclose` applies disclosure control for an audience and gives the JSON
form that ``render_report``, the report run's snapshot, the CSV and the PDF all
use. Nothing downstream of :func:`disclose` sees an exact small number.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from reporting import figures, partnership
from reporting.disclosure import PUBLIC, Rule, disclose_count, disclose_rows, rule_for
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
    # With the expected number published, the percentage would give the count.
    "referrals_against_expected_percent": "referrals",
}
# SERAC's equality tables: each row also has the same measure over the whole
# caseload (``caseload_count``), disclosed as a table of its own.
CASELOAD_COMPARED = (
    "serac_referrals_by_ethnicity",
    "serac_referrals_by_disability",
    "serac_referrals_by_gender",
    "serac_referrals_by_age_band",
)
# Headline numbers of the partnership's own records. Each is the sum of a
# table's cells, which that table's disclosure already treats as published.
PARTNERSHIP_COUNTS = {
    "ambassadors": "ambassadors",
    "ambassador_sessions": "ambassador_activity",
    "events": None,
    "event_attendees": "events",
    "elearning_completions": "elearning_by_agency",
    "young_people_discussed": "transition_panel",
    "training_feedback_responses": "training_feedback",
    "ambassadors_trained": None,
    "ambassadors_refreshed": None,
}
# Figures that are also a cell of a table: hidden where that cell is, so the
# figure cannot give away a count the table's secondary suppression hid.
# One quantity, several places in the report: a headline figure, table rows
# that count the same thing, and tables whose rows add up to it. A quantity has
# one suppression decision: hidden in one place, it is hidden in all of them
# (a table that adds up to it keeps at least one row hidden, so its total
# cannot be added up), and the tables are protected around what is hidden.
# Without this, a board report hid "NRM referrals made" as a figure while its
# case outcome row showed 11 and its Reasonable Grounds table added up to 11.
QUANTITIES = {
    "nrm_referrals": {
        "figure": "nrm_referrals",
        "cells": [("nrm_route", "NRM"), ("case_outcome", "NRM referral made")],
        "totals": ["rg_decision", "nrm_first_responder_type"],
    },
    "dtn_referrals": {
        "figure": "dtn_referrals",
        "cells": [("nrm_route", "Duty to Notify"), ("case_outcome", "Duty to Notify submitted")],
        "totals": [],
    },
    "council_nrm_referrals": {
        "figure": "council_nrm_referrals",
        "cells": [("nrm_first_responder_type", "Local authority")],
        "totals": [],
    },
    "positive_rg": {
        "figure": None,
        "cells": [("rg_decision", "Positive")],
        "totals": ["cg_decision"],
    },
}


def _noop(percent: int, message: str) -> None:
    return None


def collect(period: Period, *, progress: Progress = _noop, age_bands: str = figures.BOTH) -> dict:
    """Every exact figure the report needs for ``period``. ``age_bands`` chooses
    today's survivor age bands, the equality impact assessment's, or both."""
    if age_bands not in figures.AGE_BAND_CHOICES:
        raise ValueError(f"Choose the age bands from {', '.join(figures.AGE_BAND_CHOICES)}")
    previous = period.previous()
    progress(5, "Counting cases")
    raw = {
        "period": {
            **period.as_dict(),
            "code": period.code,
            "label": period.label,
            "incomplete": period.is_incomplete(timezone.localdate()),
        },
        "age_bands": age_bands,
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

    for name in (figures.STANDARD, figures.EIA):
        if age_bands not in (name, figures.BOTH):
            raw["tables"].pop(figures.AGE_BAND_TABLES[name], None)
    dependants = figures.survivors_with_dependants(period)
    raw["tables"]["survivors_with_dependants"] = dependants["rows"]
    raw["bases"] = {"survivors_with_dependants": dependants["survivors"]}
    raw["caseload_bases"] = {}
    for name in CASELOAD_COMPARED:
        raw["bases"][name] = serac.get("bases", {}).get("serac", 0)
        raw["caseload_bases"][name] = serac.get("bases", {}).get("caseload", 0)

    progress(80, "Counting pathway compliance, training and the action plan")
    raw["compliance"] = figures.pathway_compliance()
    raw["training"] = figures.training(period)
    raw["action_plan"] = figures.action_plan(period)

    progress(85, "Counting training feedback, e-learning, ambassadors and events")
    feedback = partnership.training_feedback(period)
    ambassadors = partnership.ambassadors(period)
    events = partnership.events(period)
    raw["tables"].update(
        {
            "events": events,
            "training_feedback": feedback["rows"],
            "elearning_by_agency": partnership.elearning_by_agency(period),
            "ambassadors": ambassadors["ambassadors"],
            "ambassador_activity": ambassadors["ambassador_activity"],
            "transition_panel": partnership.transition_panel(period),
        }
    )
    raw["bases"]["training_feedback"] = feedback["responses"]
    raw["training_questions"] = feedback["questions"]
    raw["partnership_figures"] = {
        **ambassadors["figures"],
        "events": len(events),
        "event_attendees": sum(row["count"] for row in events),
        "elearning_completions": sum(r["count"] for r in raw["tables"]["elearning_by_agency"]),
        "young_people_discussed": sum(r["count"] for r in raw["tables"]["transition_panel"]),
        "training_feedback_responses": feedback["responses"],
    }
    raw["case_studies"] = partnership.case_studies(figures.plan_year_for(period))
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


def _add_caseload(shown: list[dict], rows: list[dict], caseload_base: int, rule: Rule) -> None:
    """Put the whole caseload's count and percentage beside each SERAC row,
    disclosed as a table of their own (they add up to the caseload)."""
    caseload = [{"label": row["label"], "count": row["caseload_count"]} for row in rows]
    result = disclose_rows(
        caseload, rule=rule, base=caseload_base, known_total=sum(r["count"] for r in caseload)
    )
    for row, cell in zip(shown, result["rows"], strict=True):
        row["caseload_count"] = cell["count"]
        row["caseload_percent"] = cell["percent"]
        if cell.get("suppressed"):
            row["caseload_fewer_than"] = cell["fewer_than"]


def _change(current: int | None, previous: int | None, rule: Rule) -> dict | None:
    """The change on the previous period. A percentage only where both periods
    hold enough cases for it to mean something; otherwise the reason."""
    if current is None or previous is None:
        return None
    difference = current - previous
    minimum = max(rule.percent_min_base, settings.WAYMARK_REPORT_CHANGE_MIN_CASES)
    smaller = min(current, previous)
    percent, reason = None, None
    if smaller >= minimum and previous:
        percent = round(100 * difference / previous, 1)
    else:
        which = "the previous period" if previous <= current else "this period"
        reason = (
            f"No percentage change: {which} has {smaller:,} case{'s' if smaller != 1 else ''}, "
            f"fewer than the {minimum} both periods need for a percentage to mean much."
        )
    return {"count": difference, "percent": percent, "percent_withheld_reason": reason}


def _disclose_partnership(values: dict, tables: dict, rule: Rule) -> dict:
    shown = {}
    for name, value in values.items():
        if name in PARTNERSHIP_COUNTS and isinstance(value, int):
            shown[name] = disclose_count(value, rule=rule)["count"]
        elif name == "ambassador_people_reached":
            # Cells of people reached are hidden one by one; their sum would
            # give a lone hidden one away.
            cells = tables.get("ambassador_activity", [])
            hidden = any(row.get("people_reached") is None for row in cells if row["count"])
            shown[name] = None if hidden else disclose_count(value, rule=rule)["count"]
        else:
            shown[name] = value
    return shown


def _row_hidden(results: dict, table: str, label: str) -> bool:
    row = next((r for r in results.get(table, {"rows": []})["rows"] if r["label"] == label), None)
    return bool(row and row.get("suppressed"))


def _one_decision_per_quantity(raw, results, shown_figures, hidden_figures, disclose_table):
    """Hide each quantity everywhere it appears once it is hidden anywhere
    (see ``QUANTITIES``), re-protecting the tables, until nothing changes."""
    hidden_labels: dict[str, set[str]] = {}
    changed = True
    while changed:
        changed = False
        for quantity in QUANTITIES.values():
            figure = quantity["figure"]
            hidden = (figure in hidden_figures) or any(
                _row_hidden(results, table, label) for table, label in quantity["cells"]
            )
            if not hidden:
                continue
            if figure and figure in shown_figures and shown_figures[figure] is not None:
                shown_figures[figure] = None
                hidden_figures.append(figure)
                changed = True
            for table, label in quantity["cells"]:
                if table in results and not _row_hidden(results, table, label):
                    row = next((r for r in raw["tables"][table] if r["label"] == label), None)
                    if row and row["count"] > 0:
                        hidden_labels.setdefault(table, set()).add(label)
                        changed = True
            for table in quantity["totals"]:
                rows = results.get(table, {"rows": []})["rows"]
                if not rows or any(r.get("suppressed") for r in rows if r["count"] != 0):
                    continue
                nonzero = [r for r in raw["tables"][table] if r["count"] > 0]
                if nonzero:
                    # Its total is the hidden quantity: hide a row so it cannot be added up.
                    smallest = min(nonzero, key=lambda r: r["count"])
                    hidden_labels.setdefault(table, set()).add(smallest["label"])
                    changed = True
            for table, labels in hidden_labels.items():
                results[table] = disclose_table(table, raw["tables"][table], frozenset(labels))


def disclose(raw: dict, *, audience: str) -> dict:
    """The report as ``audience`` may see it: the JSON form of ``render_report``."""
    rule = rule_for(audience)
    total = disclose_count(raw["total_cases"], rule=rule)
    total_hidden = total["count"] is None
    base = None if total_hidden else raw["total_cases"]
    own_bases = raw.get("bases", {})

    def disclose_table(name, rows, hide_labels=frozenset()):
        percent_base = None if name in figures.NOT_PERCENT_OF_CASES else base
        if name in own_bases:
            percent_base = own_bases[name]
        known = None if total_hidden else _known_total(name, rows, raw["total_cases"])
        result = disclose_rows(
            [{k: v for k, v in row.items() if k != "caseload_count"} for row in rows],
            rule=rule,
            base=percent_base,
            known_total=known,
            hide_labels=hide_labels,
        )
        if name in CASELOAD_COMPARED:
            _add_caseload(result["rows"], rows, raw["caseload_bases"][name], rule)
        return result

    results = {name: disclose_table(name, rows) for name, rows in raw["tables"].items()}
    shown_figures, hidden_figures = _disclose_figures(raw["figures"], rule)
    _one_decision_per_quantity(raw, results, shown_figures, hidden_figures, disclose_table)
    tables = {name: result["rows"] for name, result in results.items()}
    withheld = [name for name, result in results.items() if result["withheld"]]

    previous = disclose_count(raw["previous"]["total_cases"], rule=rule)["count"]
    change = _change(total["count"], previous, rule)
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
        "training": {
            **raw["training"],
            "questions": [
                {
                    "question": question["question"],
                    "rows": disclose_rows(
                        question["rows"],
                        rule=rule,
                        base=sum(r["count"] for r in question["rows"]),
                        known_total=sum(r["count"] for r in question["rows"]),
                    )["rows"],
                }
                for question in raw.get("training_questions", [])
            ],
        },
        "action_plan": raw["action_plan"],
        "period_incomplete": raw["period"].get("incomplete", False),
        "age_bands": raw.get("age_bands", figures.BOTH),
        "partnership_figures": _disclose_partnership(
            raw.get("partnership_figures", {}), tables, rule
        ),
        # Approved studies only (collect reads no others), and never in public.
        "case_studies": [] if audience == PUBLIC else raw.get("case_studies", []),
        "disclosure": {
            "threshold": rule.threshold if not rule.exact else None,
            "percent_min_base": rule.percent_min_base if not rule.exact else None,
        },
    }


def build(
    period: Period, *, audience: str, progress: Progress = _noop, age_bands: str = figures.BOTH
) -> dict:
    return disclose(collect(period, progress=progress, age_bands=age_bands), audience=audience)
