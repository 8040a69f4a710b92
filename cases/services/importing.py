"""Importing an existing modern slavery spreadsheet (see docs/import-format.md).

The one place the import logic lives: the ``import_cases`` command and the
Lead's browser import both call :func:`import_cases`.

1. :func:`read_table` turns the bytes (CSV or .xlsx) into a header and rows of text.
2. :func:`parse_table` validates every row into a :class:`ParsedRow`; each
   problem is an :class:`ImportIssue` naming the spreadsheet row (header = row 1),
   the column, the value and what would be accepted.
3. The rows are matched to existing cases by reference and compared with what
   is stored, giving a plan (create / update / unchanged). Unless it is a dry
   run, and only when there are no errors, the plan is written in one
   transaction: every row lands or none does.

NRM columns are validated into :class:`NrmData` (``ParsedRow.nrm``) but not
written yet: NRM episodes have no model. Writing them belongs in
:func:`_write_nrm`, called for every created or updated case.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import PurePath

import pghistory
import pycountry
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from cases.choices import CaseOutcome, Gender, ReferringAgencyType, YesNoUnknown
from cases.models import (
    Case,
    CasePerpetrator,
    CasePerson,
    CaseStatus,
    ExploitationSubtype,
    ExploitationType,
    Location,
    Perpetrator,
    Person,
)
from cases.services.common import ServiceError, reserve_reference_number, timeline_add

MAX_ROWS = 10_000
TIMELINE_KIND = "imported"


# --- Columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    values: str


COLUMNS = (
    Column("reference", True, "The existing reference; each appears once in the file"),
    Column("date_reported", True, "Date, DD/MM/YYYY or YYYY-MM-DD"),
    Column("referring_agency_type", False, "Police, NHS, Voluntary / charity...; blank = Other"),
    Column("referring_agency", False, "Organisation name"),
    Column("survivor_gender", False, "Male, Female, Other, Unknown (also M, F, Man, Woman)"),
    Column("survivor_age", False, "Whole years at the date reported"),
    Column("survivor_date_of_birth", False, "Date, used when survivor_age is blank"),
    Column("survivor_nationality", False, "Country, nationality or ISO code; ; for dual"),
    Column("exploitation_types", False, "Labour; Criminal; Sexual...; blank = Unknown"),
    Column("exploitation_subtypes", False, "County lines; Car wash...; others kept as Other"),
    Column("location_of_exploitation", False, "Ward or area, or Overseas: <country>"),
    Column("perpetrator_gender", False, "As survivor_gender"),
    Column("perpetrator_nationality", False, "As survivor_nationality"),
    Column("disability_or_health_condition", False, "Yes, No, Unknown or blank"),
    Column("pregnant", False, "Yes, No, Unknown or blank"),
    Column("care_experienced", False, "Yes, No, Unknown or blank"),
    Column("nrm_route", False, "NRM, DtN or None (blank = None)"),
    Column("nrm_submitted_on", False, "Date"),
    Column("first_responder", False, "First Responder agency type or name"),
    Column("rg_decision", False, "Positive, Negative or Pending"),
    Column("rg_decision_on", False, "Date"),
    Column("cg_decision", False, "Positive, Negative or Pending"),
    Column("cg_decision_on", False, "Date"),
    Column("case_outcome", False, "Case outcomes separated by ;"),
    Column("status", False, "Open or Closed (blank = Open)"),
    Column("closed_on", False, "Date"),
    Column("notes", False, "Free text"),
)
COLUMN_NAMES = frozenset(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)


def normalise_header(text: str) -> str:
    """``Date Reported``, ``date-reported`` and ``DATE_REPORTED`` are one column."""
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")


def _key(text: str) -> str:
    """A loose matching key: case, spaces, hyphens, slashes and '&'/'and' ignored."""
    text = text.lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "", text)


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """An error or warning. ``row`` is the spreadsheet row (header = 1), or None for
    the file as a whole."""

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self):
        where = f"Row {self.row}" if self.row else "File"
        if self.column:
            where += f", {self.column}"
        value = f' "{self.value}"' if self.value else ""
        return f"{where}:{value} {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class NrmData:
    """The NRM columns, validated. Not written yet: see the module docstring."""

    route: str = ""  # "nrm", "dtn" or "" (none)
    submitted_on: date | None = None
    first_responder: str = ""
    rg_decision: str = ""  # "positive", "negative", "pending" or ""
    rg_decision_on: date | None = None
    cg_decision: str = ""
    cg_decision_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == NrmData()


@dataclass(frozen=True)
class SurvivorData:
    """Fields of the one survivor ``Person`` a row describes (names match the model)."""

    gender: str = Gender.NOT_RECORDED
    estimated_age: int | None = None
    date_of_birth: date | None = None
    nationalities: tuple[str, ...] = ()
    disability_or_health_condition: str = YesNoUnknown.UNKNOWN
    pregnant: str = YesNoUnknown.UNKNOWN
    care_experienced: str = YesNoUnknown.UNKNOWN

    @property
    def is_empty(self) -> bool:
        return self == SurvivorData()

    def model_values(self) -> dict:
        values = asdict(self)
        values["nationalities"] = list(self.nationalities)
        return values


@dataclass(frozen=True)
class PerpetratorData:
    gender: str = Gender.NOT_RECORDED
    nationalities: tuple[str, ...] = ()

    def model_values(self) -> dict:
        return {"gender": self.gender, "nationalities": list(self.nationalities)}


@dataclass(frozen=True)
class LocationData:
    ward: str = ""
    is_overseas: bool = False
    country: str = ""

    def model_values(self) -> dict:
        return asdict(self)

    @property
    def description(self) -> str:
        if not self.is_overseas:
            return ""
        country = pycountry.countries.get(alpha_2=self.country) if self.country else None
        name = getattr(country, "common_name", None) or getattr(country, "name", "")
        return f"Overseas: {name}" if name else "Overseas"


@dataclass
class ParsedRow:
    """One valid row, normalised to exactly what would be written."""

    row_number: int
    reference: str
    date_reported: date
    referring_agency_type: str = ReferringAgencyType.OTHER
    referring_agency_name: str = ""
    exploitation_type_ids: frozenset[int] = frozenset()
    exploitation_subtype_ids: frozenset[int] = frozenset()
    other_subtypes: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    status: str = CaseStatus.OPEN
    closed_on: date | None = None
    notes: str = ""
    survivor: SurvivorData | None = None
    perpetrator: PerpetratorData | None = None
    location: LocationData | None = None
    nrm: NrmData = field(default_factory=NrmData)

    def case_values(self) -> dict:
        """The ``Case`` fields this row sets."""
        return {
            "date_reported": self.date_reported,
            "referring_agency_type": self.referring_agency_type,
            "referring_agency_name": self.referring_agency_name,
            "other_subtypes": list(self.other_subtypes),
            "outcomes": list(self.outcomes),
            "status": self.status,
            "closed_on": self.closed_on,
            "notes_from_import": self.notes,
        }


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# How a difference is named on the timeline and in the preview.
CHANGE_LABELS = {
    "date_reported": "date reported",
    "referring_agency_type": "referring agency type",
    "referring_agency_name": "referring agency",
    "other_subtypes": "other sub-types",
    "outcomes": "outcomes",
    "status": "status",
    "closed_on": "closed on",
    "notes_from_import": "notes",
    "exploitation_types": "exploitation types",
    "exploitation_subtypes": "exploitation sub-types",
    "survivor": "survivor",
    "perpetrator": "suspected perpetrator",
    "location": "location",
}


@dataclass
class PlannedRow:
    row: ParsedRow
    action: str
    case: Case | None = None
    changes: tuple[str, ...] = ()  # keys of CHANGE_LABELS

    @property
    def change_labels(self) -> list[str]:
        return [CHANGE_LABELS[name] for name in self.changes]


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    plan: list[PlannedRow] = field(default_factory=list)
    digest: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def _references(self, action: str) -> list[str]:
        return [planned.row.reference for planned in self.plan if planned.action == action]

    @property
    def created(self) -> list[str]:
        return self._references(CREATE)

    @property
    def updated(self) -> list[str]:
        return self._references(UPDATE)

    @property
    def unchanged(self) -> list[str]:
        return self._references(UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(planned.action != UNCHANGED for planned in self.plan)

    def summary(self) -> dict:
        """Plain data (safe to keep in a session) for the result pages."""
        return {
            "file_name": self.file_name,
            "written": self.written,
            "rows": len(self.rows),
            "created": self.created,
            "updated": [
                {"reference": p.row.reference, "changes": ", ".join(p.change_labels)}
                for p in self.plan
                if p.action == UPDATE
            ],
            "unchanged": len(self.unchanged),
            "warnings": [issue.as_dict() for issue in self.warnings],
        }

    def report_lines(self) -> list[str]:
        lines = [
            f"{self.file_name}: {len(self.rows)} rows",
            f"Created: {len(self.created)}",
            f"Updated: {len(self.updated)}",
            f"Unchanged: {len(self.unchanged)}",
        ]
        if self.warnings:
            lines.append(f"Warnings ({len(self.warnings)}):")
            lines.extend(f"  {issue}" for issue in self.warnings)
        return lines


class ImportPlanChanged(ServiceError):
    """The records changed between the dry run and the confirmation: nothing written."""

    def __init__(self, result: ImportResult):
        super().__init__(
            "Waymark's records changed after the file was checked, so nothing has been "
            "imported. Check the new result and confirm again."
        )
        self.result = result


# --- Reading the file --------------------------------------------------------------------


class FileProblem(Exception):
    """The file cannot be read at all."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "The file is not UTF-8 text. Save it from your spreadsheet as "
            "“CSV UTF-8 (comma delimited)”, or upload the .xlsx file"
        ) from None
    if "\x00" in text:
        raise FileProblem("The file is not a CSV file. Upload a .csv or .xlsx file")
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise FileProblem(f"The file could not be read as CSV ({error})") from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    not_xlsx = FileProblem(
        "The file is not a valid Excel .xlsx file. Save it again as .xlsx or as CSV UTF-8"
    )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file can fail in many ways
        raise not_xlsx from None
    try:
        if not workbook.worksheets:
            raise FileProblem("The .xlsx file has no sheets")
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except FileProblem:
        raise
    except Exception:
        raise not_xlsx from None
    finally:
        workbook.close()


