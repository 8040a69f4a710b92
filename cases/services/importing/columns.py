"""The import's columns and the shapes of its results.

The column definitions and header normalising, the dataclasses a parsed and
planned row is held in, the :class:`ImportResult` a run returns, and
:class:`ImportPlanChanged`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

import pycountry

from cases.choices import Gender, ReferringAgencyType
from cases.models import (
    Case,
    CaseStatus,
)
from core.choices import YesNoUnknown
from core.errors import ServiceError

MAX_ROWS = 10_000


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
    """The NRM columns, validated; written as an episode by ``referrals.importing``."""

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
    "nrm": "NRM",
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
