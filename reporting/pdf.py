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
]

# Section headings in order, with the tables under each.
SECTIONS = [
    ("Who referred", ["referring_agency"]),
    ("Case outcomes", ["case_outcome"]),
    ("Exploitation", ["exploitation_type", "exploitation_subtype"]),
    (
        "Survivors",
        ["survivor_gender", "survivor_age_band", "survivor_nationality", "vulnerability"],
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
SERAC_TABLES = ["serac_referral_source", "serac_actions_by_agency"]

EXTRA_COLUMNS = {"done_on_time": "Done on time"}

MULTI_VALUED = {
    "case_outcome",
    "exploitation_type",
    "exploitation_subtype",
    "survivor_gender",
    "survivor_age_band",
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


def _table_view(report: dict, name: str, *, chart_prefix: str = "chart") -> TableView | None:
    rows = report["tables"].get(name)
    if rows is None:
        return None
    title = figures.TABLES.get(name, (name.replace("_", " ").capitalize(), ""))[0]
    notes = []
    if name.startswith("serac_"):
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
    if withheld:
        notes.append("The numbers are too small to show without identifying people.")
    has_percent = any(row.get("percent") is not None for row in rows)
    extra = [k for k in (rows[0] if rows else {}) if k in EXTRA_COLUMNS]
    threshold = report["disclosure"]["threshold"]
    return TableView(
        name=name,
        title=title,
        rows=[
            {
                **row,
                "text": cell_text(row),
                "extras": [
                    cell_text({"count": row.get(k), "fewer_than": threshold}) for k in extra
                ],
            }
            for row in rows
        ],
        count_heading="Number" if name in figures.NOT_PERCENT_OF_CASES else "Cases",
        extra_columns=tuple(EXTRA_COLUMNS[k] for k in extra),
        chart=mark_safe(bar_chart(rows, title=title, chart_id=f"{chart_prefix}-{name}")),  # noqa: S308
        note=" ".join(notes),
        withheld=withheld,
        has_percent=has_percent,
    )


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
        sections.append({"heading": heading, "tables": views})
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
            text += f" ({sign}{change['percent']:g}%)"
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
        "nrm_tables": [v for v in (_table_view(report, n) for n in NRM_TABLES) if v],
        "serac_figures": _figure_rows(report, SERAC_FIGURES),
        "serac_tables": [v for v in (_table_view(report, n) for n in SERAC_TABLES) if v],
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
        "headline_tables": [
            _table_view(report, "exploitation_type", chart_prefix="headline"),
        ],
    }


def report_filename(report: dict) -> str:
    return f"waymark-report-{report['period_code']}-{report['audience']}"


def render_report_pdf(report: dict) -> RenderedPdf:
    return render_pdf(
        "reporting/report_pdf.html", report_context(report), filename=report_filename(report)
    )


def report_csv(report: dict) -> str:
    """One row per cell: table, label, count (blank when suppressed), percent, suppressed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["period_from", "period_to", "audience", "table", "label", "count", "percent", "suppressed"]
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
                ]
            )
    return out.getvalue()
