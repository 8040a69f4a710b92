"""Importing an existing spreadsheet with ``manage.py import_cases`` (docs/import-format.md)."""

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cases.choices import CaseOutcome, Gender, ReferringAgencyType
from cases.models import (
    Case,
    CasePerson,
    CaseShare,
    CaseStatus,
    Location,
    Perpetrator,
    Person,
    ReferenceSequence,
    TimelineEvent,
)
from cases.services.cases import case_create
from cases.services.importing import NrmData, import_cases, parse_table
from core.choices import YesNoUnknown
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "reference",
    "date_reported",
    "referring_agency_type",
    "referring_agency",
    "survivor_gender",
    "survivor_age",
    "survivor_date_of_birth",
    "survivor_nationality",
    "exploitation_types",
    "exploitation_subtypes",
    "location_of_exploitation",
    "perpetrator_gender",
    "perpetrator_nationality",
    "disability_or_health_condition",
    "pregnant",
    "care_experienced",
    "nrm_route",
    "nrm_submitted_on",
    "first_responder",
    "rg_decision",
    "rg_decision_on",
    "cg_decision",
    "cg_decision_on",
    "case_outcome",
    "status",
    "closed_on",
    "notes",
]


def make_row(n: int, **changes) -> dict:
    """A plausible, valid row; ``n`` varies the values."""
    row = {
        "reference": f"MS-2024-{n:05d}",
        "date_reported": f"{n % 28 + 1:02d}/03/2024",
        "referring_agency_type": ["Police", "NHS", "Voluntary / charity", "Member of the public"][
            n % 4
        ],
        "referring_agency": "West Midlands Police" if n % 4 == 0 else "",
        "survivor_gender": ["Male", "Female", "M", "F"][n % 4],
        "survivor_age": str(18 + n % 40),
        "survivor_nationality": ["Vietnamese", "British", "Albania", "ROU; Polish"][n % 4],
        "exploitation_types": ["Labour", "Criminal", "Sexual", "Labour; Criminal"][n % 4],
        "exploitation_subtypes": ["Car wash", "county lines", "", "factory/warehouse"][n % 4],
        "location_of_exploitation": ["Foleshill", "St Michael's", "Overseas: Vietnam", ""][n % 4],
        "disability_or_health_condition": "No",
        "care_experienced": "N",
        "nrm_route": "NRM",
        "nrm_submitted_on": "2024-04-01",
        "first_responder": "Police",
        "rg_decision": "Positive",
        "rg_decision_on": "05/04/2024",
        "status": "Open",
        "notes": f"Row {n} from the 2024 spreadsheet",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict], *, headers=HEADERS, bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_csv(tmp_path, rows, *, name="coventry-2024.csv", **kwargs):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, **kwargs))
    return path


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_cases", str(path), *args, stdout=out)
    return out.getvalue()


def run_failing(path, *args) -> CommandError:
    with pytest.raises(CommandError) as failure:
        run(path, *args)
    return failure.value


# --- Idempotence --------------------------------------------------------------------------


def test_importing_200_rows_twice_leaves_200_cases_and_the_second_run_changes_nothing(tmp_path):
    path = write_csv(tmp_path, [make_row(n) for n in range(1, 201)])

    first = run(path)
    assert "Created: 200" in first
    assert Case.objects.count() == 200
    events = TimelineEvent.objects.filter(kind="imported").count()
    assert events == 200

    second = run(path)
    assert "Created: 0" in second
    assert "Updated: 0" in second
    assert "Unchanged: 200" in second
    assert Case.objects.count() == 200
    assert Person.objects.count() == 200
    assert Location.objects.count() == 150
    assert TimelineEvent.objects.filter(kind="imported").count() == events


def test_changing_one_row_updates_that_case_only_and_says_what_changed(tmp_path):
    rows = [make_row(n) for n in range(1, 201)]
    run(write_csv(tmp_path, rows))
    person = Case.objects.get(reference="MS-2024-00008").people.get()

    rows[7] = make_row(8, survivor_gender="Female", status="Closed", closed_on="30/06/2024")
    output = run(write_csv(tmp_path, rows))

    assert "Created: 0" in output
    assert "Updated: 1" in output
    assert "Unchanged: 199" in output
    case = Case.objects.get(reference="MS-2024-00008")
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == date(2024, 6, 30)
    assert case.version == 2
    # The same person is updated, not a second one added.
    assert list(case.people.all()) == [person]
    person.refresh_from_db()
    assert person.gender == Gender.FEMALE
    latest = case.timeline.first()
    assert latest.kind == "imported"
    assert latest.description == (
        "Updated by import of coventry-2024.csv by the system: status, closed on, survivor"
    )


