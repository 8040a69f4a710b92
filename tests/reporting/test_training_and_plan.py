"""Training sessions and the 4P action plan: kept by the Lead, shown in reports."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ServiceError
from reporting import periods
from reporting.models import ActionPlanItem, TrainingSession
from reporting.report import build
from reporting.services import TrainingImportError, training_sessions_import

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Date,Topics,Audience type,Organisations,Minutes,Attendees,Average rating\n"
    "03/04/2025,Spotting the signs,council,Coventry City Council,90,25,4.6\n"
    "2025-05-20,Know your rights,People at risk,Adavu,60,12,\n"
    "10/06/2025,NRM for First Responders,Non-council,West Midlands Police,120,30,4.9\n"
)


def test_the_lead_imports_past_sessions_and_the_report_sums_them(lead):
    assert training_sessions_import(actor=lead, content=GOOD_CSV.encode()) == 3
    TrainingSession.objects.create(
        delivered_on=date(2025, 7, 1),
        topics="Next quarter",
        audience_type="mixed",
        minutes=600,
        attendees=99,
    )
    report = build(periods.financial_quarter("2025-26-Q1"), audience="board")
    training = report["training"]
    assert (
        training["sessions"],
        training["minutes"],
        training["hours"],
        training["attendees"],
    ) == (
        3,
        270,
        4.5,
        67,
    )
    assert training["average_rating"] == 4.75  # the two sessions with a rating
    split = {row["label"]: (row["sessions"], row["attendees"]) for row in training["by_audience"]}
    assert split == {
        "Council staff": (1, 25),
        "Non-council professionals": (1, 30),
        "Mixed": (0, 0),
        "People at risk": (1, 12),
    }


def test_an_import_with_a_bad_row_names_row_and_column_and_writes_nothing(lead):
    bad = GOOD_CSV + "31/02/2025,Bad date,council,,60,10,4\n" + "01/07/2025,,everyone,,0,x,7\n"
    with pytest.raises(TrainingImportError) as error:
        training_sessions_import(actor=lead, content=bad.encode())
    problems = [str(p) for p in error.value.problems]
    assert "Row 5, date: Enter the date as DD/MM/YYYY or YYYY-MM-DD, not '31/02/2025'" in problems
    assert any(p.startswith("Row 6, topics:") for p in problems)
    assert any(p.startswith("Row 6, audience_type:") for p in problems)
    assert any(p.startswith("Row 6, minutes:") for p in problems)
    assert any(p.startswith("Row 6, attendees:") for p in problems)
    assert any(p.startswith("Row 6, average_rating:") for p in problems)
    assert not TrainingSession.objects.exists()


def test_a_file_missing_a_column_is_refused(lead):
    with pytest.raises(TrainingImportError) as error:
        training_sessions_import(actor=lead, content=b"date,topics\n01/04/2025,Signs\n")
    assert {p.column for p in error.value.problems} == {"audience_type", "minutes", "attendees"}


def test_only_the_lead_may_import(worker_a):
    with pytest.raises(ServiceError):
        training_sessions_import(actor=worker_a, content=GOOD_CSV.encode())


def test_the_import_page_lists_the_problems(client, lead):
    client.force_login(lead)
    upload = __import__("io").BytesIO(
        b"date,topics,audience,minutes,attendees\n01/04/2025,,council,60,5\n"
    )
    upload.name = "sessions.csv"
    response = client.post(reverse("reporting:training_import"), {"file": upload})
    assert "Row 2, topics: Enter the topic or topics" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_lead_adds_a_session_in_the_browser(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("reporting:training_add"),
        {
            "delivered_on_0": "3",
            "delivered_on_1": "4",
            "delivered_on_2": "2025",
            "topics": "Spotting the signs",
            "audience_type": "council",
            "organisations": "",
            "minutes": "90",
            "attendees": "20",
            "average_rating": "4.5",
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert (session.delivered_on, session.average_rating, session.created_by) == (
        date(2025, 4, 3),
        Decimal("4.50"),
        lead,
    )


def test_a_session_without_its_numbers_is_explained(client, lead):
    client.force_login(lead)
    response = client.post(reverse("reporting:training_add"), {"topics": "Signs"})
    page = response.content.decode()
    assert "Enter the date of the session" in page
    assert "Enter the length of the session in minutes" in page
    assert "Select the audience" in page


def test_the_lead_adds_to_the_action_plan_and_the_report_shows_that_years_plan(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("reporting:plan_add"),
        {
            "year": "2025-26",
            "strand": "protect",
            "kind": "action",
            "goal": "A safe bed on the first night",
            "action": "Emergency bed agreement",
            "owner": "Housing",
            "status": "delayed",
            "note": "One provider to sign",
        },
    )
    assert response.status_code == 302
    ActionPlanItem.objects.create(year="2024-25", strand="pursue", goal="Last year's goal")
    plan = build(periods.financial_quarter("2025-26-Q3"), audience="board")["action_plan"]
    assert plan["year"] == "2025-26"
    protect = next(s for s in plan["strands"] if s["strand"] == "Protect")
    assert protect["items"][0]["goal"] == "A safe bed on the first night"
    assert protect["items"][0]["status"] == "Delayed"
    assert all(item["goal"] != "Last year's goal" for s in plan["strands"] for item in s["items"])


def test_a_plan_year_must_be_a_financial_year(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("reporting:plan_add"),
        {
            "year": "2025",
            "strand": "protect",
            "kind": "action",
            "goal": "Goal",
            "status": "on_track",
        },
    )
    assert "Enter the financial year like 2025-26" in response.content.decode()
    assert not ActionPlanItem.objects.exists()
