"""Comparing a person named in a concern with someone already known.

At triage the Lead may judge that a person in a concern is someone Waymark
already knows. The two records are shown side by side, field by field; where
they differ the Lead chooses which to keep. Nothing the concern says is dropped
without that choice, and the concern keeps its own record of the person.
"""

from dataclasses import dataclass

from cases.models import Person
from core.dates import long_date
from core.fields import country_name

CONCERN, EXISTING = "concern", "existing"

# The fields compared, in the order a caseworker reads a person's record.
MERGE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "estimated_age",
    "gender",
    "ethnicity",
    "nationalities",
    "languages",
    "interpreter_needed",
    "safe_contact_method",
    "safe_to_leave_message",
    "immigration_status",
    "no_recourse_to_public_funds",
    "care_and_support_needs",
    "disability_or_health_condition",
    "pregnant",
    "care_experienced",
    "dependants_note",
)
# What keeps the person safe when someone contacts them: a difference here is
# always shown with a warning, and the concern's answer is never dropped unless
# the Lead chooses the existing record's.
SAFETY_FIELDS = frozenset({"safe_contact_method", "safe_to_leave_message"})

LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "estimated_age": "Estimated age",
    "gender": "Gender",
    "ethnicity": "Ethnic group",
    "nationalities": "Nationality",
    "languages": "Languages",
    "interpreter_needed": "Needs an interpreter",
    "safe_contact_method": "Safe way to contact them",
    "safe_to_leave_message": "Safe to leave a message",
    "immigration_status": "Immigration status",
    "no_recourse_to_public_funds": "No recourse to public funds",
    "care_and_support_needs": "Care and support needs",
    "disability_or_health_condition": "Disability or health condition",
    "pregnant": "Pregnant",
    "care_experienced": "Care experienced",
    "dependants_note": "Notes about dependants",
}

_EMPTY = (None, "", [], "unknown", "not_recorded")


def is_empty(value) -> bool:
    return value in _EMPTY


def display(person: Person, field: str) -> str:
    value = getattr(person, field)
    if is_empty(value):
        return "Not recorded" if field not in {"first_name", "last_name"} else "Not given"
    if field == "date_of_birth":
        return long_date(value)
    if field == "nationalities":
        return ", ".join(country_name(code) for code in value)
    if isinstance(value, list):
        return ", ".join(value)
    model_field = Person._meta.get_field(field)
    if model_field.choices:
        return str(getattr(person, f"get_{field}_display")())
    return str(value)


@dataclass(frozen=True)
class FieldComparison:
    field: str
    label: str
    concern_value: str
    existing_value: str
    differs: bool
    # Which side is chosen unless the Lead says otherwise: the side that knows
    # something, where only one does; none where both know different things.
    suggested: str | None
    is_safety: bool


def compare(concern_person: Person, existing: Person) -> list[FieldComparison]:
    rows = []
    for field in MERGE_FIELDS:
        ours, theirs = getattr(concern_person, field), getattr(existing, field)
        differs = ours != theirs and not (is_empty(ours) and is_empty(theirs))
        suggested = None
        if differs and is_empty(ours):
            suggested = EXISTING
        elif differs and is_empty(theirs):
            suggested = CONCERN
        rows.append(
            FieldComparison(
                field=field,
                label=LABELS[field],
                concern_value=display(concern_person, field),
                existing_value=display(existing, field),
                differs=differs,
                suggested=suggested,
                is_safety=field in SAFETY_FIELDS,
            )
        )
    return rows


def differing_fields(concern_person: Person, existing: Person) -> list[str]:
    return [row.field for row in compare(concern_person, existing) if row.differs]


def is_exact_match(a: Person, b: Person) -> bool:
    """The same full name (ignoring case and spacing) and the same date of birth."""
    return bool(
        a.date_of_birth
        and a.date_of_birth == b.date_of_birth
        and " ".join(a.full_name.lower().split()) == " ".join(b.full_name.lower().split())
    )
