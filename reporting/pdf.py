"""The partnership report as a PDF and as CSV, drawn from the disclosed JSON form.

Only :func:`reporting.report.disclose`'s output reaches here, so a PDF or CSV
can never show a number its audience may not see.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import mark_safe

from core.pdf import OFFICIAL, OFFICIAL_SENSITIVE, RenderedPdf, render_pdf
from reporting import figures
from reporting.charts import bar_chart, line_chart
from reporting.disclosure import AUDIENCES, PUBLIC

NRM_FIGURES = [
    ("nrm_referrals", "NRM referrals made"),
    ("dtn_referrals", "Duty to Notify submitted"),
    ("council_nrm_referrals", "NRM referrals made by the council"),
    ("median_days_to_rg", "Median days to a Reasonable Grounds decision"),
    ("median_days_to_cg", "Median days to a Conclusive Grounds decision"),
]
SERAC_FIGURES = [
    ("meetings", "Meetings held"),
    ("referrals", "Referrals to SERAC"),
    ("cases_heard", "Cases heard"),
    ("repeat_referrals", "Repeat referrals"),
    ("repeat_rate_percent", "Repeat referral rate (%)"),
    ("non_police_referral_percent", "Referrals from agencies other than the police (%)"),
    ("actions_due", "Actions due"),
    ("actions_done_on_time", "Actions completed on time"),
    ("actions_on_time_percent", "Actions completed on time (%)"),
    ("expected_referrals", "Referrals expected in the period (set by the Modern Slavery Lead)"),
    ("referrals_against_expected_percent", "Referrals as a percentage of those expected (%)"),
    ("emerging_threats", "Emerging threats discussed (no single case)"),
]
# Figures in whole days: a median of 169.0 days reads as 169 days.
DAY_FIGURES = {"median_days_to_rg", "median_days_to_cg"}

# Section headings in order, with the tables under each.
SECTIONS = [
    ("Who referred", ["referring_agency"]),
    ("Case outcomes", ["case_outcome"]),
    ("Exploitation", ["exploitation_type", "exploitation_subtype"]),
    (
        "Survivors",
        [
            "survivor_gender",
            "survivor_age_band",
            "survivor_age_band_eia",
            "survivor_nationality",
            "vulnerability",
            "survivors_with_dependants",
        ],
    ),
    ("Where exploitation happened", ["location_of_exploitation"]),
    ("Suspected perpetrators", ["perpetrator_gender", "perpetrator_nationality"]),
]
NRM_TABLES = [
    "nrm_route",
    "nrm_first_responder_type",
    "rg_decision",
    "cg_decision",
    "nrm_open_by_age",
]
SERAC_TABLES = [
    "serac_referral_source",
    "serac_actions_by_agency",
    "serac_referrals_by_ethnicity",
    "serac_referrals_by_disability",
    "serac_referrals_by_gender",
    "serac_referrals_by_age_band",
]
PREVENT_TABLES = ["events", "training_feedback", "elearning_by_agency"]
AMBASSADOR_TABLES = ["ambassadors", "ambassador_activity"]
TRANSITION_TABLES = ["transition_panel"]

EXTRA_COLUMNS = {
    "done_on_time": "Done on time",
    "people_reached": "People reached",
    "caseload_count": "Whole caseload (survivors)",
    "caseload_percent": "Whole caseload %",
}
PERCENT_EXTRAS = {"caseload_percent"}
COUNT_HEADINGS = {
    "survivors_with_dependants": "Survivors",
    "events": "Attendees",
    "training_feedback": "Forms",
    "elearning_by_agency": "Completions",
    "ambassadors": "Ambassadors",
    "ambassador_activity": "Sessions",
    "transition_panel": "Young people",
}
CASELOAD_NOTE = (
    "SERAC referrals in the period by the person referred, beside the same measure for "
    "everyone named as a survivor on the period's cases (the whole caseload, each person "
    "once). SERAC percentages are of the period's referrals."
)
TABLE_NOTES = {
    "survivors_with_dependants": (
        "Survivors (each person once) named on the period's cases; percentages are of "
        "them. A survivor can be in more than one of the first three rows."
    ),
    "serac_referrals_by_ethnicity": CASELOAD_NOTE,
    "serac_referrals_by_disability": CASELOAD_NOTE,
    "serac_referrals_by_gender": CASELOAD_NOTE,
    "serac_referrals_by_age_band": CASELOAD_NOTE,
    "events": "Each awareness event or campaign in the period, with its attendees.",
    "training_feedback": (
        "Feedback forms from the period's sessions by the overall rating given; "
        "percentages are of the forms."
    ),
    "elearning_by_agency": "Completions recorded for the months that begin in the period.",
    "ambassadors": "Ambassadors in post at the end of the period, by agency.",
    "ambassador_activity": (
        "Sessions ambassadors delivered in the period, and the people they reached."
    ),
    "transition_panel": "Young people discussed at the Transition Panel in the period.",
}

MULTI_VALUED = {
    "case_outcome",
    "exploitation_type",
    "exploitation_subtype",
    "survivor_gender",
    "survivor_age_band",
    "survivor_age_band_eia",
    "survivor_nationality",
    "vulnerability",
    "location_of_exploitation",
    "perpetrator_gender",
    "perpetrator_nationality",
}


@dataclass
class TableView:
    name: str
    title: str
    rows: list[dict]
    chart: str
    note: str
    withheld_note: str
    withheld: bool
    has_percent: bool
    count_heading: str = "Cases"
    extra_columns: tuple = ()


def cell_text(row: dict) -> str:
    if row.get("count") is None:
        if row.get("fewer_than"):
            return f"fewer than {row['fewer_than']}"
        return "suppressed"
    return f"{row['count']:,}"


def _extra_text(key: str, row: dict, threshold) -> str:
    value = row.get(key)
    if key in PERCENT_EXTRAS:
        return "–" if value is None else f"{value:g}"
    if value is None and key == "caseload_count":
        fewer = row.get("caseload_fewer_than")
        return f"fewer than {fewer}" if fewer else "suppressed"
    return cell_text({"count": value, "fewer_than": threshold})


def _notes(views) -> list[str]:
    """Each distinct note of a group of tables, once: the same sentence under
    every table says nothing new."""
    notes = []
    for view in views:
        if view.note and view.note not in notes:
            notes.append(view.note)
    return notes


def _table_view(report: dict, name: str, *, chart_prefix: str = "chart") -> TableView | None:
    rows = report["tables"].get(name)
    if rows is None:
        return None
    title = figures.TABLES.get(name, (name.replace("_", " ").capitalize(), ""))[0]
    notes = []
    if name in TABLE_NOTES:
        notes.append(TABLE_NOTES[name])
    elif name.startswith("serac_"):
        notes.append("Counts of SERAC referrals or actions, not of cases.")
    elif name in figures.NOT_PERCENT_OF_CASES:
        notes.append("Counts of NRM episodes, not of cases.")
    elif name in MULTI_VALUED:
        notes.append(
            "A case can count in more than one row, so percentages (of all cases in the "
            "period) may add up to more than 100."
        )
    else:
        notes.append("Each case counts in one row; percentages are of all cases in the period.")
    withheld = name in report.get("withheld_tables", [])
    has_percent = any(row.get("percent") is not None for row in rows)
    extra = [k for k in (rows[0] if rows else {}) if k in EXTRA_COLUMNS]
    threshold = report["disclosure"]["threshold"]
    default_heading = "Number" if name in figures.NOT_PERCENT_OF_CASES else "Cases"
    if name.startswith("serac_referrals_by_"):
        default_heading = "SERAC referrals"
    return TableView(
        name=name,
        title=title,
        rows=[
            {
                **row,
                "text": cell_text(row),
                "extras": [_extra_text(k, row, threshold) for k in extra],
            }
            for row in rows
        ],
        count_heading=COUNT_HEADINGS.get(name, default_heading),
        extra_columns=tuple(EXTRA_COLUMNS[k] for k in extra),
        chart=mark_safe(bar_chart(rows, title=title, chart_id=f"{chart_prefix}-{name}")),  # noqa: S308
        note=" ".join(notes),
        withheld_note=(
            "The numbers are too small to show without identifying people." if withheld else ""
        ),
        withheld=withheld,
        has_percent=has_percent,
    )


def _views(report: dict, names) -> list[TableView]:
    return [view for view in (_table_view(report, name) for name in names) if view]


def _figure_rows(report: dict, names) -> list[dict]:
    rows = []
    hidden = set(report.get("suppressed_figures", []))
    for key, label in names:
        if key not in report["figures"]:
            continue
        value = report["figures"][key]
        if key in hidden:
            text = "suppressed (protects a small number)"
        elif value is None:
            text = "not available"
        elif key in DAY_FIGURES:
            days = round(value)
            text = f"{days:,} day{'s' if days != 1 else ''}"
        elif isinstance(value, float):
            text = f"{value:,.1f}"
        else:
            text = f"{value:,}"
        rows.append({"label": label, "text": text})
    return rows


def _method_note(report: dict) -> str:
    disclosure = report["disclosure"]
    if disclosure["threshold"] is None:
        return (
            "Exact figures for the Modern Slavery Lead. Not for circulation: small "
            "numbers may identify people."
        )
    return (
        f"Counts from 1 to {disclosure['threshold'] - 1} are shown as "
        f"\u201cfewer than {disclosure['threshold']}\u201d. Where a hidden count could be "
        "worked out from a total, another count is hidden too and shown as "
        "\u201csuppressed\u201d. Percentages are given only where the period has at least "
        f"{disclosure['percent_min_base']} cases."
    )


def _compliance_text(report: dict) -> dict:
    threshold = report["disclosure"]["threshold"]
    return {
        key: [
            {
                k: (cell_text({"count": v, "fewer_than": threshold}) if k != "label" else v)
                for k, v in row.items()
            }
            for row in rows
        ]
        for key, rows in report["pathway_compliance"].items()
    }


def report_context(report: dict) -> dict:
    audience = report["audience"]
    sections = []
    for heading, names in SECTIONS:
        views = [view for view in (_table_view(report, name) for name in names) if view]
        sections.append({"heading": heading, "tables": views, "notes": _notes(views)})
    total = report["total_cases"]
    summary_rows = [
        {
            "label": "Cases reported in the period",
            "text": cell_text({"count": total, "fewer_than": report["disclosure"]["threshold"]}),
        },
        {
            "label": f"Previous period ({report['previous_period']['label']})",
            "text": cell_text(
                {
                    "count": report["previous_period"]["total_cases"],
                    "fewer_than": report["disclosure"]["threshold"],
                }
            ),
        },
    ]
    change = report.get("change_on_previous")
    if change:
        sign = "+" if change["count"] > 0 else ""
        text = f"{sign}{change['count']:,}"
        if change["percent"] is not None:
            text += f" ({sign}{change['percent']:,.0f}%)"
        elif change.get("percent_withheld_reason"):
            text += f". {change['percent_withheld_reason']}"
        summary_rows.append({"label": "Change on the previous period", "text": text})
    trend_chart = mark_safe(  # noqa: S308 (drawn here, every label escaped)
        line_chart(
            report["trend"],
            title="Cases reported in this period and the three before",
            chart_id="chart-trend",
        )
    )
    generated = datetime.fromisoformat(report["generated_at"])
    return {
        "title": f"Modern Slavery Partnership report: {report['period_label']}",
        "marking": OFFICIAL if audience == PUBLIC else OFFICIAL_SENSITIVE,
        "report": report,
        "audience_label": AUDIENCES[audience],
        "generated": generated,
        "summary_rows": summary_rows,
        "trend_chart": trend_chart,
        "sections": sections,
        "nrm_figures": _figure_rows(report, NRM_FIGURES),
        "nrm_tables": (nrm_tables := _views(report, NRM_TABLES)),
        "nrm_notes": _notes(nrm_tables),
        "serac_figures": _figure_rows(report, SERAC_FIGURES),
        "serac_tables": (serac_tables := _views(report, SERAC_TABLES)),
        "serac_notes": _notes(serac_tables),
        "prevent_tables": (prevent_tables := _views(report, PREVENT_TABLES)),
        "prevent_notes": _notes(prevent_tables),
        "ambassador_tables": (ambassador_tables := _views(report, AMBASSADOR_TABLES)),
        "ambassador_notes": _notes(ambassador_tables),
        "transition_tables": _views(report, TRANSITION_TABLES),
        "partnership": report.get("partnership_figures", {}),
        "training_questions": [
            {
                "question": q["question"],
                "rows": [{**row, "text": cell_text(row)} for row in q["rows"]],
            }
            for q in report["training"].get("questions", [])
        ],
        "case_studies": report.get("case_studies", []),
        "show_case_studies": audience != PUBLIC,
        "compliance": _compliance_text(report),
        "training_chart": mark_safe(  # noqa: S308 (drawn here, every label escaped)
            bar_chart(
                [
                    {"label": row["label"], "count": row["attendees"]}
                    for row in report["training"]["by_audience"]
                ],
                title="Attendees by audience",
                chart_id="chart-training",
            )
        ),
        "training": report["training"],
        "plan": report["action_plan"],
        "method_note": _method_note(report),
    }


def report_filename(report: dict) -> str:
    return f"waymark-report-{report['period_code']}-{report['audience']}"


def render_report_pdf(report: dict) -> RenderedPdf:
    return render_pdf(
        "reporting/report_pdf.html", report_context(report), filename=report_filename(report)
    )


def why_hidden(row: dict, *, withheld: bool = False) -> str:
    """Why a cell is blank, in the JSON's terms: ``fewer_than`` for a small
    count, otherwise hidden so that another cell cannot be worked out."""
    if row.get("count") is not None:
        return ""
    if withheld:
        return "table withheld: too small to show without identifying people"
    if row.get("fewer_than"):
        return f"fewer than {row['fewer_than']}"
    return "hidden to protect another cell"


def report_csv(report: dict) -> str:
    """One row per cell: table, label, count (blank when suppressed), percent,
    suppressed, and why a hidden cell is hidden."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "period_from",
            "period_to",
            "audience",
            "table",
            "label",
            "count",
            "percent",
            "suppressed",
            "why_hidden",
        ]
    )
    start, end = report["period"]["from"], report["period"]["to"]
    writer.writerow(
        [
            start,
            end,
            report["audience"],
            "total_cases",
            "All cases",
            "" if report["total_cases"] is None else report["total_cases"],
            "",
            "yes" if report["total_cases"] is None else "no",
            why_hidden(
                {
                    "count": report["total_cases"],
                    "fewer_than": report["disclosure"]["threshold"],
                }
            ),
        ]
    )
    for table, rows in report["tables"].items():
        for row in rows:
            writer.writerow(
                [
                    start,
                    end,
                    report["audience"],
                    table,
                    row["label"],
                    "" if row["count"] is None else row["count"],
                    "" if row.get("percent") is None else row["percent"],
                    "yes" if row.get("suppressed") else "no",
                    why_hidden(row, withheld=table in report.get("withheld_tables", [])),
                ]
            )
    return out.getvalue()