def read_table(content: bytes, file_name: str) -> list[list[str]]:
    """Every row of the file (header first) as stripped text; raises FileProblem."""
    is_zip = content[:4] == b"PK\x03\x04"
    if file_name.lower().endswith(".xlsx") or is_zip:
        return _read_xlsx(content)
    return _read_csv(content)


# --- Vocabularies --------------------------------------------------------------------------

BLANK_WORDS = frozenset({"", "unknown", "notknown", "nk", "na", "notrecorded", "none"})

YES_NO = {
    "yes": YesNoUnknown.YES,
    "y": YesNoUnknown.YES,
    "no": YesNoUnknown.NO,
    "n": YesNoUnknown.NO,
    "unknown": YesNoUnknown.UNKNOWN,
    "": YesNoUnknown.UNKNOWN,
}
YES_NO_ACCEPTED = "Enter Yes, No, Y, N or Unknown, or leave it blank"

GENDERS = {
    "male": Gender.MALE,
    "m": Gender.MALE,
    "man": Gender.MALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "woman": Gender.FEMALE,
    "other": Gender.OTHER,
    "unknown": Gender.NOT_RECORDED,
    "notrecorded": Gender.NOT_RECORDED,
    "": Gender.NOT_RECORDED,
}
GENDER_ACCEPTED = "Enter Male, Female, Other or Unknown (or M, F, Man, Woman)"


