"""Moving cases along pathways. One service performs every transition."""

from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.selectors import user_roles
from cases.models import TimelineKind
from cases.permissions import is_lead
from cases.services.common import check_case_changeable, timeline_add
from core.dates import add_working_days, long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from pathways.definitions import PATHWAYS, get_pathway
from pathways.engine import refusal_reason
from pathways.models import CasePathway, PathwayStep, Timescale, TimescaleChange
from pathways.selectors import effective_deadline


class CaseMovedOnError(ServiceError):
    """Someone else moved the pathway on since this person looked at it."""


def due_date_for(
    state, *, entered_on: date, pathway_key: str, timed_from: date | None = None
) -> date | None:
    """When a step entered on ``entered_on`` should be done, from its deadline as
    it applies now (the Lead's timescale, else the deployment's default).

    A deadline counted back from the 18th birthday uses ``timed_from``; without
    it (date of birth not known) the step has no due date.
    """
    deadline = effective_deadline(pathway_key=pathway_key, state_key=state.key)
    if deadline is None or deadline.deadline_days is None:
        return None
    days = deadline.deadline_days
    if state.deadline.before:
        return timed_from - timedelta(days=days) if timed_from else None
    if deadline.working_days:
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
    # A step that mirrors an NRM fact is timed by the episode (pathway_follow_episode_clock).
    case_pathway.due_on = (
        None
        if state.episode_clock
        else due_date_for(
            state,
            entered_on=timezone.localdate(now),
            pathway_key=case_pathway.pathway_key,
            timed_from=case_pathway.timed_from,
        )
    )
    case_pathway.due_reminded_at = None
    case_pathway.overdue_reminded_at = None
    case_pathway.completed_at = now if state.terminal else None


TRANSITION_TO_ADULTHOOD = "transition_to_adulthood"


def _adult_education_refusal(case) -> str:
    """4.4: Adult Education's ESOL and Learning for Life are for people born before
    WAYMARK_SKILLS_BORN_BEFORE (3 years' legal residence is confirmed in the note)."""
    from cases.models import Person

    born_before = date.fromisoformat(settings.WAYMARK_SKILLS_BORN_BEFORE)
    if Person.objects.filter(cases=case, date_of_birth__gte=born_before).exists():
        return (
            "Adult Education's ESOL and Learning for Life offers are for people born before "
            f"{long_date(born_before)}, and a person on this case was born on or after it. "
            "Refer them to the Job Shop instead"
        )
    return ""


#: Checks on the case that a step's definition cannot make: (pathway, transition) -> check.
GUARDS = {("skills_employment", "refer"): _adult_education_refusal}


def _eighteenth_birthday(case):
    """The 18th birthday of the case's young person: the youngest person on the case
    with a known date of birth. None if nobody's date of birth is known."""
    from cases.models import Person

    person = (
        Person.objects.filter(cases=case, date_of_birth__isnull=False)
        .order_by("-date_of_birth")
        .first()
    )
    return person.eighteenth_birthday() if person else None


@transaction.atomic
def pathway_start(
    *,
    actor,
    case,
    pathway_key: str,
    responsible_agency=None,
    date_of_birth_unknown: bool = False,
) -> CasePathway:
    """Put a case on a pathway at its first step. Starting it twice does nothing.

    4.8 Transition to Adulthood is timed from the young person's 18th birthday,
    so it needs a person on the case with a date of birth, or the person
    starting it to say that it is not known (``date_of_birth_unknown``).
    """
    pathway = get_pathway(pathway_key)
    existing = CasePathway.objects.filter(case=case, pathway_key=pathway_key).first()
    if existing is not None:
        return existing
    timed_from = None
    if pathway_key == TRANSITION_TO_ADULTHOOD:
        timed_from = _eighteenth_birthday(case)
        if timed_from is None and not date_of_birth_unknown:
            raise ServiceError(
                f"{pathway.display} is timed from the young person's 18th birthday: record "
                "their date of birth on the case, or say that it is not known"
            )
    case_pathway = CasePathway(
        case=case,
        pathway_key=pathway_key,
        started_by=actor,
        responsible_agency=responsible_agency or case.raised_by_agency,
        timed_from=timed_from,
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
        description=f"Started pathway {pathway.display}"
        + (
            f", timed from the young person's 18th birthday ({long_date(timed_from)})"
            if timed_from
            else ""
        )
        + (
            "; the young person's date of birth is not known, so its steps have no due dates"
            if pathway_key == TRANSITION_TO_ADULTHOOD and timed_from is None
            else ""
        ),
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
            team=agency.service_area if agency else None,
        )
    if reason:
        raise ServiceError(reason)
    if transition.requires_note and not note.strip():
        raise ServiceError("Enter a note explaining this step")
    guard = GUARDS.get((pathway.key, transition_key))
    if guard is not None and not by_fact:
        reason = guard(locked.case)
        if reason:
            raise ServiceError(reason)
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
        description=f"{pathway.display}: {transition.label} (now: {locked.state.label})"
        + (f". Note: {note}" if note.strip() else ""),
    )
    return locked