def test_a_dry_run_of_200_rows_reads_the_database_a_fixed_number_of_times(
    django_assert_max_num_queries,
):
    content = csv_bytes([make_row(n) for n in range(1, 201)])
    with django_assert_max_num_queries(10):
        result = import_cases(content=content, file_name="coventry.csv", dry_run=True)
    assert len(result.created) == 200


# --- Errors -------------------------------------------------------------------------------


def test_a_file_with_errors_writes_nothing_and_lists_every_error_with_row_and_column(tmp_path):
    rows = [
        make_row(1),
        make_row(2, date_reported="31/02/2024"),
        make_row(3, survivor_gender="Mle"),
        make_row(4, exploitation_types="Labour; Slavery"),
        make_row(5, reference="MS-2024-00001"),
        make_row(6, reference=""),
        make_row(7, rg_decision="", rg_decision_on="05/04/2024"),
        make_row(8, survivor_nationality="Kurdish"),
        make_row(9, rg_decision_on="01/03/2024"),
    ]
    failure = run_failing(write_csv(tmp_path, rows))
    message = str(failure)

    assert failure.returncode == 1
    assert "8 errors, nothing was imported" in message
    assert 'Row 3, date_reported: "31/02/2024" Not a date Waymark can read.' in message
    assert "DD/MM/YYYY or YYYY-MM-DD" in message
    assert 'Row 4, survivor_gender: "Mle" Not recognised. Enter Male, Female' in message
    assert 'Row 5, exploitation_types: "Slavery" Not an exploitation type.' in message
    assert 'Row 6, reference: "MS-2024-00001" Already on row 2' in message
    assert "Row 7, reference: Enter the case reference" in message
    assert 'Row 8, rg_decision_on: "05/04/2024" A decision date needs a decision' in message
    assert 'Row 9, survivor_nationality: "Kurdish" Kurdish is an ethnicity' in message
    assert 'Row 10, rg_decision_on: "01/03/2024" The decision cannot be before' in message
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0
    assert not ReferenceSequence.objects.exists()