def _agency_types() -> dict[str, str]:
    table = {}
    for value, label in ReferringAgencyType.choices:
        table[_key(label)] = value
        table[_key(value)] = value
        if label.startswith("Local authority - "):
            short = label.removeprefix("Local authority - ")
            table[_key(short)] = value
            table[_key("LA " + short)] = value
    aliases = {
        ReferringAgencyType.LA_ADULT_SOCIAL_CARE: ["ASC", "Adult social care"],
        ReferringAgencyType.LA_HOUSING: ["Housing", "Homelessness", "Local authority - Housing"],
        ReferringAgencyType.LA_CHILDRENS: ["Childrens services", "Children's social care"],
        ReferringAgencyType.LA_TRADING_STANDARDS: ["Trading standards", "Regulatory services"],
        ReferringAgencyType.LA_OTHER: ["Local authority", "LA", "Council"],
        ReferringAgencyType.VOLUNTARY: ["Voluntary", "Charity", "Voluntary sector", "NGO"],
        ReferringAgencyType.GOVERNMENT: [
            "Government",
            "Government agency",
            "Home Office",
            "DWP",
            "GLAA",
            "Immigration Enforcement",
            "Border Force",
        ],
        ReferringAgencyType.PUBLIC: ["Public", "Member of public"],
        ReferringAgencyType.SELF_REFERRAL: ["Self", "Self referral"],
        ReferringAgencyType.OTHER: ["Other", "Unknown", ""],
        ReferringAgencyType.NHS: ["Health"],
    }
    for value, names in aliases.items():
        for name in names:
            table[_key(name)] = value
    return table


AGENCY_TYPES = _agency_types()


def _outcomes() -> dict[str, str]:
    table = {}
    for value, label in CaseOutcome.choices:
        table[_key(label)] = value
        table[_key(value)] = value
    aliases = {
        CaseOutcome.NRM_REFERRAL: ["NRM", "NRM referral"],
        CaseOutcome.DUTY_TO_NOTIFY: ["DtN", "Duty to Notify"],
        CaseOutcome.SAFEGUARDING_ENQUIRY: ["s42", "s42 enquiry", "Safeguarding enquiry"],
        CaseOutcome.NO_FURTHER_ACTION: ["NFA"],
    }
    for value, names in aliases.items():
        for name in names:
            table[_key(name)] = value
    return table


OUTCOMES = _outcomes()

NRM_ROUTES = {"nrm": "nrm", "dtn": "dtn", "dutytonotify": "dtn", "none": "", "": ""}
DECISIONS = {"positive": "positive", "negative": "negative", "pending": "pending", "": ""}

# Nationalities as people write them. pycountry covers names and ISO codes.
DEMONYMS = {
    "afghan": "AF",
    "afghani": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "bangladeshi": "BD",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "cameroonian": "CM",
    "chinese": "CN",
    "czech": "CZ",
    "egyptian": "EG",
    "english": "GB",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "filipina": "PH",
    "french": "FR",
    "gambian": "GM",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guinean": "GN",
    "hungarian": "HU",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "malaysian": "MY",
    "moldovan": "MD",
    "moroccan": "MA",
    "nepalese": "NP",
    "nepali": "NP",
    "nigerian": "NG",
    "northernirish": "GB",
    "pakistani": "PK",
    "palestinian": "PS",
    "polish": "PL",
    "portuguese": "PT",
    "romanian": "RO",
    "russian": "RU",
    "scottish": "GB",
    "senegalese": "SN",
    "serbian": "RS",
    "sierraleonean": "SL",
    "slovak": "SK",
    "slovakian": "SK",
    "somali": "SO",
    "southafrican": "ZA",
    "spanish": "ES",
    "srilankan": "LK",
    "sudanese": "SD",
    "southsudanese": "SS",
    "syrian": "SY",
    "thai": "TH",
    "turkish": "TR",
    "ugandan": "UG",
    "ukrainian": "UA",
    "vietnamese": "VN",
    "welsh": "GB",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}
