"""Case studies: written by the Modern Slavery Lead from a case, anonymised by
the writer, approved by a second person (another Lead or the SERAC chair).

The states and who may move a study between them are data (``TRANSITIONS``);
:func:`case_study_transition` is the one function that checks, locks and
records a move. Only approved studies reach a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.models import Case, TimelineKind
from cases.permissions import is_lead
from cases.services.common import timeline_add
from core.errors import ServiceError
from reporting import periods
from reporting.models import CaseStudy, CaseStudyStatus
from reporting.selectors import may_approve

DRAFT, SUBMITTED, APPROVED = (
    CaseStudyStatus.DRAFT,
    CaseStudyStatus.SUBMITTED,
    CaseStudyStatus.APPROVED,
)


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str
    # Who may make it: "writer" (the Lead who wrote it) or "approver" (a Lead
    # or the chair who did not write it).
    by: str
    done: str


TRANSITIONS = {
    "submit": Move(DRAFT, SUBMITTED, "Submit for approval", "writer", "submitted for approval"),
    "approve": Move(SUBMITTED, APPROVED, "Approve", "approver", "approved"),
    "return": Move(SUBMITTED, DRAFT, "Return to the writer", "approver", "returned to the writer"),
    # An approved study that needs changing goes back to draft and is approved again.
    "withdraw": Move(APPROVED, DRAFT, "Withdraw to change it", "writer", "withdrawn to draft"),
}


def _may_make(move: Move, study: CaseStudy, user) -> bool:
    if move.by == "writer":
        return is_lead(user)
    return may_approve(user) and user.pk != study.written_by_id


def moves_for(study: CaseStudy, user) -> list[tuple[str, Move]]:
    return [
        (key, move)
        for key, move in TRANSITIONS.items()
        if move.source == study.status and _may_make(move, study, user)
    ]


def _year(text: str) -> str:
    try:
        return periods.financial_year(text).code
    except periods.PeriodError as error:
        raise ServiceError(str(error)) from None


@transaction.atomic
def case_study_save(
    *, actor, case: Case, year: str, title: str, text: str, study: CaseStudy | None = None
) -> CaseStudy:
    """Write or change a draft. Only the Lead writes case studies."""
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead writes case studies")
    if study is not None:
        study = CaseStudy.objects.select_for_update().get(pk=study.pk)
        if study.status != DRAFT:
            raise ServiceError("Withdraw the case study to draft before changing it")
    new = study is None
    study = study or CaseStudy(written_by=actor)
    study.case, study.year, study.title, study.text = case, _year(year), title.strip(), text
    study.full_clean()
    study.save()
    if new:
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.CASE_STUDY,
            description="An anonymised case study for the partnership's reports was drafted",
        )
    return study


@transaction.atomic
def case_study_transition(
    *, actor, study: CaseStudy, move: str, anonymised: bool = False, reason: str = ""
) -> CaseStudy:
    """Move a study on: submit (the writer confirms it is anonymised), approve
    or return (by someone other than the writer), or withdraw to draft."""
    study = CaseStudy.objects.select_for_update().get(pk=study.pk)
    step = TRANSITIONS.get(move)
    if step is None or step.source != study.status:
        raise ServiceError("The case study has moved on: reload the page")
    if not _may_make(step, study, actor):
        if step.by == "approver" and actor.pk == study.written_by_id:
            raise ServiceError("A second person approves a case study, not its writer")
        raise ServiceError("You cannot do that to this case study")
    now = timezone.now()
    if move == "submit":
        if not anonymised:
            raise ServiceError(
                "Confirm you have removed names, places, dates and anything else that "
                "could identify the people in it"
            )
        study.submitted_at, study.return_reason = now, ""
    elif move == "approve":
        study.approved_by, study.approved_at = actor, now
    elif move == "return":
        if not reason.strip():
            raise ServiceError("Enter what needs changing before it can be approved")
        study.return_reason, study.submitted_at = reason.strip(), None
    elif move == "withdraw":
        study.approved_by, study.approved_at, study.submitted_at = None, None, None
    study.status = step.target
    study.save()
    timeline_add(
        case=study.case,
        actor=actor,
        kind=TimelineKind.CASE_STUDY,
        description=f"The case study was {step.done}",
    )
    return study