def test_a_file_without_a_required_column_is_refused_before_reading_rows(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("reference,notes\nMS-2024-00001,Something\n")
    message = str(run_failing(path))
    assert "Row 1, date_reported: The file must have a date_reported column" in message
    assert Case.objects.count() == 0


def test_a_file_that_is_not_utf8_says_how_to_save_it(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes("reference,date_reported,notes\nMS-1,01/01/2024,Café\n".encode("cp1252"))
    assert "CSV UTF-8" in str(run_failing(path))


def test_nrm_columns_are_validated(tmp_path):
    rows = [
        make_row(1, nrm_route="Maybe"),
        make_row(2, rg_decision="Yes"),
        make_row(3, nrm_route="DtN", rg_decision="Positive"),
        make_row(4, rg_decision="Pending", rg_decision_on="05/04/2024"),
        make_row(5, cg_decision="Positive", cg_decision_on="04/04/2024"),
    ]
    message = str(run_failing(write_csv(tmp_path, rows)))
    assert 'Row 2, nrm_route: "Maybe" Not recognised. Enter NRM, DtN or None' in message
    assert 'Row 3, rg_decision: "Yes" Not recognised. Enter Positive, Negative or Pending' in (
        message
    )
    assert "Row 4, rg_decision: " in message and "A Duty to Notify has no" in message
    assert 'Row 5, rg_decision_on: "05/04/2024" A decision date needs a decision' in message
    assert "Row 6, cg_decision_on" in message and "before the Reasonable Grounds" in message


def test_valid_nrm_columns_are_kept_on_the_parsed_row_for_the_nrm_episodes_to_come():
    row = make_row(
        1, cg_decision="Negative", cg_decision_on="2024-09-01", first_responder="Salvation Army"
    )
    table = list(csv.reader(io.StringIO(csv_bytes([row]).decode())))
    rows, errors, _ = parse_table(table)
    assert errors == []
    assert rows[0].nrm == NrmData(
        route="nrm",
        submitted_on=date(2024, 4, 1),
        first_responder="Salvation Army",
        rg_decision="positive",
        rg_decision_on=date(2024, 4, 5),
        cg_decision="negative",
        cg_decision_on=date(2024, 9, 1),
    )


# --- Reading the file ---------------------------------------------------------------------


def test_a_byte_order_mark_and_loose_header_spellings_are_accepted(tmp_path):
    headers = ["Reference", "Date Reported", "survivor-gender", "EXPLOITATION TYPES"]
    path = tmp_path / "bom.csv"
    text = ",".join(headers) + "\r\nMS-2024-00001,2024-03-05,Woman,Domestic servitude\r\n"
    path.write_bytes(text.encode("utf-8-sig"))

    output = run(path)

    assert "Created: 1" in output
    case = Case.objects.get(reference="MS-2024-00001")
    assert case.date_reported == date(2024, 3, 5)
    assert case.people.get().gender == Gender.FEMALE
    assert [t.name for t in case.exploitation_types.all()] == ["Domestic servitude"]


def test_an_xlsx_file_is_read_from_its_first_sheet(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Reference", "Date reported", "Survivor age", "Survivor nationality"])
    sheet.append(["MS-2024-00042", datetime(2024, 2, 1), 29, "VNM"])
    sheet.append([None, None, None, None])  # blank rows are skipped
    sheet.append(["MS-2024-00043", "14/02/2024", None, "Eritrean"])
    workbook.create_sheet("Notes").append(["reference", "not read"])
    path = tmp_path / "coventry.xlsx"
    workbook.save(path)

    assert "Created: 2" in run(path)
    first = Case.objects.get(reference="MS-2024-00042")
    assert first.date_reported == date(2024, 2, 1)
    assert first.people.get().estimated_age == 29
    assert first.people.get().nationalities == ["VN"]
    assert Case.objects.get(reference="MS-2024-00043").people.get().nationalities == ["ER"]


def test_unknown_columns_and_unrecognised_subtypes_are_warnings_and_kept_as_other(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(
        "reference,date_reported,exploitation_types,exploitation_subtypes,Caseworker\n"
        "MS-2024-00001,01/03/2024,Labour,Car wash; Massage parlour,Priya\n"
    )
    output = run(path)

    assert "Row 1, Caseworker: Column not recognised: ignored" in output
    assert (
        'Row 2, exploitation_subtypes: "Massage parlour" Not a sub-type Waymark knows: '
        "kept as “Other: Massage parlour”" in output
    )
    case = Case.objects.get()
    assert case.other_subtypes == ["Other: Massage parlour"]
    assert [s.name for s in case.exploitation_subtypes.all()] == ["Car wash"]


# --- Writing ------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing(tmp_path):
    path = write_csv(tmp_path, [make_row(n) for n in range(1, 6)])
    output = run(path, "--dry-run")
    assert "Created: 5" in output
    assert "Dry run: nothing was written." in output
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0
    assert not ReferenceSequence.objects.exists()


def test_an_imported_case_has_an_imported_timeline_event_naming_the_file_and_actor(tmp_path, lead):
    lead.first_name, lead.last_name = "Priya", "Sandhu"
    lead.save()
    run(write_csv(tmp_path, [make_row(1)]), "--actor", "lead")

    case = Case.objects.get()
    event = case.timeline.get()
    assert event.kind == "imported"
    assert event.description == "Imported from coventry-2024.csv by Priya Sandhu"
    assert event.actor == lead
    assert case.created_by == lead
    assert case.imported_from == "coventry-2024.csv"


def test_without_an_actor_the_timeline_says_the_system_imported_it(tmp_path):
    run(write_csv(tmp_path, [make_row(1)]))
    event = TimelineEvent.objects.get()
    assert event.description == "Imported from coventry-2024.csv by the system"
    assert event.actor is None


def test_an_actor_who_does_not_exist_is_refused(tmp_path):
    path = write_csv(tmp_path, [make_row(1)])
    assert "There is no user with the username nobody" in str(
        run_failing(path, "--actor", "nobody")
    )
    assert Case.objects.count() == 0


def test_the_reference_sequence_moves_past_imported_references(tmp_path, lead):
    run(write_csv(tmp_path, [make_row(150), make_row(12)]))
    later = case_create(actor=lead, date_reported=date(2024, 11, 2))
    assert later.reference == "MS-2024-00151"


def test_row_values_are_mapped_onto_the_case_and_its_records(tmp_path):
    row = make_row(
        1,
        referring_agency_type="Local authority - Adult Social Care",
        referring_agency="Coventry City Council",
        survivor_gender="Man",
        survivor_age="",
        survivor_date_of_birth="12/07/1990",
        survivor_nationality="British; Iraqi",
        exploitation_types="criminal; Financial",
        exploitation_subtypes="County-Lines; Cuckooing",
        location_of_exploitation="Overseas: Vietnam",
        perpetrator_gender="F",
        perpetrator_nationality="AL",
        disability_or_health_condition="Y",
        pregnant="Unknown",
        care_experienced="No",
        case_outcome="NRM referral made; accommodated",
        status="closed",
        closed_on="2024-08-01",
    )
    run(write_csv(tmp_path, [row, make_row(2, referring_agency_type="")]))

    case = Case.objects.get(reference="MS-2024-00001")
    assert case.referring_agency_type == ReferringAgencyType.LA_ADULT_SOCIAL_CARE
    assert case.referring_agency_name == "Coventry City Council"
    assert {t.name for t in case.exploitation_types.all()} == {"Criminal", "Financial"}
    assert {s.name for s in case.exploitation_subtypes.all()} == {"County lines", "Cuckooing"}
    assert case.outcomes == [CaseOutcome.NRM_REFERRAL, CaseOutcome.ACCOMMODATED]
    assert (case.status, case.closed_on) == (CaseStatus.CLOSED, date(2024, 8, 1))
    assert case.notes_from_import == "Row 1 from the 2024 spreadsheet"
    person = case.people.get()
    assert (person.gender, person.date_of_birth, person.estimated_age) == (
        Gender.MALE,
        date(1990, 7, 12),
        None,
    )
    assert person.nationalities == ["GB", "IQ"]
    assert person.disability_or_health_condition == YesNoUnknown.YES
    assert person.pregnant == YesNoUnknown.UNKNOWN
    assert person.care_experienced == YesNoUnknown.NO
    location = case.locations.get()
    assert (location.is_overseas, location.country, location.ward) == (True, "VN", "")
    perpetrator = case.perpetrators.get()
    assert (perpetrator.gender, perpetrator.nationalities) == (Gender.FEMALE, ["AL"])
    # Imported cases are for the Lead only until shared.
    assert not CaseShare.objects.exists()

    other = Case.objects.get(reference="MS-2024-00002")
    assert other.referring_agency_type == ReferringAgencyType.OTHER
    assert other.perpetrators.count() == 0


def test_blank_exploitation_types_mean_unknown_and_a_case_needs_no_survivor(tmp_path):
    path = tmp_path / "carwash.csv"
    path.write_text(
        "reference,date_reported,location_of_exploitation\nCOV-17,01/03/2024,Foleshill\n"
    )
    run(path)
    case = Case.objects.get(reference="COV-17")
    assert [t.name for t in case.exploitation_types.all()] == ["Unknown"]
    assert not CasePerson.objects.exists()
    assert not Perpetrator.objects.exists()
    assert case.locations.get().ward == "Foleshill"


def test_an_age_that_disagrees_with_the_date_of_birth_wins_with_a_warning(tmp_path):
    row = make_row(1, survivor_age="40", survivor_date_of_birth="01/01/2000")
    output = run(write_csv(tmp_path, [row]))
    assert "Does not match survivor_age (40)" in output
    person = Person.objects.get()
    assert (person.estimated_age, person.date_of_birth) == (40, None)


def test_a_reference_that_matches_a_case_entered_in_waymark_is_updated_with_a_warning(tmp_path):
    CaseFactory(reference="MS-2024-00001")
    output = run(write_csv(tmp_path, [make_row(1)]))
    assert "Updated: 1" in output
    assert "Matches a case entered in Waymark, not imported" in output
    assert Case.objects.get().imported_from == "coventry-2024.csv"


def test_a_file_separated_by_semicolons_says_how_to_save_it(tmp_path):
    path = tmp_path / "excel-europe.csv"
    path.write_text("reference;date_reported\nMS-2024-00001;01/03/2024\n")
    assert "separated by semicolons" in str(run_failing(path))