COUNTRY_ALIASES = {
    "uk": "GB",
    "unitedkingdom": "GB",
    "britain": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "usa": "US",
    "america": "US",
    "unitedstates": "US",
    "russia": "RU",
    "turkey": "TR",
    "ivorycoast": "CI",
    "macedonia": "MK",
    "northmacedonia": "MK",
    "palestine": "PS",
    "vietnam": "VN",
    "drc": "CD",
    "democraticrepublicofcongo": "CD",
}
NOT_NATIONALITIES = {
    "kurdish": "Kurdish is an ethnicity, not a nationality: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kurd": "Kurdish is an ethnicity, not a nationality: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kurdistan": "Kurdistan is not an ISO 3166 country: enter the country, "
    "like Iraq, Iran, Syria or Turkey",
    "kosovo": "Kosovo is not in ISO 3166 yet: enter the nationality the person's "
    "documents show, and note Kosovo in the notes",
    "kosovan": "Kosovo is not in ISO 3166 yet: enter the nationality the person's "
    "documents show, and note Kosovo in the notes",
    "european": "Enter the country, not the continent",
    "african": "Enter the country, not the continent",
    "asian": "Enter the country, not the continent",
    "eu": "Enter the country, not the European Union",
}
NATIONALITY_ACCEPTED = (
    "Enter a country (Vietnam), a nationality (Vietnamese) or an ISO 3166 code (VN or VNM)"
)


def country_code(text: str) -> str | None:
    """ISO alpha-2 for a country name, demonym or ISO code; None if not recognised."""
    key = _key(text)
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        return pycountry.countries.lookup(text.strip()).alpha_2
    except LookupError:
        return None


# --- Parsing rows ----------------------------------------------------------------------------

DATE_ACCEPTED = "Enter a real date as DD/MM/YYYY or YYYY-MM-DD, like 05/03/2024"
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
MS_REFERENCE = re.compile(r"^MS-(\d{4})-(\d{1,9})$", re.IGNORECASE)


