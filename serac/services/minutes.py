"""Minutes drafted from the record, edited and approved by the chair."""

import pghistory
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.errors import ServiceError
from serac.models import (
    MeetingStatus,
    SeracMeeting,
    SeracMinutes,
)
from serac.selectors import actions_open_from, agenda_items, meeting_previous

# --- Minutes -----------------------------------------------------------------


def minutes_draft_text(*, meeting: SeracMeeting) -> str:
    memberships = list(meeting.memberships.select_related("agency"))
    apologies = [
        m.agency.name + (f" ({m.representative})" if m.representative else "")
        for m in memberships
        if m.sent_apologies
    ]
    text = render_to_string(
        "serac/minutes_draft.txt",
        {
            "meeting": meeting,
            "memberships": memberships,
            "apologies": apologies,
            "items": agenda_items(meeting=meeting),
            "reviewed_actions": actions_open_from(meeting=meeting_previous(meeting=meeting)),
        },
    )
    return text.strip() + "\n"


@transaction.atomic
def minutes_draft(*, actor, meeting: SeracMeeting, replace: bool = False) -> SeracMinutes:
    """Draft the minutes from what was recorded. An approved text is never
    replaced; an edited draft only when ``replace`` is asked for. The minutes'
    change history records ``actor`` as who drafted them."""
    minutes = SeracMinutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ServiceError("The minutes are approved and can no longer change")
    if minutes is not None and not replace:
        return minutes
    text = minutes_draft_text(meeting=meeting)
    with pghistory.context(user=getattr(actor, "pk", None)):
        if minutes is None:
            return SeracMinutes.objects.create(meeting=meeting, text=text)
        minutes.text = text
        minutes.drafted_at = timezone.now()
        minutes.save(update_fields=["text", "drafted_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_save(*, actor, meeting: SeracMeeting, text: str, approve: bool = False) -> SeracMinutes:
    minutes = (
        SeracMinutes.objects.select_for_update().select_related("meeting").filter(meeting=meeting)
    ).first()
    if minutes is None:
        raise ServiceError("Draft the minutes first")
    if minutes.is_approved:
        raise ServiceError("The minutes are approved and can no longer change")
    if not text.strip():
        raise ServiceError("Enter the minutes")
    if approve and minutes.meeting.status != MeetingStatus.HELD:
        raise ServiceError("Minutes can be approved once the meeting has been held")
    minutes.text = text.strip() + "\n"
    if approve:
        minutes.approved_by = actor
        minutes.approved_at = timezone.now()
    with pghistory.context(user=getattr(actor, "pk", None)):
        minutes.save()
    return minutes
