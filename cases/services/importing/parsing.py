"""Validating a table's rows into :class:`ParsedRow` objects (see :func:`parse_table`)."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from cases.choices import CaseOutcome, ReferringAgencyType
from cases.models import (
    CaseStatus,
    ExploitationSubtype,
    ExploitationType,
)
from cases.services.importing.columns import (
    COLUMN_NAMES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportIssue,
    LocationData,
    NrmData,
    ParsedRow,
    PerpetratorData,
    SurvivorData,
    _key,
    normalise_header,
)
from cases.services.importing.vocabularies import (
    AGENCY_TYPES,
    BLANK_WORDS,
    DECISIONS,
    GENDER_ACCEPTED,
    GENDERS,
    NATIONALITY_ACCEPTED,
    NOT_NATIONALITIES,
    NRM_ROUTES,
    OUTCOMES,
    YES_NO,
    YES_NO_ACCEPTED,
    country_code,
)

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
