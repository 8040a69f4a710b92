"""Matching parsed rows with stored cases, planning, and writing the plan.

NRM columns become the case's imported NRM episode (``referrals.importing``):
:func:`_write_nrm` writes it for every created or updated case, and a change
to the NRM columns alone makes a row an update (shown as "NRM").
"""

from __future__ import annotations

import hashlib

from django.db.models import Prefetch

from cases.extensions import (
    nrm_import_build,
    nrm_import_differs,
    nrm_import_save,
    nrm_import_write,
)
from cases.models import (
    Case,
    CasePerpetrator,
    CasePerson,
    Location,
    Perpetrator,
    Person,
    TimelineEvent,
    TimelineKind,
)
from cases.services.common import reserve_reference_number, timeline_add
from cases.services.importing.columns import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportIssue,
    ParsedRow,
    PlannedRow,
)
from cases.services.importing.parsing import MS_REFERENCE

TIMELINE_KIND = TimelineKind.IMPORTED
# Rows per INSERT when the import writes new cases in bulk.
BULK_BATCH = 2000


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
    if nrm_import_differs(case=case, nrm=row.nrm):
        changes.append("nrm")
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


def _write_nrm(*, case: Case, row: ParsedRow, actor, file_name: str = "") -> None:
    """Write ``row.nrm`` as the case's imported NRM episode (idempotent: the same
    columns again change nothing). Runs inside the import's transaction."""
    nrm_import_write(case=case, nrm=row.nrm, actor=actor, file_name=file_name or case.imported_from)


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


def _create_cases(plan: list[PlannedRow], *, file_name: str, actor) -> None:
    """Every new case of the import with its links, people, perpetrators,
    places, timeline line and imported NRM episode: one INSERT per table (in
    batches), in the import's transaction, where writing them one by one cost
    about ten statements a row."""
    if not plan:
        return
    rows = [planned.row for planned in plan]
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=row.reference,
                created_by=actor,
                imported_from=file_name,
                **row.case_values(),
            )
            for row in rows
        ],
        batch_size=BULK_BATCH,
    )
    TypeLink = Case.exploitation_types.through
    SubtypeLink = Case.exploitation_subtypes.through
    TypeLink.objects.bulk_create(
        [
            TypeLink(case=case, exploitationtype_id=pk)
            for case, row in zip(cases, rows, strict=True)
            for pk in sorted(row.exploitation_type_ids)
        ],
        batch_size=BULK_BATCH,
    )
    SubtypeLink.objects.bulk_create(
        [
            SubtypeLink(case=case, exploitationsubtype_id=pk)
            for case, row in zip(cases, rows, strict=True)
            for pk in sorted(row.exploitation_subtype_ids)
        ],
        batch_size=BULK_BATCH,
    )
    survivors = {
        case.pk: Person(**row.survivor.model_values())
        for case, row in zip(cases, rows, strict=True)
        if row.survivor
    }
    # The NRM episode needs a person: a case with none gets an unnamed one,
    # as writing a single row does (referrals.importing.nrm_import_write).
    built = nrm_import_build(
        cases_and_nrm=[
            (case, row.nrm, survivors.get(case.pk)) for case, row in zip(cases, rows, strict=True)
        ],
        actor=actor,
        file_name=file_name,
    )
    for case, _episode in built:
        if case.pk not in survivors:
            survivors[case.pk] = Person()
    Person.objects.bulk_create(list(survivors.values()), batch_size=BULK_BATCH)
    for case, episode in built:
        episode.person = survivors[case.pk]
    CasePerson.objects.bulk_create(
        [
            CasePerson(case_id=case_pk, person=person, added_by=actor)
            for case_pk, person in survivors.items()
        ],
        batch_size=BULK_BATCH,
    )
    perpetrators = [
        (case, Perpetrator(**row.perpetrator.model_values()))
        for case, row in zip(cases, rows, strict=True)
        if row.perpetrator
    ]
    Perpetrator.objects.bulk_create([p for _, p in perpetrators], batch_size=BULK_BATCH)
    CasePerpetrator.objects.bulk_create(
        [CasePerpetrator(case=case, perpetrator=p) for case, p in perpetrators],
        batch_size=BULK_BATCH,
    )
    Location.objects.bulk_create(
        [
            Location(case=case, description=row.location.description, **row.location.model_values())
            for case, row in zip(cases, rows, strict=True)
            if row.location
        ],
        batch_size=BULK_BATCH,
    )
    description = f"Imported from {file_name} by {actor_name(actor)}"
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                case=case,
                actor=actor,
                agency_id=getattr(actor, "agency_id", None),
                kind=TIMELINE_KIND,
                description=description,
            )
            for case in cases
        ],
        batch_size=BULK_BATCH,
    )
    nrm_import_save(episodes=[episode for _, episode in built])


def _write(plan: list[PlannedRow], *, file_name: str, actor) -> None:
    _reserve_references([planned.row for planned in plan])
    _create_cases(
        [planned for planned in plan if planned.action == CREATE],
        file_name=file_name,
        actor=actor,
    )
    for planned in plan:
        if planned.action == UPDATE:
            case = _update_case(planned, file_name=file_name, actor=actor)
            _write_nrm(case=case, row=planned.row, actor=actor, file_name=file_name)
