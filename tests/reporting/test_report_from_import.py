"""A spreadsheet whose figures are known goes in through the import; every table
of the JSON report must match counts made here, row by row, for the period only."""

import csv
import io
import json
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from cases.choices import CaseOutcome, ReferringAgencyType
from cases.services.importing import import_cases

pytestmark = pytest.mark.django_db

HEADERS = [
    "reference",
    "date_reported",
    "referring_agency_type",
    "survivor_gender",
    "survivor_age",
    "survivor_nationality",
    "exploitation_types",
    "exploitation_subtypes",
    "location_of_exploitation",
    "perpetrator_gender",
    "perpetrator_nationality",
    "disability_or_health_condition",
    "pregnant",
    "care_experienced",
    "case_outcome",
    "status",
    "closed_on",
]

# (cell in the file, the label the report uses)
NATIONALITIES = [
    ("British", ["British"]),
    ("Vietnamese", ["Vietnamese"]),
    ("Albanian", ["Albanian"]),
    ("Eritrean", ["Eritrean"]),
    ("Vietnamese;Chinese", ["Vietnamese", "Chinese"]),
    ("", []),
]
TYPES = [
    ("Labour", "Car wash", ["Labour"], ["Car wash"]),
    ("Labour", "", ["Labour"], []),
    ("Criminal;Sexual", "County lines", ["Criminal", "Sexual"], ["County lines"]),
    ("Criminal", "Cuckooing;Money muling", ["Criminal"], ["Cuckooing", "Money muling"]),
    ("", "", ["Unknown"], []),
    ("Domestic servitude", "Forced marriage", ["Domestic servitude"], ["Forced marriage"]),
]
LOCATIONS = [
    ("Foleshill", "Foleshill"),
    ("Hillfields", "Hillfields"),
    ("Overseas: Vietnam", "Overseas"),
    ("", "Not recorded"),
]
GENDERS = [("Male", "Male"), ("Female", "Female"), ("Other", "Other"), ("", "Not recorded")]
YES_NO = ["Yes", "No", ""]
OUTCOMES = [
    ([], ""),
    ([CaseOutcome.NRM_REFERRAL.label], "NRM referral made"),
    (
        [CaseOutcome.NRM_REFERRAL.label, CaseOutcome.ACCOMMODATED.label],
        "NRM referral made;Accommodated",
    ),
    ([CaseOutcome.LOST_CONTACT.label], "Lost contact"),
]
AGENCY_TYPES = [ReferringAgencyType.POLICE, ReferringAgencyType.NHS, ReferringAgencyType.VOLUNTARY]


def age_band(age):
    if age is None:
        return "Not known"
    for limit, band in [(18, "Under 18"), (25, "18-24"), (35, "25-34"), (45, "35-44")]:
        if age < limit:
            return band
    return "45-54" if age < 55 else "55-64" if age < 65 else "65 and over"


def make_rows(rng, count, first_day, last_day, start):
    rows = []
    for index in range(count):
        day = first_day + timedelta(days=rng.randint(0, (last_day - first_day).days))
        nationality = rng.choice(NATIONALITIES)
        types = rng.choice(TYPES)
        location = rng.choice(LOCATIONS)
        survivor_gender = rng.choice(GENDERS)
        perpetrator_gender = rng.choice(GENDERS)
        perpetrator_nationality = rng.choice(NATIONALITIES[:4] + [("", [])])
        outcomes = rng.choice(OUTCOMES)
        age = rng.choice([None, 16, 19, 24, 25, 34, 40, 52, 60, 70])
        agency = rng.choice(AGENCY_TYPES)
        flags = [rng.choice(YES_NO) for _ in range(3)]
        rows.append(
            {
                "cells": {
                    "reference": f"CMSP-{start + index:04d}",
                    "date_reported": day.strftime("%d/%m/%Y"),
                    "referring_agency_type": agency.label,
                    "survivor_gender": survivor_gender[0],
                    "survivor_age": "" if age is None else str(age),
                    "survivor_nationality": nationality[0],
                    "exploitation_types": types[0],
                    "exploitation_subtypes": types[1],
                    "location_of_exploitation": location[0],
                    "perpetrator_gender": perpetrator_gender[0],
                    "perpetrator_nationality": perpetrator_nationality[0],
                    "disability_or_health_condition": flags[0],
                    "pregnant": flags[1],
                    "care_experienced": flags[2],
                    "case_outcome": outcomes[1],
                    "status": "Closed" if outcomes[0] else "",
                    "closed_on": (day + timedelta(days=20)).strftime("%d/%m/%Y")
                    if outcomes[0]
                    else "",
                },
                "agency": agency.label,
                "survivor_gender": survivor_gender[1],
                "age_band": age_band(age),
                "nationalities": nationality[1],
                "types": types[2],
                "subtypes": types[3],
                "location": location[1],
                "perpetrator_gender": perpetrator_gender[1],
                "perpetrator_nationalities": perpetrator_nationality[1],
                "flags": flags,
                "outcomes": outcomes[0],
            }
        )
    return rows


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row["cells"])
    return out.getvalue().encode()


