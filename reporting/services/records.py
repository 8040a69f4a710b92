"""Writes to the partnership's own records that reports count: ambassadors and
their activity (and their CSV import), awareness events, e-learning
completions, training feedback answers and Transition Panel discussions.

All are kept by the Modern Slavery Lead. Each write is atomic and validated
whole; an import is all or nothing, like the training import.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models.functions import Lower

from accounts.models import Agency
from cases.models import Case, TimelineKind
from cases.services.common import timeline_add
from core.errors import ServiceError
from reporting.models import (
    Ambassador,
    AmbassadorActivity,
    AwarenessEvent,
    ElearningCompletion,
    TrainingFeedbackAnswer,
    TrainingSession,
    TransitionPanelDiscussion,
)
from reporting.services.common import (
    ImportProblem,
    RecordsImportError,
    _parse_date,
    _require_lead,
    read_csv,
)


def _save(instance, values: dict, allowed: set[str], what: str):
    unknown = set(values) - allowed
    if unknown:
        raise ServiceError(f"Unknown {what} fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


# --- Ambassadors ---------------------------------------------------------------------------------

AMBASSADOR_FIELDS = {"name", "agency", "user", "trained_on", "refreshed_on", "left_on"}


def _check_ambassador_dates(values: dict) -> None:
    trained, refreshed, left = (values.get(k) for k in ("trained_on", "refreshed_on", "left_on"))
    if trained and refreshed and refreshed < trained:
        raise ServiceError("The last refresher must be on or after the date trained")
    if trained and left and left < trained:
        raise ServiceError("The date they stopped must be on or after the date trained")


@transaction.atomic
def ambassador_save(*, actor, ambassador: Ambassador | None = None, **values) -> Ambassador:
    _require_lead(actor)
    current = (
        {k: getattr(ambassador, k) for k in ("trained_on", "refreshed_on", "left_on")}
        if ambassador
        else {}
    )
    _check_ambassador_dates({**current, **values})
    ambassador = ambassador or Ambassador(created_by=actor)
    return _save(ambassador, values, AMBASSADOR_FIELDS, "ambassador")


ACTIVITY_FIELDS = {
    "done_on",
    "kind",
    "description",
    "sessions",
    "people_reached",
    "average_rating",
}


@transaction.atomic
def ambassador_activity_add(*, actor, ambassador: Ambassador, **values) -> AmbassadorActivity:
    _require_lead(actor)
    if values.get("done_on") and values["done_on"] < ambassador.trained_on:
        raise ServiceError("The activity must be on or after the date the ambassador trained")
    activity = AmbassadorActivity(ambassador=ambassador, created_by=actor)
    return _save(activity, values, ACTIVITY_FIELDS, "ambassador activity")


AMBASSADOR_HEADERS = {
    "name": "name",
    "person": "name",
    "ambassador": "name",
    "agency": "agency",
    "organisation": "agency",
    "date_trained": "trained_on",
    "trained": "trained_on",
    "trained_on": "trained_on",
    "last_refresher": "refreshed_on",
    "refresher": "refreshed_on",
    "refreshed_on": "refreshed_on",
    "date_of_last_refresher": "refreshed_on",
    "left": "left_on",
    "left_on": "left_on",
    "date_left": "left_on",
}
AMBASSADOR_REQUIRED = ["name", "agency", "trained_on"]


def _optional_date(row: dict, column: str, label: str, problem) -> date | None:
    text = row.get(column, "")
    if not text:
        return None
    try:
        return _parse_date(text)
    except ValueError as error:
        problem(label, f"{error}, not {text!r}")
        return None


def ambassadors_import(*, actor, content: bytes) -> tuple[int, int]:
    """Import the register from CSV (name, agency, date trained, last refresher,
    optionally date left). Every row is checked first; with any problem nothing
    is written. An ambassador already on the register (same name and agency)
    is updated. Returns (added, updated)."""
    _require_lead(actor)
    rows = read_csv(content, AMBASSADOR_HEADERS, AMBASSADOR_REQUIRED, RecordsImportError)
    agencies = {name.lower(): agency for agency in Agency.objects.all() for name in [agency.name]}
    problems: list[ImportProblem] = []
    parsed: dict[tuple[str, int], dict] = {}
    for number, row in rows:
        before = len(problems)

        def problem(column, message, number=number):
            problems.append(ImportProblem(number, column, message))

        name = row.get("name", "")[:200]
        if not name:
            problem("name", "Enter the ambassador's name")
        agency = agencies.get(row.get("agency", "").lower())
        if agency is None:
            problem(
                "agency",
                f"Enter an agency exactly as Waymark names it, not {row.get('agency', '')!r}",
            )
        trained = _optional_date(row, "trained_on", "date trained", problem)
        if trained is None and not row.get("trained_on"):
            problem("date trained", "Enter the date they trained as an ambassador")
        refreshed = _optional_date(row, "refreshed_on", "last refresher", problem)
        left = _optional_date(row, "left_on", "date left", problem)
        values = {"trained_on": trained, "refreshed_on": refreshed, "left_on": left}
        if len(problems) == before:
            try:
                _check_ambassador_dates(values)
            except ServiceError as error:
                problem("dates", str(error))
        if len(problems) == before:
            key = (name.lower(), agency.pk)
            if key in parsed:
                problem("name", f"{name} at {agency} is on the file twice")
            parsed[key] = {"name": name, "agency": agency, **values}
    if problems:
        raise RecordsImportError(problems)
    if not parsed:
        raise RecordsImportError([ImportProblem(2, "file", "The file has no ambassadors in it")])
    added = updated = 0
    with transaction.atomic():
        existing = {
            (row.lname, row.agency_id): row
            for row in Ambassador.objects.select_for_update().annotate(lname=Lower("name"))
        }
        for key, values in parsed.items():
            ambassador = existing.get(key)
            if ambassador is None:
                ambassador = Ambassador(created_by=actor)
                added += 1
            else:
                updated += 1
            for name, value in values.items():
                setattr(ambassador, name, value)
            ambassador.save()
    return added, updated


# --- Events, e-learning, training feedback ------------------------------------------------------

EVENT_FIELDS = {"name", "held_on", "kind", "audience", "attendees", "partners"}


@transaction.atomic
def event_save(*, actor, event: AwarenessEvent | None = None, **values) -> AwarenessEvent:
    _require_lead(actor)
    return _save(event or AwarenessEvent(created_by=actor), values, EVENT_FIELDS, "event")


@transaction.atomic
def elearning_record(
    *, actor, agency: Agency, course: str, month: date, completions: int
) -> ElearningCompletion:
    """Record (or correct) an agency's completions of a course in a month."""
    _require_lead(actor)
    record, _ = ElearningCompletion.objects.select_for_update().get_or_create(
        agency=agency,
        course=course.strip(),
        month=month.replace(day=1),
        defaults={"completions": completions, "created_by": actor},
    )
    record.completions = completions
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def training_feedback_answer_add(
    *, actor, session: TrainingSession, question: str, answer: str, responses: int
) -> TrainingFeedbackAnswer:
    """Add how many people gave an answer to a question (or correct it)."""
    _require_lead(actor)
    question, answer = question.strip(), answer.strip()
    if not question or not answer:
        raise ServiceError("Enter the question and the answer")
    others = (
        TrainingFeedbackAnswer.objects.filter(session=session, question__iexact=question)
        .exclude(answer__iexact=answer)
        .values_list("responses", flat=True)
    )
    if sum(others) + responses > session.attendees:
        raise ServiceError(
            f"The answers to this question would add up to more than the "
            f"{session.attendees} attendees"
        )
    record = TrainingFeedbackAnswer.objects.filter(
        session=session, question__iexact=question, answer__iexact=answer
    ).first() or TrainingFeedbackAnswer(session=session, question=question, answer=answer)
    record.responses = responses
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def training_feedback_answer_remove(*, actor, answer: TrainingFeedbackAnswer) -> None:
    _require_lead(actor)
    answer.delete()


# --- Transition Panel -----------------------------------------------------------------------------

PANEL_FIELDS = {"discussed_on", "case", "reference", "agency"}


@transaction.atomic
def transition_panel_record(
    *, actor, discussion: TransitionPanelDiscussion | None = None, **values
) -> TransitionPanelDiscussion:
    """Record a young person discussed at the Transition Panel. With a case,
    the case's timeline says so (its Transition to Adulthood pathway is then
    linked in the list and counted in reports)."""
    _require_lead(actor)
    case: Case | None = values.get("case")
    if case is None and not (values.get("reference") or "").strip():
        raise ServiceError("Enter the case reference or the presenting agency's reference")
    new = discussion is None
    discussion = _save(
        discussion or TransitionPanelDiscussion(created_by=actor),
        values,
        PANEL_FIELDS,
        "Transition Panel",
    )
    if case is not None and new:
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.TRANSITION_PANEL,
            description=(
                f"Discussed at the Transition Panel on {discussion.discussed_on:%d/%m/%Y}"
            ),
        )
    return discussion
