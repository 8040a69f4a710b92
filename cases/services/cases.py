"""Creating, editing, closing and reopening cases; people on cases; notes."""

from datetime import date

import pghistory
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.choices import CaseOutcome
from cases.extensions import start_pathway
from cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CaseStatus,
    DependentChild,
    Person,
    TimelineKind,
)
from cases.services.common import check_case_changeable, next_reference, timeline_add
from core.errors import ServiceError, StaleEditError

CASE_EDITABLE_FIELDS = {"summary", "risk_level", "is_emergency", "child_involved", "adult_at_risk"}
PERSON_EDITABLE_FIELDS = {
    field.name
    for field in Person._meta.get_fields()
    if getattr(field, "editable", False)
    and field.name not in {"id", "version", "created_at", "updated_at"}
    and not field.is_relation
}


def _actor_context(actor):
    """Change-history rows say who made the change, also outside a web request."""
    return pghistory.context(user=getattr(actor, "pk", None))


@transaction.atomic
def case_create(*, actor, date_reported: date, **fields) -> Case:
    """A new case with a fresh MS-<year>-<nnnnn> reference."""
    with _actor_context(actor):
        case = Case.objects.create(
            reference=next_reference(prefix="MS", on=date_reported),
            date_reported=date_reported,
            created_by=actor,
            **fields,
        )
        timeline_add(case=case, actor=actor, kind=TimelineKind.CREATED, description="Case opened")
    # Every new case starts on Initial Identification & Safeguarding.
    start_pathway(actor=actor, case=case, pathway_key="initial_identification")
    return case


def _versioned_update(model, *, pk: int, expected_version: int, changes: dict, who_changed: str):
    """Apply ``changes`` only if nobody saved since ``expected_version`` was read."""
    updated = model.objects.filter(pk=pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEditError(
            f"Someone else changed this {who_changed} after you opened it. Your changes "
            "have not been saved: they are shown below so you can check them against the "
            "latest version and save again."
        )


@transaction.atomic
def case_update(*, actor, case: Case, expected_version: int, **changes) -> Case:
    check_case_changeable(actor=actor, case=case)
    unknown = set(changes) - CASE_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"These case details cannot be changed here: {', '.join(unknown)}")
    with _actor_context(actor):
        _versioned_update(
            Case,
            pk=case.pk,
            expected_version=expected_version,
            changes=changes,
            who_changed="case",
        )
        case.refresh_from_db()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.UPDATED,
            description="Case details changed: "
            + ", ".join(Case._meta.get_field(name).verbose_name for name in sorted(changes)),
        )
    return case


@transaction.atomic
def person_update(*, actor, case: Case, person: Person, expected_version: int, **changes):
    check_case_changeable(actor=actor, case=case)
    unknown = set(changes) - PERSON_EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"These details cannot be changed here: {', '.join(unknown)}")
    with _actor_context(actor):
        _versioned_update(
            Person,
            pk=person.pk,
            expected_version=expected_version,
            changes=changes,
            who_changed="person's record",
        )
        person.refresh_from_db()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.PERSON_UPDATED,
            description=f"Details of {person} changed",
        )
    return person


@transaction.atomic
def dependent_child_add(
    *,
    actor,
    case: Case,
    person: Person,
    age: int | None,
    in_uk: str,
    known_to_childrens_services: str,
) -> DependentChild:
    """Record one of a survivor's dependent children (reports count survivors
    with dependants from these)."""
    check_case_changeable(actor=actor, case=case)
    if age is not None and age >= 18:
        raise ServiceError("A dependent child is under 18: enter an age from 0 to 17")
    with _actor_context(actor):
        child = DependentChild(
            person=person,
            age=age,
            in_uk=in_uk,
            known_to_childrens_services=known_to_childrens_services,
        )
        child.full_clean()
        child.save()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.PERSON_UPDATED,
            description=f"A dependent child of {person} added",
        )
    return child


@transaction.atomic
def dependent_child_remove(*, actor, case: Case, child: DependentChild) -> None:
    check_case_changeable(actor=actor, case=case)
    person = child.person
    with _actor_context(actor):
        child.delete()
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.PERSON_UPDATED,
            description=f"A dependent child of {person} removed",
        )


@transaction.atomic
def case_add_person(*, actor, case: Case, person: Person) -> CasePerson:
    link, created = CasePerson.objects.get_or_create(
        case=case, person=person, defaults={"added_by": actor}
    )
    if created:
        timeline_add(
            case=case, actor=actor, kind=TimelineKind.PERSON_ADDED, description=f"{person} added"
        )
    return link


@transaction.atomic
def case_close(
    *, actor, case: Case, outcomes: list[str], note: str = "", closed_on: date | None = None
) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ServiceError("This case is already closed")
    if not outcomes:
        raise ServiceError("Select at least one outcome")
    invalid = set(outcomes) - set(CaseOutcome.values)
    if invalid:
        raise ServiceError(f"Unknown outcome: {', '.join(sorted(invalid))}")
    with _actor_context(actor):
        case.status = CaseStatus.CLOSED
        case.outcomes = list(outcomes)
        case.closed_on = closed_on or timezone.localdate()
        case.closure_note = note
        case.version += 1
        case.save()
        labels = ", ".join(CaseOutcome(value).label for value in outcomes)
        timeline_add(
            case=case, actor=actor, kind=TimelineKind.CLOSED, description=f"Case closed: {labels}"
        )
    return case


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise ServiceError("This case is already open")
    if not reason.strip():
        raise ServiceError("Enter why the case is being reopened")
    with _actor_context(actor):
        case.status = CaseStatus.OPEN
        case.closed_on = None
        case.version += 1
        case.save()
        timeline_add(
            case=case, actor=actor, kind=TimelineKind.REOPENED, description=f"Reopened: {reason}"
        )
    return case


@transaction.atomic
def note_add(*, actor, case: Case, text: str, corrects: CaseNote | None = None) -> CaseNote:
    check_case_changeable(actor=actor, case=case)
    if not text.strip():
        raise ServiceError("Enter the note")
    if corrects is not None and corrects.case_id != case.pk:
        raise ServiceError("A correction must be to a note on the same case")
    note = CaseNote.objects.create(
        case=case, author=actor, agency=actor.agency, text=text, corrects=corrects
    )
    description = "Note added" if corrects is None else "Correction added to an earlier note"
    timeline_add(case=case, actor=actor, kind=TimelineKind.NOTE, description=description)
    return note