def nonzero(table_rows) -> dict:
    return {row["label"]: row["count"] for row in table_rows if row["count"]}


def expected_nationalities(rows, key, top):
    counts = Counter(label for row in rows for label in set(row[key]))
    # The report names the most common first (ties alphabetically by ISO code,
    # which for these nationalities is alphabetical by name too).
    codes = {
        "British": "GB",
        "Vietnamese": "VN",
        "Albanian": "AL",
        "Eritrean": "ER",
        "Chinese": "CN",
    }
    named = sorted(counts, key=lambda label: (-counts[label], codes[label]))[:top]
    table = {label: counts[label] for label in named}
    table["Other"] = sum(1 for row in rows if set(row[key]) - set(named))
    table["Not known"] = sum(1 for row in rows if not row[key])
    return {label: n for label, n in table.items() if n}


def test_every_table_of_the_json_report_matches_the_imported_spreadsheet(tmp_path, settings):
    settings.WAYMARK_REPORT_TOP_NATIONALITIES = 3
    rng = random.Random(7)
    inside = make_rows(rng, 60, date(2024, 7, 1), date(2024, 9, 30), start=1)
    # Either side of the quarter, by a day and by months: none of these count.
    outside = make_rows(rng, 10, date(2024, 6, 1), date(2024, 6, 30), start=100)
    outside += make_rows(rng, 10, date(2024, 10, 1), date(2024, 12, 31), start=200)
    result = import_cases(content=csv_bytes(inside + outside), file_name="cmsp-2024.csv")
    assert result.errors == []

    out = tmp_path / "report.json"
    call_command(
        "render_report",
        "--quarter",
        "2024-Q3",
        "--audience",
        "internal",
        "--format",
        "json",
        "--out",
        str(out),
    )
    report = json.loads(out.read_text())

    assert report["period"] == {"from": "2024-07-01", "to": "2024-09-30"}
    assert report["audience"] == "internal"
    assert report["total_cases"] == 60
    tables = report["tables"]

    def count(key):
        return dict(Counter(row[key] for row in inside))

    def count_many(key):
        return dict(Counter(item for row in inside for item in row[key]))

    assert nonzero(tables["referring_agency"]) == count("agency")
    assert nonzero(tables["exploitation_type"]) == count_many("types")
    assert nonzero(tables["exploitation_subtype"]) == count_many("subtypes")
    assert nonzero(tables["survivor_gender"]) == count("survivor_gender")
    assert nonzero(tables["survivor_age_band"]) == count("age_band")
    assert nonzero(tables["survivor_nationality"]) == expected_nationalities(
        inside, "nationalities", 3
    )
    assert nonzero(tables["location_of_exploitation"]) == count("location")
    assert nonzero(tables["perpetrator_gender"]) == count("perpetrator_gender")
    assert nonzero(tables["perpetrator_nationality"]) == expected_nationalities(
        inside, "perpetrator_nationalities", 3
    )
    expected_outcomes = count_many("outcomes")
    expected_outcomes["No outcome recorded yet"] = sum(1 for row in inside if not row["outcomes"])
    assert nonzero(tables["case_outcome"]) == expected_outcomes
    flags = {
        label: sum(1 for row in inside if row["flags"][index] == "Yes")
        for index, label in enumerate(
            ["Disability or health condition", "Pregnant", "Care-experienced"]
        )
    }
    assert nonzero(tables["vulnerability"]) == {k: v for k, v in flags.items() if v}
    # Percentages are of cases in the period.
    labour = next(row for row in tables["exploitation_type"] if row["label"] == "Labour")
    assert labour["percent"] == round(100 * labour["count"] / 60, 1)
    # The NRM tables are there (from the referrals app) with each case once by route.
    assert sum(row["count"] for row in tables["nrm_route"]) == 60


def test_the_previous_period_and_trend_count_the_right_quarters(tmp_path):
    rng = random.Random(3)
    rows = (
        make_rows(rng, 4, date(2024, 1, 1), date(2024, 3, 31), start=1)
        + make_rows(rng, 6, date(2024, 4, 1), date(2024, 6, 30), start=100)
        + make_rows(rng, 7, date(2024, 7, 1), date(2024, 9, 30), start=200)
        + make_rows(rng, 9, date(2024, 10, 1), date(2024, 12, 31), start=300)
    )
    assert import_cases(content=csv_bytes(rows), file_name="trend.csv").errors == []
    out = tmp_path / "report.json"
    call_command(
        "render_report",
        "--quarter",
        "2024-Q4",
        "--audience",
        "internal",
        "--format",
        "json",
        "--out",
        str(out),
    )
    report = json.loads(out.read_text())
    assert report["total_cases"] == 9
    assert report["previous_period"]["total_cases"] == 7
    assert report["change_on_previous"]["count"] == 2
    assert [(p["label"], p["count"]) for p in report["trend"]] == [
        ("Q1 2024", 4),
        ("Q2 2024", 6),
        ("Q3 2024", 7),
        ("Q4 2024", 9),
    ]
