"""Scheduling meetings, attendance and cancelling."""

from datetime import datetime

from django.db import transaction

from accounts.models import User
from core.errors import ServiceError
from serac.models import (
    MeetingStatus,
    SeracMeeting,
    SeracMembership,
)
from serac.services.agenda import _open_window
from serac.services.common import _check_runs_serac, meeting_transition

# --- Meetings ----------------------------------------------------------------


def _check_place(place: str, video_link: str) -> None:
    if not place.strip() and not video_link.strip():
        raise ServiceError("Enter the place or the video link for the meeting")


@transaction.atomic
def meeting_create(
    *,
    actor,
    starts_at: datetime,
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
    agencies=(),
) -> SeracMeeting:
    _check_place(place, video_link)
    meeting = SeracMeeting.objects.create(
        starts_at=starts_at,
        place=place.strip(),
        video_link=video_link.strip(),
        chair=chair or actor,
    )
    for agency in agencies:
        SeracMembership.objects.create(meeting=meeting, agency=agency)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: SeracMeeting,
    starts_at: datetime,
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
    agencies=None,
) -> SeracMeeting:
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_place(place, video_link)
    if meeting.is_circulated and starts_at != meeting.starts_at:
        # Member access was opened until a date worked out from the meeting day.
        raise ServiceError(
            "The agenda has been circulated: the meeting date can no longer change. "
            "Cancel this meeting and schedule another"
        )
    meeting.starts_at = starts_at
    meeting.place = place.strip()
    meeting.video_link = video_link.strip()
    if chair is not None:
        meeting.chair = chair
    meeting.save(update_fields=["starts_at", "place", "video_link", "chair", "updated_at"])
    if agencies is not None:
        wanted = {agency.pk: agency for agency in agencies}
        meeting.memberships.exclude(agency_id__in=wanted).delete()
        existing = set(meeting.memberships.values_list("agency_id", flat=True))
        for agency_id, agency in wanted.items():
            if agency_id not in existing:
                SeracMembership.objects.create(meeting=meeting, agency=agency)
                if meeting.is_circulated:
                    for item in meeting.items.select_related("case"):
                        _open_window(actor=actor, meeting=meeting, case=item.case, agency=agency)
    return meeting


@transaction.atomic
def meeting_record_attendance(
    *,
    actor,
    meeting: SeracMeeting,
    representatives: dict[int, str],
    apologies: set[int],
    confidentiality_agreed: bool,
) -> SeracMeeting:
    """Who represents each member agency, who sent apologies, and whether the
    confidentiality statement was agreed. Keys are agency ids."""
    _check_runs_serac(actor)
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    for membership in meeting.memberships.all():
        membership.representative = representatives.get(membership.agency_id, "").strip()
        membership.sent_apologies = membership.agency_id in apologies
        membership.save(update_fields=["representative", "sent_apologies", "updated_at"])
    meeting.confidentiality_agreed = confidentiality_agreed
    meeting.save(update_fields=["confidentiality_agreed", "updated_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting  # cancelling twice changes nothing
    return meeting_transition(actor=actor, meeting=meeting, transition="cancel")