def pathway_follow_episode_clock(*, case_pathway: CasePathway, due_on: date | None) -> None:
    """Give a step that mirrors an NRM fact the episode's date for that fact.

    One clock per fact: the episode counts from the fact's own date (a submission
    recorded late is still expected 5 working days after it was made), so the
    pathway shows that date, and the episode sends the one reminder for it.
    A deadline the Lead turned off stays off.
    """
    state = case_pathway.state
    if not state.episode_clock or case_pathway.completed_at:
        return
    deadline = effective_deadline(pathway_key=case_pathway.pathway_key, state_key=state.key)
    if deadline is None or not deadline.enabled:
        due_on = None
    if case_pathway.due_on != due_on:
        case_pathway.due_on = due_on
        case_pathway.save(update_fields=["due_on", "updated_at"])


def episode_clocked_steps() -> Q:
    """Open steps timed by an NRM episode: their reminders are the episode's."""
    q = Q(pk__in=[])
    for pathway in PATHWAYS.values():
        for state in pathway.states:
            if state.episode_clock:
                q |= Q(pathway_key=pathway.key, state_key=state.key)
    return q


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
        f"Pathway: {case_pathway.pathway.display}\n"
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
        ids = (
            CasePathway.objects.filter(
                completed_at=None, **due_filter, **{f"{field}__isnull": True}
            )
            .exclude(episode_clocked_steps())
            .values_list("pk", flat=True)
        )
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


# --- Timescales: the Lead sets local-practice deadlines and turns any off ----------------

MAX_TIMESCALE_DAYS = 3650


@transaction.atomic
def timescale_change(
    *, actor, pathway_key: str, state_key: str, days: int | None, enabled: bool, reason: str
) -> Timescale:
    """Change one step's deadline for steps entered from now on, and record the change.

    Only the Modern Slavery Lead may. ``days`` may change only where the deadline
    is the partnership's local practice (a statutory or protocol timescale keeps
    its number, though the Lead may turn it off). Open steps keep their due date.
    """
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead can change timescales")
    try:
        pathway = get_pathway(pathway_key)
        state = pathway.state(state_key)
    except KeyError:
        raise ServiceError("This step is not part of the protocol's pathways") from None
    if state.terminal or state.deadline is None:
        raise ServiceError("This step has no deadline to change")
    if not reason.strip():
        raise ServiceError("Enter the reason for the change")
    before = effective_deadline(pathway_key=pathway_key, state_key=state_key)
    if days is None or not enabled:
        days = before.days
    if days != before.days and not state.deadline.is_local_practice:
        raise ServiceError(
            f"This deadline comes from {state.deadline.source}, so its number of days "
            "cannot be changed here; it can only be turned off"
        )
    if not 0 <= days <= MAX_TIMESCALE_DAYS:
        raise ServiceError(f"Enter a number of days from 0 to {MAX_TIMESCALE_DAYS}")
    if days == before.days and enabled == before.enabled:
        raise ServiceError("Nothing was changed: change the days or whether the deadline applies")
    setting, _ = Timescale.objects.select_for_update().get_or_create(
        pathway_key=pathway_key, state_key=state_key
    )
    setting.days = days if days != before.default_days else None
    setting.enabled = enabled
    setting.updated_by = actor
    setting.save()
    TimescaleChange.objects.create(
        pathway_key=pathway_key,
        state_key=state_key,
        actor=actor,
        before_days=before.days,
        before_enabled=before.enabled,
        after_days=days,
        after_enabled=enabled,
        reason=reason.strip(),
    )
    return setting
