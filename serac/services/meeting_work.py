"""Research returns before the meeting, and the meeting itself: discussion, actions, held."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from cases.models import TimelineKind
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from core.states import perform
from serac.models import (
    ActionStatus,
    AgendaItem,
    MeetingStatus,
    ResearchReturn,
    SeracAction,
    SeracMeeting,
)
from serac.services.common import meeting_transition
from serac.services.minutes import minutes_draft
from serac.states import ACTION, MEETING

# --- Research ----------------------------------------------------------------


@transaction.atomic
def research_save(
    *,
    actor,
    item: AgendaItem,
    facts: str,
    opinion: str,
    withheld: str,
    return_it: bool,
) -> ResearchReturn:
    """Save the actor's agency's research on a listed case; ``return_it`` sends
    it to the chair (a returned research can still be corrected before the meeting)."""
    meeting = item.meeting
    if meeting.status in MEETING.terminal:
        raise ServiceError("Research closes when the meeting has been held")
    if return_it and not (facts.strip() or opinion.strip() or withheld.strip()):
        raise ServiceError("Enter what your agency knows, or what it did not share and why")
    research, _ = ResearchReturn.objects.select_for_update().get_or_create(
        item=item, agency=actor.agency, defaults={"written_by": actor}
    )
    research.facts = facts.strip()
    research.opinion = opinion.strip()
    research.withheld = withheld.strip()
    research.written_by = actor
    if return_it and research.returned_at is None:
        research.returned_at = timezone.now()
    research.save()
    return research


# --- Meeting mode ------------------------------------------------------------


@transaction.atomic
def item_record_discussion(
    *, actor, item: AgendaItem, discussion: str, risks: str, decisions: str
) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    first_time = item.discussed_at is None
    item.discussion = discussion.strip()
    item.risks = risks.strip()
    item.decisions = decisions.strip()
    item.discussed_at = item.discussed_at or timezone.now()
    item.save(update_fields=["discussion", "risks", "decisions", "discussed_at", "updated_at"])
    if first_time:
        timeline_add(
            case=item.case,
            actor=actor,
            kind=TimelineKind.SERAC_HEARD,
            description=f"Discussed at the SERAC meeting on {long_date(item.meeting.meeting_date)}",
        )
    return item


@transaction.atomic
def action_add(
    *,
    actor,
    item: AgendaItem,
    description: str,
    owner_agency: Agency,
    owner: User | None = None,
    due_on: date,
) -> SeracAction:
    if not description.strip():
        raise ServiceError("Enter what the action is")
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ServiceError(f"{owner} is not in {owner_agency.name}: choose someone who is")
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    action = SeracAction.objects.create(
        meeting=item.meeting,
        item=item,
        case=item.case,
        description=description.strip(),
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    timeline_add(
        case=item.case,
        actor=actor,
        kind=TimelineKind.SERAC_ACTION,
        description=f"SERAC action for {owner_agency.name}, due {long_date(due_on)}",
    )
    return action


@transaction.atomic
def action_update_status(
    *,
    actor,
    action: SeracAction,
    status: str,
    reason: str = "",
    completed_on: date | None = None,
) -> SeracAction:
    """The one way an action changes status: lock the row, check the move
    against ``ACTION`` (by the owning agency, the chair or the Lead), record
    who updated it, save, and write the case timeline when it is closed."""
    actions = SeracAction.objects.select_related("case", "owner_agency")
    action = actions.select_for_update(of=("self",)).get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ServiceError("Select the status of the action")
    transition = ACTION.transition_to(action.status, status)
    ACTION.check(transition, record=action, actor=actor)
    reason = reason.strip()
    if transition.requires_note and not reason:
        raise ServiceError("Enter why the action is not possible")
    if status == ActionStatus.DONE:
        completed_on = completed_on or timezone.localdate()
        if completed_on > timezone.localdate():
            raise ServiceError("The date the action was done must be today or in the past")
    elif status != ActionStatus.NOT_POSSIBLE:
        completed_on = None
    action = perform(
        ACTION,
        queryset=actions,
        record=action,
        transition=transition.key,
        actor=actor,
        fields={
            "not_possible_reason": reason if status == ActionStatus.NOT_POSSIBLE else "",
            "completed_on": completed_on,
            "updated_by": actor,
        },
    )
    if status != ActionStatus.OPEN:
        timeline_add(
            case=action.case,
            actor=actor,
            kind=TimelineKind.SERAC_ACTION_UPDATED,
            description=f"SERAC action for {action.owner_agency.name}: "
            f"{action.get_status_display().lower()}",
        )
    return action


@transaction.atomic
def meeting_mark_held(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    """The meeting has taken place: member research closes and the minutes are drafted."""
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        return meeting
    MEETING.check("hold", record=meeting, actor=actor)
    if meeting.starts_at > timezone.now():
        raise ServiceError("The meeting has not started yet")
    meeting = meeting_transition(actor=actor, meeting=meeting, transition="hold")
    minutes_draft(actor=actor, meeting=meeting)
    return meeting
