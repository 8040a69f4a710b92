"""The load-data generator, and the charts' text for print and screen readers."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Case, CasePerson, CaseShare
from pathways.models import CasePathway
from reporting.charts import bar_chart, line_chart

pytestmark = pytest.mark.django_db


def test_generate_load_data_makes_cases_with_their_records_in_the_dates_given(settings):
    settings.WAYMARK_DEMO = True
    out = io.StringIO()
    call_command(
        "generate_load_data",
        "--cases",
        "300",
        "--from",
        "2025-04-01",
        "--to",
        "2026-03-31",
        stdout=out,
    )
    cases = Case.objects.filter(reference__startswith="LD-")
    assert cases.count() == 300
    assert not cases.exclude(date_reported__range=(date(2025, 4, 1), date(2026, 3, 31))).exists()
    assert CasePerson.objects.filter(case__in=cases).count() > 200
    assert CaseShare.objects.filter(case__in=cases).exists()
    assert CasePathway.objects.filter(case__in=cases).exists()
    assert "Made 300 cases" in out.getvalue()
    # Run again: new references, never a clash.
    call_command("generate_load_data", "--cases", "10", stdout=io.StringIO())
    assert cases.count() == 310


def test_generate_load_data_refuses_a_live_database(settings):
    settings.WAYMARK_DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="WAYMARK_DEMO or DEBUG"):
        call_command("generate_load_data", "--cases", "5")
    assert not Case.objects.exists()


def test_a_bar_chart_names_every_value_in_words_including_suppressed_ones():
    svg = bar_chart(
        [
            {"label": "Labour & <more>", "count": 50, "percent": 29.9},
            {"label": "Organ harvesting", "count": None, "suppressed": True, "fewer_than": 5},
            {"label": "Financial", "count": None, "suppressed": True, "fewer_than": None},
        ],
        title="Exploitation type",
        chart_id="c1",
    )
    assert 'role="img"' in svg and 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Exploitation type</title>' in svg
    assert "Labour &amp; &lt;more&gt;: 50 (29.9%)" in svg
    assert "Organ harvesting: fewer than 5" in svg
    assert "Financial: suppressed" in svg
    # Suppressed bars are hatched, not told apart by colour.
    assert svg.count('fill="url(#c1-hatch)"') == 2


def test_a_line_chart_labels_each_point_and_breaks_at_a_suppressed_one():
    svg = line_chart(
        [
            {"label": "Q1 2025", "count": 40},
            {"label": "Q2 2025", "count": None},
            {"label": "Q3 2025", "count": 45},
            {"label": "Q4 2025", "count": 52},
        ],
        title="Cases",
        chart_id="t",
    )
    assert "Q1 2025: 40; Q2 2025: suppressed; Q3 2025: 45; Q4 2025: 52" in svg
    assert svg.count("<polyline") == 1  # Q3 to Q4 only: no line through the hidden point


def test_a_trend_axis_ends_near_its_largest_value():
    def axis_top(*counts):
        points = [{"label": f"Q{n}", "count": count} for n, count in enumerate(counts, 1)]
        svg = line_chart(points, title="Cases", chart_id="t")
        axis_labels = re.findall(r'text-anchor="end"[^>]*>([\d,]+)</text>', svg)
        return max(int(label.replace(",", "")) for label in axis_labels)

    assert axis_top(42, 44, 40, 43) == 60  # not 100 for a trend around 40
    assert axis_top(3, 5, 7, 6) == 10
    assert axis_top(120, 150, 160, 140) == 200
