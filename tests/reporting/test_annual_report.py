"""The annual report's newer sections: the JSON contract, disclosure control at
the board and public thresholds, case studies, periods and the PDF fixes."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AgencyType
from cases.choices import Ethnicity, Gender
from cases.models import DependentChild
from reporting.models import (
    Ambassador,
    AmbassadorActivity,
    AwarenessEvent,
    ElearningCompletion,
    TrainingFeedbackAnswer,
    TrainingSession,
    TransitionPanelDiscussion,
)
from reporting.services.case_studies import case_study_save, case_study_transition
from serac.models import ExpectedVolume, SeracReferral
from tests.factories import AgencyFactory, CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_TABLES = [
    "ambassadors",
    "ambassador_activity",
    "events",
    "training_feedback",
    "elearning_by_agency",
    "transition_panel",
    "serac_referrals_by_ethnicity",
    "serac_referrals_by_disability",
    "serac_referrals_by_gender",
    "serac_referrals_by_age_band",
    "survivors_with_dependants",
    "survivor_age_band_eia",
]


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def report(*args, audience="internal") -> dict:
    return json.loads(run(*args, "--format", "json", "--audience", audience))


def rows_of(data, table) -> dict:
    return {row["label"]: row for row in data["tables"][table]}


def test_a_calendar_year_given_as_dates_reads_as_that_year_compared_with_the_one_before():
    data = report("--from", "2024-01-01", "--to", "2024-12-31", audience="board")
    assert data["period_label"] == "Calendar year 2024"
    assert data["previous_period"]["label"] == "Calendar year 2023"
    assert (data["previous_period"]["from"], data["previous_period"]["to"]) == (
        "2023-01-01",
        "2023-12-31",
    )
    assert [point["label"] for point in data["trend"]] == ["2021", "2022", "2023", "2024"]


def test_every_new_table_is_in_the_json_with_label_count_and_percent():
    data = report("--year", "2025")
    for name in NEW_TABLES:
        assert name in data["tables"], name
        for row in data["tables"][name]:
            assert {"label", "count", "percent"} <= set(row), name
    # Fields scripts already read are still there.
    for key in ("period", "total_cases", "previous_period", "change_on_previous", "training"):
        assert key in data


def test_the_age_bands_are_chosen_per_run():
    assert (
        "survivor_age_band_eia" not in report("--year", "2025", "--age-bands", "standard")["tables"]
    )
    eia = report("--year", "2025", "--age-bands", "eia")["tables"]
    assert "survivor_age_band" not in eia and "survivor_age_band_eia" in eia


def test_eia_bands_put_an_eighteen_year_old_in_0_to_18():
    eighteen = PersonFactory(date_of_birth=date(2007, 1, 1))
    nineteen = PersonFactory(date_of_birth=date(2006, 1, 1))
    CaseFactory(date_reported=date(2025, 6, 1), survivors=[eighteen])
    CaseFactory(date_reported=date(2025, 6, 1), survivors=[nineteen])
    data = report("--year", "2025")
    eia = rows_of(data, "survivor_age_band_eia")
    assert (eia["0-18"]["count"], eia["19-64"]["count"]) == (1, 1)
    standard = rows_of(data, "survivor_age_band")
    assert standard["18-24"]["count"] == 2


def test_survivors_with_dependants_count_people_once_with_percent_of_survivors():
    mother = PersonFactory()
    DependentChild.objects.create(person=mother, age=4, in_uk="yes")
    DependentChild.objects.create(person=mother, age=7, in_uk="no")
    alone = PersonFactory()
    CaseFactory(date_reported=date(2025, 6, 1), survivors=[mother, alone])
    CaseFactory(date_reported=date(2025, 7, 1), survivors=[mother])
    table = rows_of(report("--year", "2025"), "survivors_with_dependants")
    assert table["Survivors with dependent children"]["count"] == 1
    assert table["Survivors with dependent children"]["percent"] == 50.0
    assert table["With a child in the UK"]["count"] == 1
    assert table["No dependent children recorded"]["count"] == 1


def _serac_referrals(agency, people, when):
    referrer = UserFactory(agency=agency)
    for person in people:
        case = CaseFactory(date_reported=when.date(), survivors=[person])
        SeracReferral.objects.create(
            case=case,
            person=person,
            referring_agency=agency,
            referred_by=referrer,
            summary="High risk",
            referred_at=timezone.make_aware(when),
        )


def test_serac_equality_stands_beside_the_whole_caseload_and_hides_small_cells():
    agency = AgencyFactory(agency_type=AgencyType.POLICE)
    when = datetime(2025, 5, 1, 10)
    white = [PersonFactory(ethnicity=Ethnicity.WHITE, gender=Gender.FEMALE) for _ in range(6)]
    asian = [PersonFactory(ethnicity=Ethnicity.ASIAN, gender=Gender.MALE) for _ in range(2)]
    _serac_referrals(agency, white + asian, when)
    # Six more survivors on the caseload who were never referred to SERAC.
    for _ in range(6):
        CaseFactory(
            date_reported=date(2025, 5, 2),
            survivors=[PersonFactory(ethnicity=Ethnicity.ASIAN)],
        )
    internal = rows_of(report("--year", "2025"), "serac_referrals_by_ethnicity")
    assert internal["White"]["count"] == 6
    assert internal["Asian or Asian British"]["count"] == 2
    assert internal["Asian or Asian British"]["caseload_count"] == 8
    assert internal["White"]["percent"] == 75.0
    board = rows_of(report("--year", "2025", audience="board"), "serac_referrals_by_ethnicity")
    assert board["Asian or Asian British"]["count"] is None
    assert board["Asian or Asian British"]["fewer_than"] == 5
    # With 8 referrals known, 6 White would give the 2 away: hidden too.
    assert board["White"]["count"] is None
    assert board["Asian or Asian British"]["caseload_count"] == 8


def test_sixteen_and_seventeen_year_olds_have_their_own_serac_age_band():
    agency = AgencyFactory()
    _serac_referrals(agency, [PersonFactory(date_of_birth=date(2008, 9, 1))], datetime(2025, 5, 1))
    band = rows_of(report("--year", "2025"), "serac_referrals_by_age_band")
    assert band["16-17"]["count"] == 1


def test_serac_volume_is_set_against_the_expected_number_pro_rated_to_the_period():
    ExpectedVolume.objects.create(year="2025-26", expected_referrals=40)
    agency = AgencyFactory()
    _serac_referrals(agency, [PersonFactory() for _ in range(12)], datetime(2025, 5, 1))
    figures = report("--financial-quarter", "2025-26-Q1")["figures"]
    assert figures["expected_referrals"] == 10  # 91 of 365 days of 40
    assert figures["referrals_against_expected_percent"] == 120.0
    board = report("--financial-quarter", "2025-26-Q2", audience="board")["figures"]
    assert board["referrals"] == 0


def _partnership_records(lead):
    agency = AgencyFactory(name="Citizen Housing")
    other = AgencyFactory(name="Fire Service")
    ambassadors = [
        Ambassador.objects.create(name=f"Amb {n}", agency=agency, trained_on=date(2024, 1, 1))
        for n in range(6)
    ] + [Ambassador.objects.create(name="Solo", agency=other, trained_on=date(2024, 1, 1))]
    AmbassadorActivity.objects.create(
        ambassador=ambassadors[0],
        done_on=date(2025, 5, 1),
        kind="talk",
        sessions=2,
        people_reached=40,
        average_rating=Decimal("4.50"),
    )
    AwarenessEvent.objects.create(
        name="Anti-Slavery Day", held_on=date(2025, 10, 18), kind="awareness_day", attendees=3
    )
    session = TrainingSession.objects.create(
        delivered_on=date(2025, 6, 1),
        topics="Spotting the signs",
        audience_type="council",
        minutes=60,
        attendees=100,
        average_rating=Decimal("4.00"),
        ratings_5=40,
        ratings_4=30,
        ratings_3=3,
    )
    TrainingSession.objects.create(
        delivered_on=date(2025, 7, 1),
        topics="Cuckooing",
        audience_type="mixed",
        minutes=60,
        attendees=10,
        average_rating=Decimal("5.00"),
    )
    TrainingFeedbackAnswer.objects.create(
        session=session, question="Would you recommend it?", answer="Yes", responses=70
    )
    TrainingFeedbackAnswer.objects.create(
        session=session, question="Would you recommend it?", answer="No", responses=3
    )
    ElearningCompletion.objects.create(
        agency=agency, course="Awareness", month=date(2025, 3, 1), completions=12
    )
    TransitionPanelDiscussion.objects.create(discussed_on=date(2025, 9, 1), reference="CS-1")


def test_the_partnership_records_are_counted_in_the_period(lead):
    _partnership_records(lead)
    data = report("--year", "2025")
    assert rows_of(data, "ambassadors")["Citizen Housing"]["count"] == 6
    activity = rows_of(data, "ambassador_activity")["Awareness talk or briefing"]
    assert (activity["count"], activity["people_reached"]) == (2, 40)
    assert rows_of(data, "events")["Anti-Slavery Day (18 October 2025)"]["count"] == 3
    feedback = rows_of(data, "training_feedback")
    assert feedback["Rated 5 (excellent)"]["count"] == 40
    assert rows_of(data, "elearning_by_agency")["Citizen Housing"]["count"] == 12
    assert rows_of(data, "transition_panel")["No Waymark case"]["count"] == 1
    # Weighted by attendees: (4.00 x 100 + 5.00 x 10) / 110, not (4 + 5) / 2.
    assert data["training"]["average_rating"] == 4.09
    assert "weighted by attendees" in data["training"]["average_rating_method"]
    assert data["training"]["questions"][0]["rows"][1]["count"] == 70


@pytest.mark.parametrize(("audience", "threshold"), [("board", 5), ("public", 10)])
def test_disclosure_covers_the_new_tables_at_each_threshold(lead, audience, threshold):
    _partnership_records(lead)
    data = report("--year", "2025", audience=audience)
    solo = rows_of(data, "ambassadors")["Fire Service"]
    assert solo["count"] is None and solo["fewer_than"] == threshold
    # Seven ambassadors in all are published, so the six would give the one away.
    assert rows_of(data, "ambassadors")["Citizen Housing"]["count"] is None
    event = rows_of(data, "events")["Anti-Slavery Day (18 October 2025)"]
    assert event["count"] is None
    no = next(row for row in data["training"]["questions"][0]["rows"] if row["label"] == "No")
    assert no["count"] is None
    panel = rows_of(data, "transition_panel")["No Waymark case"]
    assert panel["count"] is None and panel["fewer_than"] == threshold


def test_the_csv_says_why_each_hidden_cell_is_hidden(lead):
    _partnership_records(lead)
    rows = list(csv.DictReader(io.StringIO(run("--year", "2025", "--format", "csv"))))
    ambassadors = {row["label"]: row for row in rows if row["table"] == "ambassadors"}
    assert ambassadors["Fire Service"]["why_hidden"] == "fewer than 5"
    assert ambassadors["Citizen Housing"]["why_hidden"] == "hidden to protect another cell"
    shown = next(row for row in rows if row["table"] == "elearning_by_agency")
    assert shown["why_hidden"] == ""


def test_only_approved_case_studies_reach_internal_and_board_reports_never_public(
    lead, serac_chair
):
    case = CaseFactory()
    approved = case_study_save(
        actor=lead, case=case, year="2025-26", title="Car wash", text="A man was found..."
    )
    case_study_transition(actor=lead, study=approved, move="submit", anonymised=True)
    case_study_transition(actor=serac_chair, study=approved, move="approve")
    case_study_save(actor=lead, case=case, year="2025-26", title="Draft", text="Not yet")
    for audience in ("internal", "board"):
        studies = report("--financial-year", "2025-26", audience=audience)["case_studies"]
        assert [s["title"] for s in studies] == ["Car wash"]
        assert case.reference not in json.dumps(studies)
    assert report("--financial-year", "2025-26", audience="public")["case_studies"] == []


def test_a_percentage_change_needs_enough_cases_in_both_periods_else_says_why():
    for _ in range(3):
        CaseFactory(date_reported=date(2024, 6, 1))
    for _ in range(40):
        CaseFactory(date_reported=date(2025, 6, 1))
    change = report("--year", "2025")["change_on_previous"]
    assert change["count"] == 37
    assert change["percent"] is None
    assert "the previous period has 3 cases" in change["percent_withheld_reason"]


def test_the_current_period_is_marked_incomplete():
    this_year = str(timezone.localdate().year)
    assert report("--year", this_year)["period_incomplete"] is True
    assert report("--year", "2020")["period_incomplete"] is False


def test_the_pdf_draws_the_exploitation_chart_once_and_each_note_once(tmp_path, lead):
    from pypdf import PdfReader

    _partnership_records(lead)
    for _ in range(12):
        CaseFactory(date_reported=date(2025, 8, 1), exploitation=["Labour"])
    target = tmp_path / "r.pdf"
    call_command("render_report", "--year", "2025", "--out", str(target), stderr=io.StringIO())
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    flat = " ".join(text.split())
    assert flat.count("Exploitation type Cases") == 1
    # Once in each of the five sections with such tables, not under each of the ten.
    assert flat.count("A case can count in more than one row") == 5
    assert "Modern Slavery Ambassadors" in flat
    assert "weighted by attendees" in flat
    assert "Transition Panel" in flat


def test_median_days_are_whole_days():
    from reporting.pdf import _figure_rows

    rows = _figure_rows(
        {"figures": {"median_days_to_rg": 169.0}, "suppressed_figures": []},
        [("median_days_to_rg", "Median days")],
    )
    assert rows[0]["text"] == "169 days"