class _RowParser:
    """Validates one row at a time against reference data loaded once."""

    def __init__(self, *, today: date):
        self.today = today
        self.errors: list[ImportIssue] = []
        self.warnings: list[ImportIssue] = []
        types = list(ExploitationType.objects.all())
        self.types_by_key = {_key(t.name): t for t in types}
        self.type_names = [t.name for t in types if t.is_active]
        self.unknown_type = self.types_by_key.get("unknown")
        self.subtypes_by_key = {
            _key(s.name): s for s in ExploitationSubtype.objects.select_related("exploitation_type")
        }
        self.row_number = 0
        self.cells: dict[str, str] = {}

    # Each helper reads one cell and records an error naming it when it is wrong.

    def error(self, column: str, message: str, value: str | None = None):
        value = self.cells.get(column, "") if value is None else value
        self.errors.append(ImportIssue(self.row_number, column, value[:200], message))

    def warn(self, column: str, message: str, value: str | None = None):
        value = self.cells.get(column, "") if value is None else value
        self.warnings.append(ImportIssue(self.row_number, column, value[:200], message))

    def text(self, column: str, *, max_length: int) -> str:
        value = self.cells.get(column, "")
        if len(value) > max_length:
            self.error(column, f"Must be {max_length} characters or fewer", value[:60] + "…")
            return ""
        return value

    def date_value(self, column: str, *, not_before: date | None = None) -> date | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        parsed = None
        uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        try:
            if uk:
                parsed = date(int(uk[3]), int(uk[2]), int(uk[1]))
            elif iso:
                parsed = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            parsed = None
        if parsed is None:
            self.error(column, f"Not a date Waymark can read. {DATE_ACCEPTED}")
            return None
        if parsed.year < 1900:
            self.error(column, "The date must be after 1900")
            return None
        if parsed > self.today:
            self.error(column, "The date must be today or in the past")
            return None
        if not_before and parsed < not_before:
            self.error(
                column, f"The date must not be before the date reported ({not_before:%d/%m/%Y})"
            )
            return None
        return parsed

    def choice(self, column: str, table: dict, accepted: str):
        value = self.cells.get(column, "")
        key = _key(value)
        if key not in table:
            self.error(column, f"Not recognised. {accepted}")
            return table.get("")
        return table[key]

    def many(self, column: str) -> list[str]:
        seen, items = set(), []
        for part in self.cells.get(column, "").split(";"):
            part = part.strip()
            if part and _key(part) not in seen:
                seen.add(_key(part))
                items.append(part)
        return items

    def nationalities(self, column: str) -> tuple[str, ...]:
        codes = []
        for item in self.many(column):
            key = _key(item)
            if key in NOT_NATIONALITIES:
                self.error(column, NOT_NATIONALITIES[key], item)
                continue
            if key in BLANK_WORDS:
                continue
            code = country_code(item)
            if code is None:
                self.error(
                    column, f"Not a country Waymark recognises. {NATIONALITY_ACCEPTED}", item
                )
            elif code not in codes:
                codes.append(code)
        return tuple(codes)

    def age(self, column: str) -> int | None:
        value = self.cells.get(column, "")
        if _key(value) in BLANK_WORDS:
            return None
        if not re.fullmatch(r"\d{1,3}", value) or int(value) > 120:
            self.error(column, "Enter the age in whole years at the date reported, like 34")
            return None
        return int(value)

    # --- The row ------------------------------------------------------------------------------

    def parse(self, row_number: int, cells: dict[str, str]) -> ParsedRow | None:
        self.row_number = row_number
        self.cells = cells
        errors_before = len(self.errors)

        reference = cells.get("reference", "")
        if not reference:
            self.error("reference", "Enter the case reference: every row needs one")
        elif not REFERENCE_PATTERN.fullmatch(reference) or not re.search(r"\d", reference):
            self.error(
                "reference",
                "A reference is up to 20 letters, numbers, hyphens, dots or underscores, "
                "with at least one number, like MS-2024-00042",
            )
        date_reported = self.date_value("date_reported")
        if not cells.get("date_reported"):
            self.error("date_reported", f"Enter the date reported. {DATE_ACCEPTED}")

        agency_type = self.choice(
            "referring_agency_type",
            AGENCY_TYPES,
            "Enter one of: " + "; ".join(label for _, label in ReferringAgencyType.choices),
        )
        parsed = ParsedRow(
            row_number=row_number,
            reference=reference,
            date_reported=date_reported or self.today,
            referring_agency_type=agency_type,
            referring_agency_name=self.text("referring_agency", max_length=200),
            notes=cells.get("notes", ""),
        )
        self._exploitation(parsed)
        parsed.survivor = self._survivor(date_reported)
        parsed.perpetrator = self._perpetrator()
        parsed.location = self._location()
        self._closure(parsed, date_reported)
        parsed.nrm = self._nrm()
        return parsed if len(self.errors) == errors_before else None

    def _exploitation(self, parsed: ParsedRow):
        type_ids = set()
        for item in self.many("exploitation_types"):
            key = _key(item)
            found = self.types_by_key.get(key) or self.types_by_key.get(
                key.removesuffix("exploitation")
            )
            if found is None:
                self.error(
                    "exploitation_types",
                    "Not an exploitation type. Enter one or more of " + "; ".join(self.type_names),
                    item,
                )
            else:
                type_ids.add(found.pk)
        if not type_ids and self.unknown_type and not self.cells.get("exploitation_types"):
            type_ids.add(self.unknown_type.pk)
        subtype_ids, others = set(), []
        for item in self.many("exploitation_subtypes"):
            subtype = self.subtypes_by_key.get(_key(item))
            if subtype is None:
                other = f"Other: {item}"
                if len(other) > 200:
                    self.error(
                        "exploitation_subtypes",
                        "Each sub-type must be 190 characters or fewer",
                        item[:60] + "…",
                    )
                    continue
                others.append(other)
                self.warn(
                    "exploitation_subtypes",
                    f"Not a sub-type Waymark knows: kept as “{other}”",
                    item,
                )
                continue
            subtype_ids.add(subtype.pk)
            if type_ids and subtype.exploitation_type_id not in type_ids:
                self.warn(
                    "exploitation_subtypes",
                    f"{subtype.name} is a {subtype.exploitation_type.name} sub-type, but "
                    f"{subtype.exploitation_type.name} is not in exploitation_types",
                    item,
                )
        parsed.exploitation_type_ids = frozenset(type_ids)
        parsed.exploitation_subtype_ids = frozenset(subtype_ids)
        parsed.other_subtypes = tuple(others)

    def _survivor(self, date_reported: date | None) -> SurvivorData | None:
        age = self.age("survivor_age")
        date_of_birth = self.date_value("survivor_date_of_birth")
        if date_of_birth and date_reported and date_of_birth > date_reported:
            self.error(
                "survivor_date_of_birth", "The date of birth must be before the date reported"
            )
            date_of_birth = None
        # survivor_age wins; a date of birth that agrees with it is kept too.
        if (
            age is not None
            and date_of_birth
            and date_reported
            and _age_on(date_of_birth, date_reported) != age
        ):
            self.warn(
                "survivor_date_of_birth",
                f"Does not match survivor_age ({age}): the age was imported and the "
                "date of birth was not",
            )
            date_of_birth = None
        survivor = SurvivorData(
            gender=self.choice("survivor_gender", GENDERS, GENDER_ACCEPTED),
            estimated_age=age,
            date_of_birth=date_of_birth,
            nationalities=self.nationalities("survivor_nationality"),
            disability_or_health_condition=self.choice(
                "disability_or_health_condition", YES_NO, YES_NO_ACCEPTED
            ),
            pregnant=self.choice("pregnant", YES_NO, YES_NO_ACCEPTED),
            care_experienced=self.choice("care_experienced", YES_NO, YES_NO_ACCEPTED),
        )
        return None if survivor.is_empty else survivor

    def _perpetrator(self) -> PerpetratorData | None:
        perpetrator = PerpetratorData(
            gender=self.choice("perpetrator_gender", GENDERS, GENDER_ACCEPTED),
            nationalities=self.nationalities("perpetrator_nationality"),
        )
        return None if perpetrator == PerpetratorData() else perpetrator

    def _location(self) -> LocationData | None:
        column = "location_of_exploitation"
        value = self.cells.get(column, "")
        if _key(value) in BLANK_WORDS:
            return None
        overseas = re.fullmatch(r"overseas\s*(?::\s*(.*))?", value, re.IGNORECASE)
        if overseas:
            country_text = (overseas[1] or "").strip()
            if not country_text:
                return LocationData(is_overseas=True)
            code = country_code(country_text)
            if code is None or code == "GB":
                self.error(
                    column,
                    "Not a country outside the UK. Enter Overseas: and the country, "
                    "like Overseas: Vietnam",
                )
                return None
            return LocationData(is_overseas=True, country=code)
        if len(value) > 100:
            self.error(
                column, "A ward or area name must be 100 characters or fewer", value[:60] + "…"
            )
            return None
        return LocationData(ward=value)

    def _closure(self, parsed: ParsedRow, date_reported: date | None):
        outcomes = []
        for item in self.many("case_outcome"):
            outcome = OUTCOMES.get(_key(item))
            if outcome is None:
                self.error(
                    "case_outcome",
                    "Not a case outcome. Enter one or more of "
                    + "; ".join(label for _, label in CaseOutcome.choices),
                    item,
                )
            elif outcome not in outcomes:
                outcomes.append(outcome)
        parsed.outcomes = tuple(outcomes)
        status_table = {"open": CaseStatus.OPEN, "closed": CaseStatus.CLOSED, "": CaseStatus.OPEN}
        parsed.status = self.choice(
            "status", status_table, "Enter Open or Closed (blank means Open)"
        )
        parsed.closed_on = self.date_value("closed_on", not_before=date_reported)
        if parsed.closed_on and parsed.status != CaseStatus.CLOSED:
            self.error("closed_on", "A case with a closed_on date must have status Closed")

    def _nrm(self) -> NrmData:
        route = self.choice("nrm_route", NRM_ROUTES, "Enter NRM, DtN or None (blank means None)")
        submitted_on = self.date_value("nrm_submitted_on")
        if submitted_on and not route:
            self.error("nrm_submitted_on", "A submission date needs nrm_route NRM or DtN")
        decisions = {}
        for stage in ("rg", "cg"):
            decision = (
                self.choice(f"{stage}_decision", DECISIONS, "Enter Positive, Negative or Pending")
                or ""
            )
            decided_on = self.date_value(f"{stage}_decision_on")
            decision_column = f"{stage}_decision"
            if decided_on and decision in ("", "pending"):
                self.error(
                    f"{stage}_decision_on",
                    f"A decision date needs a decision: enter Positive or Negative in "
                    f"{decision_column}, or remove the date",
                )
            if decided_on and submitted_on and decided_on < submitted_on:
                self.error(
                    f"{stage}_decision_on",
                    f"The decision cannot be before the NRM was submitted "
                    f"({submitted_on:%d/%m/%Y})",
                )
            if decision and route == "dtn":
                self.error(
                    decision_column,
                    "A Duty to Notify has no Reasonable or Conclusive Grounds decision: "
                    "use nrm_route NRM",
                )
            elif decision and not route:
                self.error(decision_column, "A decision needs nrm_route NRM")
            decisions[stage] = (decision, decided_on)
        rg_on, cg_on = decisions["rg"][1], decisions["cg"][1]
        if rg_on and cg_on and cg_on < rg_on:
            self.error(
                "cg_decision_on",
                "The Conclusive Grounds decision cannot be before the Reasonable Grounds decision",
            )
        return NrmData(
            route=route or "",
            submitted_on=submitted_on,
            first_responder=self.text("first_responder", max_length=200),
            rg_decision=decisions["rg"][0],
            rg_decision_on=rg_on,
            cg_decision=decisions["cg"][0],
            cg_decision_on=cg_on,
        )


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_table(
    table: list[list[str]], *, today: date | None = None
) -> tuple[list[ParsedRow], list[ImportIssue], list[ImportIssue]]:
    """Validate every row: (valid rows, errors, warnings). Rows are parsed only
    when the headings are usable."""
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    if not table or not any(table[0]):
        return [], [ImportIssue(1, "", "", "The first row must be the column headings")], []
    if len(table[0]) == 1 and ";" in table[0][0]:
        message = "The columns are separated by semicolons: save the file as CSV (comma delimited)"
        return [], [ImportIssue(1, "", "", message)], []
    columns: dict[int, str] = {}
    for index, heading in enumerate(table[0]):
        name = normalise_header(heading)
        if not name:
            continue
        if name not in COLUMN_NAMES:
            warnings.append(ImportIssue(1, heading, "", "Column not recognised: ignored"))
        elif name in columns.values():
            errors.append(ImportIssue(1, heading, "", "This column appears more than once"))
        else:
            columns[index] = name
    for name in REQUIRED_COLUMNS:
        if name not in columns.values():
            errors.append(ImportIssue(1, name, "", f"The file must have a {name} column"))
    data_rows = [(number, row) for number, row in enumerate(table[1:], start=2) if any(row)]
    if len(data_rows) > MAX_ROWS:
        errors.append(
            ImportIssue(None, "", "", f"The file has more than {MAX_ROWS:,} rows: split it")
        )
    elif not data_rows and not errors:
        errors.append(ImportIssue(None, "", "", "The file has no cases under the headings"))
    if errors:
        return [], errors, warnings

    parser = _RowParser(today=today or timezone.localdate())
    parsed_rows: list[ParsedRow] = []
    first_seen: dict[str, int] = {}
    for number, row in data_rows:
        cells = {name: (row[index] if index < len(row) else "") for index, name in columns.items()}
        parsed = parser.parse(number, cells)
        reference = cells.get("reference", "")
        if reference:
            earlier = first_seen.setdefault(reference.upper(), number)
            if earlier != number:
                parser.errors.append(
                    ImportIssue(
                        number,
                        "reference",
                        reference,
                        f"Already on row {earlier}: each case must appear once in the file",
                    )
                )
                parsed = None
        if parsed is not None:
            parsed_rows.append(parsed)
    return parsed_rows, errors + parser.errors, warnings + parser.warnings


