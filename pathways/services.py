"""Moving cases along pathways. One service performs every transition."""

from datetime import date

import pghistory
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.selectors import user_roles
from cases.models import TimelineKind
from cases.services.common import check_case_changeable, timeline_add
from core.dates import add_working_days, long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from pathways.definitions import get_pathway
from pathways.engine import refusal_reason
from pathways.models import CasePathway, PathwayStep


class CaseMovedOnError(ServiceError):
    """Someone else moved the pathway on since this person looked at it."""


def due_date_for(state, *, entered_on: date) -> date | None:
    """When a step entered on ``entered_on`` should be done, from its deadline."""
    if state.terminal or state.deadline is None:
        return None
    days = state.deadline.resolved_days()
    if state.deadline.working_days:
        return add_working_days(entered_on, days)
    return date.fromordinal(entered_on.toordinal() + days)


def _history(actor):
    """The pathway's change history says who moved it, also outside a web request."""
    return pghistory.context(user=getattr(actor, "pk", None))


def _enter_state(case_pathway: CasePathway, state_key: str) -> None:
    state = case_pathway.pathway.state(state_key)
    now = timezone.now()
    case_pathway.state_key = state_key
    case_pathway.entered_state_at = now
    case_pathway.due_on = due_date_for(state, entered_on=timezone.localdate(now))
    case_pathway.due_reminded_at = None
    case_pathway.overdue_reminded_at = None
    case_pathway.completed_at = now if state.terminal else None


@transaction.atomic
def pathway_start(*, actor, case, pathway_key: str, responsible_agency=None) -> CasePathway:
    """Put a case on a pathway at its first step. Starting it twice does nothing."""
    pathway = get_pathway(pathway_key)
    existing = CasePathway.objects.filter(case=case, pathway_key=pathway_key).first()
    if existing is not None:
        return existing
    case_pathway = CasePathway(
        case=case,
        pathway_key=pathway_key,
        started_by=actor,
        responsible_agency=responsible_agency or case.raised_by_agency,
    )
    _enter_state(case_pathway, pathway.initial)
    with _history(actor):
        case_pathway.save()
    PathwayStep.objects.create(
        case_pathway=case_pathway,
        to_state=pathway.initial,
        actor=actor,
        agency=getattr(actor, "agency", None),
    )
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.PATHWAY_STARTED,
        description=f"Started pathway {pathway.number}, {pathway.name}",
    )
    return case_pathway


@transaction.atomic
def pathway_transition(
    *,
    actor,
    case_pathway: CasePathway,
    transition_key: str,
    note: str = "",
    expected_state: str | None = None,
    by_fact: bool = False,
) -> CasePathway:
    """Perform one transition: lock, check, record, move the deadline, write the timeline.

    ``expected_state`` is the step the person saw; if the pathway has moved on
    since, they are told so instead of acting on a step that is no longer there.
    ``by_fact`` is for services that record a fact (an NRM decision) which
    drives the step; people never pass it.
    """
    locked = CasePathway.objects.select_for_update().select_related("case").get(pk=case_pathway.pk)
    pathway = locked.pathway
    if not by_fact:
        check_case_changeable(actor=actor, case=locked.case)
    if expected_state is not None and locked.state_key != expected_state:
        raise CaseMovedOnError(
            f"Someone else has already moved this pathway on: it is now at "
            f"'{locked.state.label}'. Check the new step before acting."
        )
    agency = getattr(actor, "agency", None)
    transition = pathway.transition(transition_key)
    if by_fact and actor is None:
        # Waymark itself recording a fact: only the step has to fit.
        reason = (
            ""
            if locked.state_key in transition.sources
            else f"The pathway is at '{locked.state.label}', where this does not apply"
        )
    else:
        reason = refusal_reason(
            pathway,
            locked.state_key,
            transition,
            roles=set(user_roles(actor)),
            agency_type=agency.agency_type if agency else None,
            is_first_responder=bool(agency and agency.is_first_responder),
            include_fact_driven=by_fact,
        )
    if reason:
        raise ServiceError(reason)
    if transition.requires_note and not note.strip():
        raise ServiceError("Enter a note explaining this step")
    from_state = locked.state
    _enter_state(locked, transition.target)
    with _history(actor):
        locked.save()
    PathwayStep.objects.create(
        case_pathway=locked,
        transition_key=transition_key,
        from_state=from_state.key,
        to_state=transition.target,
        actor=actor,
        agency=agency,
        note=note,
    )
    for next_key in transition.starts_pathways:
        pathway_start(actor=actor, case=locked.case, pathway_key=next_key)
    timeline_add(
        case=locked.case,
        actor=actor,
        kind=TimelineKind.PATHWAY_STEP,
        description=f"{pathway.name}: {transition.label} (now: {locked.state.label})"
        + (f". Note: {note}" if note.strip() else ""),
    )
    return locked


def _reminder_recipients(case_pathway: CasePathway) -> list[str]:
    """The responsible agency's staff; the Modern Slavery Lead when no agency is set."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if case_pathway.responsible_agency_id:
        users = users.filter(agency_id=case_pathway.responsible_agency_id)
    else:
        users = users.filter(groups__name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD])
    return list(users.values_list("email", flat=True).distinct())


def _reminder_message(case_pathway: CasePathway, *, overdue: bool) -> tuple[str, str]:
    # The case reference, the pathway and the step: never a person's details.
    reference = case_pathway.case.reference
    when = "is overdue" if overdue else "is due today"
    subject = f"Waymark: a step on case {reference} {when}"
    link = site_url(case_pathway.case.get_absolute_url())
    body = (
        f"A step on case {reference} {when}.\n\n"
        f"Pathway: {case_pathway.pathway.name}\n"
        f"Step: {case_pathway.state.label}\n"
        f"Due: {long_date(case_pathway.due_on)}\n\n"
        f"Open the case: {link}#pathway-{case_pathway.pathway_key}\n"
    )
    return subject, body


def pathway_send_reminders(*, today: date | None = None) -> tuple[int, int]:
    """Email once when a step falls due and once when it becomes overdue.

    Each reminder is claimed under a row lock and queued with its stamp, so two
    beat runs never send the same one, and a worker that dies part-way sends
    each email once when the task runs again (core.outbox).
    Returns (due reminders, overdue reminders).
    """
    today = today or timezone.localdate()
    sent = {"due": 0, "overdue": 0}
    kinds = {
        "due": ("due_reminded_at", {"due_on": today}),
        "overdue": ("overdue_reminded_at", {"due_on__lt": today}),
    }
    for kind, (field, due_filter) in kinds.items():
        ids = CasePathway.objects.filter(
            completed_at=None, **due_filter, **{f"{field}__isnull": True}
        ).values_list("pk", flat=True)
        for pk in list(ids):
            with transaction.atomic():
                case_pathway = (
                    CasePathway.objects.select_for_update()
                    .select_related("case")
                    .filter(pk=pk, completed_at=None, **{f"{field}__isnull": True})
                    .first()
                )
                if case_pathway is None:
                    continue
                subject, body = _reminder_message(case_pathway, overdue=kind == "overdue")
                queue_each(
                    key=f"pathways.{kind}:{pk}:{case_pathway.entered_state_at.isoformat()}",
                    subject=subject,
                    body=body,
                    recipients=_reminder_recipients(case_pathway),
                )
                setattr(case_pathway, field, timezone.now())
                case_pathway.save(update_fields=[field, "updated_at"])
                sent[kind] += 1
    # Sent after the stamps are committed, each email marked sent on its own.
    send_queued()
    return sent["due"], sent["overdue"]
