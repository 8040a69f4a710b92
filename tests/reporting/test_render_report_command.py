"""python manage.py render_report: periods, audiences and formats."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "period"),
    [
        (["--quarter", "2025-Q3"], {"from": "2025-07-01", "to": "2025-09-30"}),
        (["--financial-quarter", "2025-26-Q1"], {"from": "2025-04-01", "to": "2025-06-30"}),
        (["--year", "2024"], {"from": "2024-01-01", "to": "2024-12-31"}),
        (["--financial-year", "2025-26"], {"from": "2025-04-01", "to": "2026-03-31"}),
        (
            ["--from", "2025-01-10", "--to", "2025-02-20"],
            {"from": "2025-01-10", "to": "2025-02-20"},
        ),
    ],
)
def test_each_period_option(args, period):
    report = json.loads(run(*args, "--format", "json"))
    assert report["period"] == period
    assert report["audience"] == "board"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--quarter", "2025-Q3", "--year", "2024"],
        ["--from", "2025-01-01"],
        ["--to", "2025-01-01"],
        ["--quarter", "2025-Q3", "--from", "2025-01-01", "--to", "2025-02-01"],
    ],
)
def test_exactly_one_period_is_needed(args):
    with pytest.raises(CommandError, match="exactly one period|needs"):
        run(*args, "--format", "json")


def test_a_bad_period_names_the_option():
    with pytest.raises(CommandError, match="--financial-quarter: Enter the financial quarter"):
        run("--financial-quarter", "2025-Q1")


def test_board_json_writes_a_small_count_as_suppressed():
    for _ in range(7):
        CaseFactory(date_reported=date(2025, 8, 1), referring_agency_type="police")
    CaseFactory(date_reported=date(2025, 8, 2), referring_agency_type="nhs")
    report = json.loads(run("--quarter", "2025-Q3", "--format", "json"))
    assert report["total_cases"] == 8
    rows = {row["label"]: row for row in report["tables"]["referring_agency"]}
    assert rows["NHS"]["count"] is None and rows["NHS"]["suppressed"] is True
    # 8 - 1: the police count would give the NHS one away, so it is hidden too.
    assert rows["Police"]["count"] is None and rows["Police"]["suppressed"] is True
    internal = json.loads(run("--quarter", "2025-Q3", "--format", "json", "--audience", "internal"))
    rows = {row["label"]: row for row in internal["tables"]["referring_agency"]}
    assert (rows["Police"]["count"], rows["NHS"]["count"]) == (7, 1)
    assert rows["Police"]["percent"] == 87.5


def test_csv_has_one_row_per_cell():
    CaseFactory(date_reported=date(2025, 8, 1))
    rows = list(
        csv.DictReader(
            io.StringIO(run("--year", "2025", "--format", "csv", "--audience", "internal"))
        )
    )
    total = next(row for row in rows if row["table"] == "total_cases")
    assert total["count"] == "1"
    assert {row["table"] for row in rows} >= {"exploitation_type", "survivor_gender", "nrm_route"}


def test_pdf_goes_to_the_out_path(tmp_path):
    target = tmp_path / "report.pdf"
    call_command(
        "render_report", "--quarter", "2025-Q3", "--out", str(target), stderr=io.StringIO()
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_the_board_pdf_says_fewer_than_five_and_carries_its_marking(tmp_path):
    from pypdf import PdfReader

    for _ in range(12):
        CaseFactory(date_reported=date(2025, 8, 1), referring_agency_type="police")
    for _ in range(3):
        CaseFactory(date_reported=date(2025, 8, 2), referring_agency_type="nhs")
    pages = {}
    for audience in ("board", "public"):
        target = tmp_path / f"{audience}.pdf"
        call_command(
            "render_report",
            "--quarter",
            "2025-Q3",
            "--audience",
            audience,
            "--out",
            str(target),
            stderr=io.StringIO(),
        )
        pages[audience] = [page.extract_text() for page in PdfReader(target).pages]
    board = "\n".join(pages["board"])
    assert "fewer than 5" in board
    assert all("OFFICIAL - SENSITIVE" in page for page in pages["board"])
    assert "Cases reported in the period 15" in board.replace("\n", " ")
    public = pages["public"]
    assert all("OFFICIAL" in page and "SENSITIVE" not in page for page in public)
    # Fifteen cases is too few for the public threshold of 10 per cell.
    assert "fewer than 10" in "\n".join(public)