# --- Matching with what is stored ----------------------------------------------------------


def _existing_cases(references: list[str], *, lock: bool) -> dict[str, Case]:
    cases = Case.objects.filter(reference__in=references).prefetch_related(
        "exploitation_types",
        "exploitation_subtypes",
        Prefetch(
            "case_people", queryset=CasePerson.objects.select_related("person").order_by("id")
        ),
        Prefetch(
            "case_perpetrators",
            queryset=CasePerpetrator.objects.select_related("perpetrator").order_by("id"),
        ),
        Prefetch("locations", queryset=Location.objects.order_by("id")),
    )
    if lock:
        cases = cases.select_for_update(of=("self",))
    return {case.reference: case for case in cases}


def _first(items):
    items = list(items)
    return items[0] if items else None


def _differences(row: ParsedRow, case: Case) -> tuple[str, ...]:
    changes = [name for name, value in row.case_values().items() if getattr(case, name) != value]
    if {t.pk for t in case.exploitation_types.all()} != row.exploitation_type_ids:
        changes.append("exploitation_types")
    if {s.pk for s in case.exploitation_subtypes.all()} != row.exploitation_subtype_ids:
        changes.append("exploitation_subtypes")
    # A blank survivor, perpetrator or location in the file leaves the case's own alone.
    parts = [
        ("survivor", row.survivor, _first(link.person for link in case.case_people.all())),
        (
            "perpetrator",
            row.perpetrator,
            _first(link.perpetrator for link in case.case_perpetrators.all()),
        ),
        ("location", row.location, _first(case.locations.all())),
    ]
    for name, wanted, stored in parts:
        if wanted is None:
            continue
        if stored is None or any(
            getattr(stored, attr) != value for attr, value in wanted.model_values().items()
        ):
            changes.append(name)
    return tuple(changes)


def _plan(rows: list[ParsedRow], *, lock: bool) -> list[PlannedRow]:
    existing = _existing_cases([row.reference for row in rows], lock=lock)
    plan = []
    for row in rows:
        case = existing.get(row.reference)
        if case is None:
            plan.append(PlannedRow(row, CREATE))
            continue
        changes = _differences(row, case)
        plan.append(PlannedRow(row, UPDATE if changes else UNCHANGED, case, changes))
    return plan


def _digest(content: bytes, plan: list[PlannedRow]) -> str:
    """Names the file and what importing it would do, so a confirmation writes
    exactly what was previewed."""
    digest = hashlib.sha256(content)
    for planned in plan:
        digest.update(
            f"|{planned.row.reference}:{planned.action}:{','.join(planned.changes)}".encode()
        )
    return digest.hexdigest()


def _plan_warnings(plan: list[PlannedRow]) -> list[ImportIssue]:
    return [
        ImportIssue(
            planned.row.row_number,
            "reference",
            planned.row.reference,
            "Matches a case entered in Waymark, not imported: the import will update it",
        )
        for planned in plan
        if planned.action == UPDATE and not planned.case.imported_from
    ]


# --- Writing -------------------------------------------------------------------------------


def actor_name(actor) -> str:
    if actor is None:
        return "the system"
    return actor.get_full_name() or actor.get_username()


def _write_nrm(*, case: Case, row: ParsedRow, actor) -> None:
    """Where NRM episodes will be written from ``row.nrm`` once the models exist.

    The NRM columns are validated today; nothing is stored yet.
    """


def _create_case(planned: PlannedRow, *, file_name: str, actor) -> Case:
    row = planned.row
    case = Case.objects.create(
        reference=row.reference, created_by=actor, imported_from=file_name, **row.case_values()
    )
    TypeLink = Case.exploitation_types.through
    SubtypeLink = Case.exploitation_subtypes.through
    TypeLink.objects.bulk_create(
        TypeLink(case=case, exploitationtype_id=pk) for pk in sorted(row.exploitation_type_ids)
    )
    SubtypeLink.objects.bulk_create(
        SubtypeLink(case=case, exploitationsubtype_id=pk)
        for pk in sorted(row.exploitation_subtype_ids)
    )
    if row.survivor:
        person = Person.objects.create(**row.survivor.model_values())
        CasePerson.objects.create(case=case, person=person, added_by=actor)
    if row.perpetrator:
        perpetrator = Perpetrator.objects.create(**row.perpetrator.model_values())
        CasePerpetrator.objects.create(case=case, perpetrator=perpetrator)
    if row.location:
        Location.objects.create(
            case=case, description=row.location.description, **row.location.model_values()
        )
    timeline_add(
        case=case,
        actor=actor,
        kind=TIMELINE_KIND,
        description=f"Imported from {file_name} by {actor_name(actor)}",
    )
    return case


def _save_fields(instance, values: dict, **extra) -> None:
    for name, value in {**values, **extra}.items():
        setattr(instance, name, value)
    if hasattr(instance, "version"):
        instance.version += 1
    instance.save()


def _update_case(planned: PlannedRow, *, file_name: str, actor) -> Case:
    row, case, changes = planned.row, planned.case, set(planned.changes)
    _save_fields(case, row.case_values(), imported_from=file_name)
    if "exploitation_types" in changes:
        case.exploitation_types.set(row.exploitation_type_ids)
    if "exploitation_subtypes" in changes:
        case.exploitation_subtypes.set(row.exploitation_subtype_ids)
    if "survivor" in changes:
        person = _first(link.person for link in case.case_people.all())
        if person is None:
            person = Person.objects.create(**row.survivor.model_values())
            CasePerson.objects.create(case=case, person=person, added_by=actor)
        else:
            _save_fields(person, row.survivor.model_values())
    if "perpetrator" in changes:
        perpetrator = _first(link.perpetrator for link in case.case_perpetrators.all())
        if perpetrator is None:
            perpetrator = Perpetrator.objects.create(**row.perpetrator.model_values())
            CasePerpetrator.objects.create(case=case, perpetrator=perpetrator)
        else:
            _save_fields(perpetrator, row.perpetrator.model_values())
    if "location" in changes:
        location = _first(case.locations.all())
        if location is None:
            Location.objects.create(
                case=case, description=row.location.description, **row.location.model_values()
            )
        else:
            extra = {"description": row.location.description} if row.location.is_overseas else {}
            _save_fields(location, row.location.model_values(), **extra)
    timeline_add(
        case=case,
        actor=actor,
        kind=TIMELINE_KIND,
        description=f"Updated by import of {file_name} by {actor_name(actor)}: "
        + ", ".join(planned.change_labels),
    )
    return case


def _reserve_references(rows: list[ParsedRow]) -> None:
    """Future MS-<year>-<n> references come after every imported one."""
    highest: dict[int, int] = {}
    for row in rows:
        match = MS_REFERENCE.fullmatch(row.reference)
        if match:
            year, number = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), number)
    for year, number in sorted(highest.items()):
        reserve_reference_number(prefix="MS", year=year, number=number)


def _write(plan: list[PlannedRow], *, file_name: str, actor) -> None:
    _reserve_references([planned.row for planned in plan])
    for planned in plan:
        if planned.action == CREATE:
            case = _create_case(planned, file_name=file_name, actor=actor)
        elif planned.action == UPDATE:
            case = _update_case(planned, file_name=file_name, actor=actor)
        else:
            continue
        _write_nrm(case=case, row=planned.row, actor=actor)


# --- The import ----------------------------------------------------------------------------


def clean_file_name(file_name: str) -> str:
    return PurePath(str(file_name).replace("\\", "/")).name[:300] or "upload"


def import_cases(
    *,
    content: bytes,
    file_name: str,
    actor=None,
    dry_run: bool = False,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check a spreadsheet and, unless ``dry_run``, import it.

    With any error nothing is written and ``result.errors`` lists every one.
    ``expected_digest`` (from a dry run's ``result.digest``) makes the import
    refuse, raising :class:`ImportPlanChanged`, if it would now do anything
    other than what that dry run showed.
    """
    file_name = clean_file_name(file_name)
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        table = read_table(content, file_name)
    except FileProblem as problem:
        result.errors.append(ImportIssue(None, "", "", str(problem)))
        return result
    result.rows, result.errors, result.warnings = parse_table(table)
    if result.errors:
        return result

    if dry_run:
        result.plan = _plan(result.rows, lock=False)
        result.digest = _digest(content, result.plan)
        result.warnings += _plan_warnings(result.plan)
        return result

    try:
        with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None)):
            result.plan = _plan(result.rows, lock=True)
            result.digest = _digest(content, result.plan)
            result.warnings += _plan_warnings(result.plan)
            if expected_digest is not None and expected_digest != result.digest:
                raise ImportPlanChanged(result)
            _write(result.plan, file_name=file_name, actor=actor)
    except IntegrityError:
        # Another import created one of these references at the same moment.
        raise ServiceError(
            "Some of these cases were created by someone else at the same moment, so "
            "nothing has been imported. Check the file again"
        ) from None
    result.written = True
    return result
